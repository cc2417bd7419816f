package io.dorastream.aggregator.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import io.dorastream.api.benchmark.Benchmark;
import io.dorastream.api.benchmark.Benchmarks;

/**
 * The named benchmark tables. The built-in ones are those of {@link Benchmarks#builtIn()} (the one
 * list of benchmarks, in the contract module), each table read from {@link Benchmark#tableResource()}
 * ({@link BenchmarkTable} describes the schema); a benchmark without levels has an empty table
 * ({@link BenchmarkTable#withoutLevels}), so its figures' levels are null. More tables (or replacements) can be added with
 * {@link #with(BenchmarkTable)}.
 */
public final class BenchmarkTables {

    private static volatile BenchmarkTables builtIn;

    private final Map<String, BenchmarkTable> tables;
    private final String defaultName;

    private BenchmarkTables(Map<String, BenchmarkTable> tables, String defaultName) {
        if (!tables.containsKey(defaultName)) {
            throw new IllegalArgumentException("default benchmark table '" + defaultName + "' is not among " + tables.keySet());
        }
        this.tables = Collections.unmodifiableMap(new TreeMap<>(tables));
        this.defaultName = defaultName;
    }

    /** The tables shipped in {@code benchmarks/} (read once). */
    public static BenchmarkTables builtIn() {
        BenchmarkTables b = builtIn;
        if (b == null) {
            synchronized (BenchmarkTables.class) {
                b = builtIn;
                if (b == null) {
                    b = loadClasspath();
                    builtIn = b;
                }
            }
        }
        return b;
    }

    /** Tables from the given ones, with a default among them. */
    public static BenchmarkTables of(Collection<BenchmarkTable> tables, String defaultName) {
        Map<String, BenchmarkTable> byName = new TreeMap<>();
        for (BenchmarkTable t : tables) {
            if (byName.put(t.name(), t) != null) {
                throw new IllegalArgumentException("two benchmark tables named '" + t.name() + "'");
            }
        }
        return new BenchmarkTables(byName, defaultName);
    }

    /** These tables plus the given one (replacing a table of the same name). */
    public BenchmarkTables with(BenchmarkTable table) {
        Map<String, BenchmarkTable> copy = new TreeMap<>(tables);
        copy.put(table.name(), table);
        return new BenchmarkTables(copy, defaultName);
    }

    /**
     * The table of that name; the default one when {@code name} is null.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public BenchmarkTable get(String name) {
        BenchmarkTable t = tables.get(name == null ? defaultName : name);
        if (t == null) {
            throw new IllegalArgumentException("unknown benchmark table '" + name + "'; known: " + String.join(", ", names()));
        }
        return t;
    }

    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(tables.keySet()));
    }

    public String defaultName() {
        return defaultName;
    }

    private static BenchmarkTables loadClasspath() {
        Benchmarks benchmarks = Benchmarks.builtIn();
        Map<String, BenchmarkTable> tables = new TreeMap<>();
        for (Benchmark benchmark : benchmarks.all()) {
            if (!benchmark.levels()) {
                tables.put(benchmark.name(), BenchmarkTable.withoutLevels(benchmark.name()));
                continue;
            }
            String path = benchmark.tableResource();
            try (InputStream in = open(path)) {
                BenchmarkTable t = BenchmarkTable.parse(in);
                if (!t.name().equals(benchmark.name())) {
                    throw new IllegalStateException(path + " names itself '" + t.name() + "'");
                }
                tables.put(benchmark.name(), t);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
            }
        }
        return new BenchmarkTables(tables, benchmarks.defaultBenchmark().name());
    }

    private static InputStream open(String path) throws IOException {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        InputStream in = cl == null ? null : cl.getResourceAsStream(path);
        if (in == null) {
            in = BenchmarkTables.class.getClassLoader().getResourceAsStream(path);
        }
        if (in == null) {
            throw new IOException("resource " + path + " not found");
        }
        return in;
    }
}
