package io.dorastream.gateway.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import io.dorastream.api.benchmark.ComparisonGroup;
import io.dorastream.api.query.QueryRules;
import io.dorastream.api.query.QueryWindow;

/**
 * A validated, normalized query of the metrics and events endpoints, as passed to the aggregator:
 * the window as RFC 3339 instants, filter values trimmed, de-duplicated and sorted (blank ones
 * dropped), defaults filled in. Two spellings of the same question give the same {@link #key()},
 * which is what the metrics cache is keyed by.
 */
public record ApiQuery(SortedMap<String, List<String>> params) {

    static final int MAX_CURSOR_LENGTH = 2048;

    public MultivaluedMap<String, String> toMultivaluedMap() {
        MultivaluedMap<String, String> m = new MultivaluedHashMap<>();
        params.forEach(m::put);
        return m;
    }

    /** The canonical query string: parameters and their values in order, URL-encoded. */
    public String key() {
        StringBuilder sb = new StringBuilder();
        params.forEach((name, values) -> values.forEach(v -> {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(name).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        }));
        return sb.toString();
    }

    /** Checks parameters one by one by the contract's {@link QueryRules}, collecting every offending one before refusing the query. */
    public static final class Builder {
        private final SortedMap<String, List<String>> params = new TreeMap<>();
        private final QueryRules rules = QueryRules.publicApi();

        /** {@code from} and {@code to}, each a date or an instant; see {@link QueryWindow}. */
        public Builder window(String from, String to) {
            QueryWindow w = rules.window(from, to);
            if (w != null) {
                params.put("from", List.of(w.from().toString()));
                params.put("to", List.of(w.to().toString()));
            }
            return this;
        }

        public Builder filters(List<String> connection, List<String> service, List<String> env, List<String> team) {
            filter("connection", connection);
            filter("service", service);
            filter("env", env);
            filter("team", team);
            return this;
        }

        private void filter(String name, List<String> values) {
            List<String> kept = rules.filter(name, values);
            if (kept != null && !kept.isEmpty()) {
                params.put(name, kept);
            }
        }

        /** One of {@code allowed}; {@code fallback} when absent, required when the fallback is null. */
        public Builder oneOf(String name, String value, String fallback, List<String> allowed) {
            put(name, rules.oneOf(name, value, fallback, allowed));
            return this;
        }

        /**
         * The benchmark the figures are judged by, the default when absent, and under a benchmark with
         * scores its comparison group, always passed on explicitly ({@code industry=all} when neither
         * {@code industry} nor {@code orgSize} is given), so that the default and its spelling are one query.
         */
        public Builder benchmark(String value, String industry, String orgSize) {
            String benchmark = rules.benchmark(value);
            put("benchmark", benchmark);
            ComparisonGroup group = rules.comparisonGroup(benchmark, industry, orgSize);
            if (group != null) {
                put(group.family(), group.key());
            }
            return this;
        }

        /** A whole number in {@code [1, max]}, {@code fallback} when absent. */
        public Builder limit(String value, int fallback, int max) {
            Integer n = rules.limit(value, fallback, max);
            put("limit", n == null ? null : n.toString());
            return this;
        }

        /** An opaque cursor from a previous page, passed on as it is (the aggregator judges it). */
        public Builder cursor(String value) {
            if (value != null && !value.isEmpty()) {
                if (value.length() > MAX_CURSOR_LENGTH) {
                    rules.refuse("cursor", "not a cursor of this API (too long)");
                } else {
                    params.put("cursor", List.of(value));
                }
            }
            return this;
        }

        /** {@code true} or {@code false}; only {@code true} is passed on. */
        public Builder flag(String name, String value) {
            if (Boolean.TRUE.equals(rules.flag(name, value))) {
                params.put(name, List.of("true"));
            }
            return this;
        }

        private void put(String name, String value) {
            if (value != null) {
                params.put(name, List.of(value));
            }
        }

        public ApiQuery build() {
            if (rules.ok()) {
                return new ApiQuery(params);
            }
            throw new InvalidQueryException(rules.detail(), rules.errors());
        }
    }

    public static Builder builder() {
        return new Builder();
    }
}
