package io.dorastream.gateway.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * A validated, normalized query of the metrics and events endpoints, as passed to the aggregator:
 * the window as RFC 3339 instants, filter values trimmed, de-duplicated and sorted (blank ones
 * dropped), defaults filled in. Two spellings of the same question give the same {@link #key()},
 * which is what the metrics cache is keyed by.
 */
public record ApiQuery(SortedMap<String, List<String>> params) {

    public static final List<String> FILTERS = List.of("connection", "service", "env", "team");
    public static final List<String> BENCHMARKS = List.of("dora-2023", "dora-2021");
    static final int MAX_FILTER_VALUES = 100;
    static final int MAX_VALUE_LENGTH = 200;
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

    /** Checks parameters one by one, collecting every offending one before refusing the query. */
    public static final class Builder {
        private final SortedMap<String, List<String>> params = new TreeMap<>();
        private final Map<String, String> errors = new LinkedHashMap<>();
        private String windowDetail;

        /** {@code from} and {@code to}, each a date or an instant; see {@link QueryWindow}. */
        public Builder window(String from, String to) {
            try {
                QueryWindow w = QueryWindow.parse(from, to);
                params.put("from", List.of(w.from().toString()));
                params.put("to", List.of(w.to().toString()));
            } catch (QueryWindow.InvalidWindowException e) {
                windowDetail = e.getMessage();
                errors.putAll(e.errors());
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
            TreeSet<String> kept = new TreeSet<>();
            for (String v : values == null ? List.<String>of() : values) {
                if (v != null && !v.isBlank()) {
                    kept.add(v.trim());
                }
            }
            if (kept.size() > MAX_FILTER_VALUES) {
                errors.put(name, "at most " + MAX_FILTER_VALUES + " values");
            } else if (kept.stream().anyMatch(v -> v.length() > MAX_VALUE_LENGTH)) {
                errors.put(name, "values are at most " + MAX_VALUE_LENGTH + " characters long");
            } else if (!kept.isEmpty()) {
                params.put(name, new ArrayList<>(kept));
            }
        }

        /** One of {@code allowed}; {@code fallback} when absent, required when the fallback is null. */
        public Builder oneOf(String name, String value, String fallback, List<String> allowed) {
            String v = value == null || value.isBlank() ? fallback : value.trim();
            if (v == null) {
                errors.put(name, "is required: one of " + String.join(", ", allowed));
            } else if (!allowed.contains(v)) {
                errors.put(name, "'" + value + "' is not one of " + String.join(", ", allowed));
            } else {
                params.put(name, List.of(v));
            }
            return this;
        }

        /** A whole number in {@code [1, max]}, {@code fallback} when absent. */
        public Builder limit(String value, int fallback, int max) {
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
            } else {
                params.put("limit", List.of(Integer.toString(n)));
            }
            return this;
        }

        /** An opaque cursor from a previous page, passed on as it is (the aggregator judges it). */
        public Builder cursor(String value) {
            if (value != null && !value.isEmpty()) {
                if (value.length() > MAX_CURSOR_LENGTH) {
                    errors.put("cursor", "not a cursor of this API (too long)");
                } else {
                    params.put("cursor", List.of(value));
                }
            }
            return this;
        }

        /** {@code true} or {@code false}; only {@code true} is passed on. */
        public Builder flag(String name, String value) {
            if (value == null || value.isBlank() || value.trim().equals("false")) {
                return this;
            }
            if (value.trim().equals("true")) {
                params.put(name, List.of("true"));
            } else {
                errors.put(name, "'" + value + "' is neither true nor false");
            }
            return this;
        }

        public ApiQuery build() {
            if (errors.isEmpty()) {
                return new ApiQuery(params);
            }
            String detail = windowDetail != null && errors.keySet().stream().allMatch(k -> k.equals("from") || k.equals("to"))
                    ? windowDetail
                    : "invalid query parameters: " + String.join(", ", errors.keySet());
            throw new InvalidQueryException(detail, errors);
        }
    }

    public static Builder builder() {
        return new Builder();
    }
}
