package io.dorastream.api.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The benchmarks, in one place: {@code benchmarks/index.json} on the classpath (this module's
 * resources) lists them in the order they are offered, and names the default. A benchmark with
 * levels has its table at {@code benchmarks/<name>.json}; one with scores names, per family
 * ({@code industry}, {@code orgSize}), the file of its comparison groups (DORA's Quick Check data,
 * verbatim) and which measures that file stores reversed. The aggregator levels and scores figures
 * by them, the gateway validates the {@code benchmark}, {@code industry} and {@code orgSize}
 * parameters and documents their values from this list, and serves the list itself.
 */
public final class Benchmarks {

    /** The OpenAPI description of a {@code benchmark} parameter or field. */
    public static final String DESCRIPTION = "the benchmark the figures are judged by (levels or scores)";

    /** The family of comparison groups by industry, also the name of its query parameter. */
    public static final String INDUSTRY = "industry";
    /** The family of comparison groups by organisation size, also the name of its query parameter. */
    public static final String ORG_SIZE = "orgSize";
    /** The families, in the order of precedence (the default group is the first's {@link #ALL}). */
    public static final List<String> FAMILIES = List.of(INDUSTRY, ORG_SIZE);
    /** The group of every respondent, in every family. */
    public static final String ALL = "all";

    static final String DIRECTORY = "benchmarks/";
    private static final String INDEX = DIRECTORY + "index.json";
    private static final double SCALE = 10.0;

    /** The JSON shape of the index. */
    record Index(@JsonProperty("default") String defaultBenchmark, List<Entry> benchmarks) {
    }

    /** One benchmark of the index. */
    record Entry(String name, String edition, boolean levels, String source, Map<String, FamilyFile> groups) {
    }

    /** The file of a family's groups, and the measures it stores reversed (10 − value) against the convention. */
    record FamilyFile(String file, Set<String> storedReversed) {
    }

    private static final Benchmarks BUILT_IN = load();

    private final Map<String, Benchmark> byName;
    private final Benchmark defaultBenchmark;
    /** benchmark → family → key → group. */
    private final Map<String, Map<String, Map<String, ComparisonGroup>>> groups;

    private Benchmarks(List<Benchmark> benchmarks, String defaultName,
            Map<String, Map<String, Map<String, ComparisonGroup>>> groups) {
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
        this.groups = groups;
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

    /** The list as {@code GET /api/v1/metrics/benchmarks} answers it. */
    public BenchmarkList list() {
        return new BenchmarkList(defaultBenchmark.name(), all());
    }

    public Optional<Benchmark> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    /** The comparison group {@code family=key} of a benchmark with scores; empty when it has no such group. */
    public Optional<ComparisonGroup> group(String benchmark, String family, String key) {
        return Optional.ofNullable(groups.getOrDefault(benchmark, Map.of()).getOrDefault(family, Map.of()).get(key));
    }

    /** The group of a benchmark with scores when a query names none: {@code industry=all}; empty without scores. */
    public Optional<ComparisonGroup> defaultGroup(String benchmark) {
        return group(benchmark, FAMILIES.get(0), ALL);
    }

    /** The keys of a family's groups over every benchmark with scores, in order (the OpenAPI values of its parameter). */
    public List<String> groupKeys(String family) {
        List<String> keys = new ArrayList<>();
        for (Benchmark b : byName.values()) {
            for (String k : b.groups().getOrDefault(family, List.of())) {
                if (!keys.contains(k)) {
                    keys.add(k);
                }
            }
        }
        return keys;
    }

    private static Benchmarks load() {
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        Index index = json.convertValue(read(json, INDEX), Index.class);
        if (index.defaultBenchmark() == null || index.benchmarks() == null || index.benchmarks().isEmpty()) {
            throw new IllegalStateException(INDEX + " needs \"default\" and a non-empty \"benchmarks\"");
        }
        List<Benchmark> benchmarks = new ArrayList<>();
        Map<String, Map<String, Map<String, ComparisonGroup>>> groups = new LinkedHashMap<>();
        for (Entry e : index.benchmarks()) {
            Map<String, Map<String, ComparisonGroup>> families = new LinkedHashMap<>();
            Map<String, List<String>> keys = new LinkedHashMap<>();
            for (Map.Entry<String, FamilyFile> f : (e.groups() == null ? Map.<String, FamilyFile>of() : e.groups()).entrySet()) {
                if (!FAMILIES.contains(f.getKey())) {
                    throw new IllegalStateException(INDEX + ": benchmark " + e.name() + " has group family '" + f.getKey()
                            + "'; known: " + FAMILIES);
                }
                Map<String, ComparisonGroup> family = family(read(json, DIRECTORY + f.getValue().file()), f.getKey(),
                        e.edition(), f.getValue().storedReversed() == null ? Set.of() : f.getValue().storedReversed());
                if (!family.containsKey(ALL)) {
                    throw new IllegalStateException(f.getValue().file() + " has no group '" + ALL + "'");
                }
                families.put(f.getKey(), family);
                keys.put(f.getKey(), List.copyOf(family.keySet()));
            }
            if (!families.isEmpty() && !families.containsKey(FAMILIES.get(0))) {
                throw new IllegalStateException(INDEX + ": benchmark " + e.name() + " needs the family " + FAMILIES.get(0));
            }
            benchmarks.add(new Benchmark(e.name(), e.edition(), e.levels(), !families.isEmpty(), keys));
            groups.put(e.name(), families);
        }
        return new Benchmarks(benchmarks, index.defaultBenchmark(), groups);
    }

    /** The groups of one data file, their statistics made comparable with scores (see {@link Measure}). */
    static Map<String, ComparisonGroup> family(JsonNode file, String family, String edition, Set<String> storedReversed) {
        for (String r : storedReversed) {
            Measure.byKey(r); // a typo in the index is an error, not a silently unreversed measure
        }
        Map<String, ComparisonGroup> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = file.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> g = it.next();
            Map<Measure, ComparisonGroup.Stat> stats = new EnumMap<>(Measure.class);
            double sumOfMeans = 0;
            for (Measure m : Measure.values()) {
                JsonNode s = g.getValue().path(m.key());
                if (!s.path("mean").isNumber() || !s.path("std").isNumber()) {
                    throw new IllegalStateException("group " + family + "=" + g.getKey() + " lacks " + m.key() + ".mean/std");
                }
                double mean = s.path("mean").asDouble();
                boolean reverse = m.inverted() != storedReversed.contains(m.key());
                double comparable = reverse ? SCALE - mean : mean;
                if (m == Measure.PERFORMANCE_AVERAGE) {
                    continue;
                }
                stats.put(m, new ComparisonGroup.Stat(comparable, s.path("std").asDouble()));
                if (Measure.METRICS.contains(m)) {
                    sumOfMeans += comparable;
                }
            }
            stats.put(Measure.PERFORMANCE_AVERAGE, new ComparisonGroup.Stat(sumOfMeans / Measure.METRICS.size(),
                    g.getValue().path(Measure.PERFORMANCE_AVERAGE.key()).path("std").asDouble()));
            out.put(g.getKey(), new ComparisonGroup(family, g.getKey(), g.getValue().path("name").asText(null), edition, stats));
        }
        return out;
    }

    private static JsonNode read(ObjectMapper json, String resource) {
        try (InputStream in = Benchmarks.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " not found");
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }
}
