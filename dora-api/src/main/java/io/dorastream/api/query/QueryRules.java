package io.dorastream.api.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.dorastream.api.benchmark.Benchmark;
import io.dorastream.api.benchmark.Benchmarks;
import io.dorastream.api.benchmark.ComparisonGroup;

/**
 * The rules of the metrics and events query parameters, checked one by one: every offending
 * parameter is collected (name → message) instead of refusing at the first, so that an answer can
 * name them all. The gateway checks a query with them before asking any backend; the aggregator
 * checks again with the same rules and refuses nonsense with a 400.
 */
public final class QueryRules {

    /** The filter parameters, each repeatable. */
    public static final List<String> FILTERS = List.of("connection", "service", "env", "team");
    public static final int MAX_FILTER_VALUES = 100;
    public static final int MAX_VALUE_LENGTH = 200;

    private final boolean dates;
    private final Map<String, String> errors = new LinkedHashMap<>();
    private String windowDetail;

    private QueryRules(boolean dates) {
        this.dates = dates;
    }

    /** The rules of the public API: window bounds may be dates. */
    public static QueryRules publicApi() {
        return new QueryRules(true);
    }

    /** The rules of the internal API: window bounds are RFC 3339 instants (as the gateway writes them). */
    public static QueryRules internalApi() {
        return new QueryRules(false);
    }

    /** {@code from} and {@code to} ({@link QueryWindow}); null when refused. */
    public QueryWindow window(String from, String to) {
        try {
            return dates ? QueryWindow.parse(from, to) : QueryWindow.parseInstants(from, to);
        } catch (QueryWindow.InvalidWindowException e) {
            windowDetail = e.getMessage();
            errors.putAll(e.errors());
            return null;
        }
    }

    /**
     * A filter's values trimmed, de-duplicated and sorted, blank ones dropped; at most
     * {@link #MAX_FILTER_VALUES} values of at most {@link #MAX_VALUE_LENGTH} characters, none with a control
     * character ({@link InputText}). Null when refused.
     */
    public List<String> filter(String name, List<String> values) {
        TreeSet<String> kept = new TreeSet<>();
        for (String v : values == null ? List.<String>of() : values) {
            if (InputText.hasControlCharacter(v)) { // before trimming, which would drop those at either end
                errors.put(name, InputText.CONTROL_CHARACTER);
                return null;
            }
            if (v != null && !v.isBlank()) {
                kept.add(v.trim());
            }
        }
        if (kept.size() > MAX_FILTER_VALUES) {
            errors.put(name, "at most " + MAX_FILTER_VALUES + " values");
            return null;
        }
        if (kept.stream().anyMatch(v -> v.length() > MAX_VALUE_LENGTH)) {
            errors.put(name, "values are at most " + MAX_VALUE_LENGTH + " characters long");
            return null;
        }
        return new ArrayList<>(kept);
    }

    /** One of {@code allowed}; {@code fallback} when absent, required when the fallback is null. Null when refused. */
    public String oneOf(String name, String value, String fallback, List<String> allowed) {
        String v = value == null || value.isBlank() ? fallback : value.trim();
        if (v == null) {
            errors.put(name, "is required: one of " + String.join(", ", allowed));
            return null;
        }
        if (!allowed.contains(v)) {
            errors.put(name, "'" + value + "' is not one of " + String.join(", ", allowed));
            return null;
        }
        return v;
    }

    /** The {@code benchmark} parameter: one of {@link Benchmarks}, the default when absent. Null when refused. */
    public String benchmark(String value) {
        Benchmarks benchmarks = Benchmarks.builtIn();
        return oneOf("benchmark", value, benchmarks.defaultBenchmark().name(), benchmarks.names());
    }

    /**
     * The comparison group of a benchmark with scores: {@code industry=<key>} or {@code orgSize=<key>}
     * (keys of {@link Benchmarks}), {@code industry=all} when neither is given. Either parameter with a
     * benchmark without scores, both at once, or an unknown key is refused, naming the valid choices.
     *
     * @param benchmark the benchmark's name as {@link #benchmark} returned it (null: refused there, nothing to check)
     * @return the group; null under a benchmark without scores, and when refused
     */
    public ComparisonGroup comparisonGroup(String benchmark, String industry, String orgSize) {
        Benchmarks benchmarks = Benchmarks.builtIn();
        String ind = industry == null || industry.isBlank() ? null : industry.trim();
        String org = orgSize == null || orgSize.isBlank() ? null : orgSize.trim();
        Benchmark b = benchmark == null ? null : benchmarks.find(benchmark).orElse(null);
        if (b == null) {
            return null;
        }
        if (!b.scores()) {
            String scored = String.join(", ", benchmarks.all().stream().filter(Benchmark::scores).map(Benchmark::name).toList());
            String message = "only with a benchmark with scores (benchmark=" + scored + "); " + benchmark + " has none";
            if (ind != null) {
                errors.put(Benchmarks.INDUSTRY, message);
            }
            if (org != null) {
                errors.put(Benchmarks.ORG_SIZE, message);
            }
            return null;
        }
        if (ind != null && org != null) {
            errors.put(Benchmarks.INDUSTRY, "not with orgSize: one comparison group, industry=<key> or orgSize=<key>");
            errors.put(Benchmarks.ORG_SIZE, "not with industry: one comparison group, industry=<key> or orgSize=<key>");
            return null;
        }
        String family = org != null ? Benchmarks.ORG_SIZE : Benchmarks.INDUSTRY;
        String key = org != null ? org : ind != null ? ind : Benchmarks.ALL;
        List<String> keys = b.groups().getOrDefault(family, List.of());
        if (!keys.contains(key)) {
            errors.put(family, "'" + key + "' is not one of " + String.join(", ", keys));
            return null;
        }
        return benchmarks.group(b.name(), family, key).orElseThrow();
    }

    /** A whole number in {@code [1, max]}, {@code fallback} when absent. Null when refused. */
    public Integer limit(String value, int fallback, int max) {
        int n = fallback;
        if (value != null && !value.isBlank()) {
            try {
                n = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
        }
        if (n < 1 || n > max) {
            errors.put("limit", "'" + value + "' is not a whole number from 1 to " + max);
            return null;
        }
        return n;
    }

    /** {@code true} or {@code false}, false when absent. Null when refused. */
    public Boolean flag(String name, String value) {
        if (value == null || value.isBlank() || value.trim().equals("false")) {
            return false;
        }
        if (value.trim().equals("true")) {
            return true;
        }
        errors.put(name, "'" + value + "' is neither true nor false");
        return null;
    }

    /** Records a parameter refused by a rule of the caller's own (e.g. a cursor only the aggregator can read). */
    public void refuse(String name, String message) {
        errors.put(name, message);
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    /** The offending parameters and why, in the order they were checked. */
    public Map<String, String> errors() {
        return Collections.unmodifiableMap(errors);
    }

    /** A one-line summary: the window's own message when only the window is wrong, else the names. */
    public String detail() {
        return windowDetail != null && errors.keySet().stream().allMatch(k -> k.equals("from") || k.equals("to"))
                ? windowDetail
                : "invalid query parameters: " + String.join(", ", errors.keySet());
    }
}
