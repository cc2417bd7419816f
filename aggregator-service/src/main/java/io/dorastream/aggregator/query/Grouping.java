package io.dorastream.aggregator.query;

import java.util.List;
import java.util.Locale;

/**
 * How a query splits its scope: not at all (summary), by calendar interval (time series) or by a
 * dimension (breakdown). Each split is one group key, computed in SQL from a rollup row and from a
 * failure, so that one computation path serves the summary, the points and the items.
 */
public sealed interface Grouping {

    /** SQL for the group key (text) of a rollup-shaped row (columns day, service, env, team). */
    String rowKey();

    /** SQL for the group key (text) of a failure (alias {@code i}), possibly using {@link #failureJoin()}. */
    String failureKey();

    /** A join that multiplies a failure per key (breakdowns by a set-valued column), or empty. */
    default String failureJoin() {
        return "";
    }

    /** The whole scope as one group, key {@code ""}. */
    record All() implements Grouping {
        @Override
        public String rowKey() {
            return "''";
        }

        @Override
        public String failureKey() {
            return "''";
        }
    }

    /** Calendar intervals; the key is the interval's first date ({@code YYYY-MM-DD}). */
    enum Interval implements Grouping {
        DAY, WEEK, MONTH;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Interval parse(String s) {
            for (Interval i : values()) {
                if (i.json().equals(s)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("interval must be one of day, week, month");
        }

        @Override
        public String rowKey() {
            return keyOf("day");
        }

        @Override
        public String failureKey() {
            return keyOf("(i.started_at AT TIME ZONE 'UTC')::date");
        }

        private String keyOf(String date) {
            return this == DAY ? date + "::text" : "date_trunc('" + json() + "', " + date + "::timestamp)::date::text";
        }
    }

    /** A dimension; failures count under each of their services (envs, teams). */
    enum Dimension implements Grouping {
        SERVICE("service", "services"), TEAM("team", "teams"), ENV("env", "envs");

        private final String column;
        private final String failureColumn;

        Dimension(String column, String failureColumn) {
            this.column = column;
            this.failureColumn = failureColumn;
        }

        public String json() {
            return column;
        }

        public static Dimension parse(String s) {
            for (Dimension d : values()) {
                if (d.json().equals(s)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("by must be one of service, team, env");
        }

        @Override
        public String rowKey() {
            return column;
        }

        @Override
        public String failureKey() {
            return "k.g";
        }

        @Override
        public String failureJoin() {
            return " CROSS JOIN LATERAL unnest(i." + failureColumn + ") AS k(g)";
        }

        /** The filter values of this dimension (a failure shows only under the keys the filter admits). */
        List<String> filterValues(Filters f) {
            return switch (this) {
                case SERVICE -> f.service();
                case TEAM -> f.team();
                case ENV -> f.env();
            };
        }
    }
}
