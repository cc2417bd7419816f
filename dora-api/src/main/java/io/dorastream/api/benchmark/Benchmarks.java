package io.dorastream.api.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The benchmarks, in one place: {@code benchmarks/index.json} on the classpath (this module's
 * resources) lists them in the order they are offered, and names the default; each benchmark's
 * table is {@code benchmarks/<name>.json}. The aggregator levels figures by the tables, the gateway
 * validates the {@code benchmark} parameter and documents its values from this list.
 */
public final class Benchmarks {

    /** The OpenAPI description of a {@code benchmark} parameter or field. */
    public static final String DESCRIPTION = "the benchmark the levels are judged by";

    static final String DIRECTORY = "benchmarks/";
    private static final String INDEX = DIRECTORY + "index.json";

    /** The JSON shape of the index. */
    record Index(@JsonProperty("default") String defaultBenchmark, List<Benchmark> benchmarks) {
    }

    private static final Benchmarks BUILT_IN = load();

    private final Map<String, Benchmark> byName;
    private final Benchmark defaultBenchmark;

    private Benchmarks(List<Benchmark> benchmarks, String defaultName) {
        Map<String, Benchmark> map = new LinkedHashMap<>();
        for (Benchmark b : benchmarks) {
            if (map.put(b.name(), b) != null) {
                throw new IllegalStateException(INDEX + " lists benchmark '" + b.name() + "' twice");
            }
        }
        if (!map.containsKey(defaultName)) {
            throw new IllegalStateException(INDEX + ": the default benchmark '" + defaultName + "' is not among " + map.keySet());
        }
        this.byName = map;
        this.defaultBenchmark = map.get(defaultName);
    }

    /** The benchmarks this build ships. */
    public static Benchmarks builtIn() {
        return BUILT_IN;
    }

    /** Every benchmark, in the order they are offered (the default first in the index). */
    public List<Benchmark> all() {
        return List.copyOf(byName.values());
    }

    /** The names of {@link #all()}, in order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The benchmark used when a query names none. */
    public Benchmark defaultBenchmark() {
        return defaultBenchmark;
    }

    public Optional<Benchmark> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    private static Benchmarks load() {
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        try (InputStream in = Benchmarks.class.getClassLoader().getResourceAsStream(INDEX)) {
            if (in == null) {
                throw new IllegalStateException("resource " + INDEX + " not found");
            }
            Index index = json.readValue(in, Index.class);
            if (index.defaultBenchmark() == null || index.benchmarks() == null || index.benchmarks().isEmpty()) {
                throw new IllegalStateException(INDEX + " needs \"default\" and a non-empty \"benchmarks\"");
            }
            return new Benchmarks(index.benchmarks(), index.defaultBenchmark());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + INDEX + ": " + e.getMessage(), e);
        }
    }
}
