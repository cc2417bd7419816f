package io.dorastream.aggregator.query;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import io.dorastream.aggregator.metrics.CalendarInterval;

/**
 * How a query splits its scope: not at all (summary), by calendar interval (time series) or by a
 * dimension (breakdown). Each split is one group key, computed in SQL from a rollup row and from a
 * failure, so that one computation path serves the summary, the points and the items.
 */
public sealed interface Grouping {

    /**
     * SQL for the group key (text) of a rollup-shaped row (columns day, service, env, team); its
     * parameters, if any, are appended to {@code params}.
     */
    String rowKey(List<Object> params);

    /**
     * SQL for the group key (text) of a failure (alias {@code i}), possibly using {@link #failureJoin()};
     * its parameters, if any, are appended to {@code params}.
     */
    String failureKey(List<Object> params);

    /** A join that multiplies a failure per key (breakdowns by a set-valued column), or empty. */
    default String failureJoin() {
        return "";
    }

    /** The whole scope as one group, key {@code ""}. */
    record All() implements Grouping {
        private static final String KEY = "";

        @Override
        public String rowKey(List<Object> params) {
            return "'" + KEY + "'";
        }

        @Override
        public String failureKey(List<Object> params) {
            return "'" + KEY + "'";
        }
    }

    /** The calendar intervals a time series may be cut at, in their API spelling. */
    enum Interval {
        DAY(CalendarInterval.DAY), WEEK(CalendarInterval.WEEK), MONTH(CalendarInterval.MONTH);

        private final CalendarInterval calendar;

        Interval(CalendarInterval calendar) {
            this.calendar = calendar;
        }

        public CalendarInterval calendar() {
            return calendar;
        }

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
    }

    /**
     * A window cut into parts ({@link io.dorastream.aggregator.metrics.Window#split}); {@code firstDates}
     * holds each part's first UTC date, ascending. The key of a row or failure is the number (1-based,
     * as text) of the part holding its UTC date: the database places it among the dates it is given and
     * never computes a calendar boundary itself.
     */
    record Parts(CalendarInterval interval, List<LocalDate> firstDates) implements Grouping {

        public Parts {
            firstDates = List.copyOf(firstDates);
        }

        /** The key of the part {@code index} (0-based) of {@link #firstDates}. */
        public String key(int index) {
            return Integer.toString(index + 1);
        }

        @Override
        public String rowKey(List<Object> params) {
            return keyOf("day", params);
        }

        @Override
        public String failureKey(List<Object> params) {
            return keyOf("(i.started_at AT TIME ZONE 'UTC')::date", params);
        }

        /**
         * The part's key of a date. The first dates are bound as a {@code date[]} ({@link Filters#bind}): bound as text
         * and cast in the statement, the cast (a date's input depends on {@code DateStyle}, so it is not folded into a
         * constant) parsed every first date again for each row, 0.9 s of a 24-month monthly series' 1 s.
         */
        private String keyOf(String date, List<Object> params) {
            params.add(firstDates.toArray(LocalDate[]::new));
            return "width_bucket(" + date + ", ?::date[])::text";
        }
    }

    /**
     * A dimension; failures count under each of their services (envs, teams), and a failure naming
     * none under the same key as the deployments without a value ({@code ""}, the answer's null key),
     * so that the items of a breakdown add up to the summary.
     */
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
        public String rowKey(List<Object> params) {
            return column;
        }

        @Override
        public String failureKey(List<Object> params) {
            return "k.g";
        }

        @Override
        public String failureJoin() {
            return " CROSS JOIN LATERAL unnest(CASE WHEN cardinality(i." + failureColumn + ") > 0 THEN i." + failureColumn
                    + " ELSE ARRAY[''] END) AS k(g)";
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
