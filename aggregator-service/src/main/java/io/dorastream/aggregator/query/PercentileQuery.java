package io.dorastream.aggregator.query;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import io.dorastream.aggregator.metrics.LogHistogram;
import io.dorastream.aggregator.metrics.Quantiles;

/**
 * The percentiles of value distributions per group: exact up to a limit of values (the rows' sorted arrays, or the
 * failures' values gathered by the database in one array per group, sorted here, {@link Quantiles#ofSorted}), else
 * from a {@link LogHistogram} of the values' buckets.
 */
final class PercentileQuery {

    private PercentileQuery() {
    }

    /** Fills the log-bucket histograms of the given groups. */
    interface HistogramSource {
        void fill(String[] groups, Map<String, LogHistogram> out) throws SQLException;
    }

    /**
     * The percentiles, per group, of the values {@code source} selects from the CTE as arrays ({@code g, a}); only
     * for the groups in {@code sizes} (their numbers of values, all positive). Exact up to
     * {@code exactLimit} values, else from the histograms {@code sketch} fills.
     */
    static Map<String, Quantiles> quantiles(Connection c, Sql cte, String source, Map<String, Long> sizes, long exactLimit,
            HistogramSource sketch) throws SQLException {
        Map<String, Quantiles> out = new HashMap<>();
        String[] small = sizes.entrySet().stream().filter(e -> e.getValue() <= exactLimit).map(Map.Entry::getKey)
                .toArray(String[]::new);
        String[] large = sizes.entrySet().stream().filter(e -> e.getValue() > exactLimit).map(Map.Entry::getKey)
                .toArray(String[]::new);
        if (small.length > 0) {
            exact(c, cte, source, small, out);
        }
        if (large.length > 0) {
            Map<String, LogHistogram> histograms = new HashMap<>();
            sketch.fill(large, histograms);
            histograms.forEach((k, h) -> out.put(k, h.quantiles()));
        }
        return out;
    }

    /**
     * The exact percentiles: the groups' values read as the rows hold them (sorted arrays, {@code source} selecting
     * {@code g, a}), gathered, sorted and picked here ({@link Quantiles#ofSorted}). The database only
     * reads the arrays: unnested and sorted in the statement, a summary's 30,000 recovery times cost it 26 ms
     * against 9 for reading them (docs/performance.md, B2). Several groups come ordered by group, a page of rows at
     * a time, so at most one group's values (at most the exact limit of them) are held at once.
     */
    private static void exact(Connection c, Sql cte, String source, String[] groups, Map<String, Quantiles> out)
            throws SQLException {
        Gathered gathered = new Gathered(out);
        cte.with(", v AS (" + source + ") SELECT g, a FROM v WHERE g = ANY (?) AND cardinality(a) > 0"
                + (groups.length == 1 ? "" : " ORDER BY g"), (Object) groups)
                .query(c, FETCH_ROWS, rs -> gathered.add(rs.getString(1), rs.getArray(2)));
        gathered.finish();
    }

    /** The rows of arrays fetched at a time by {@link #exact}. */
    private static final int FETCH_ROWS = 1_000;

    /** One group's values at a time, from arrays arriving group after group; each group's percentiles when it ends. */
    private static final class Gathered {
        private final Map<String, Quantiles> out;
        private String group;
        private double[] values = new double[1_024];
        private int n;

        Gathered(Map<String, Quantiles> out) {
            this.out = out;
        }

        void add(String g, java.sql.Array array) throws SQLException {
            if (!g.equals(group)) {
                finish();
                group = g;
            }
            double[] more = values(array);
            if (n + more.length > values.length) {
                values = Arrays.copyOf(values, Math.max(n + more.length, 2 * values.length));
            }
            System.arraycopy(more, 0, values, n, more.length);
            n += more.length;
        }

        /** Puts the percentiles of the group gathered so far, if any, and starts afresh. */
        void finish() {
            if (group != null && n > 0) {
                double[] sorted = Arrays.copyOf(values, n);
                Arrays.sort(sorted);
                if (out.put(group, Quantiles.ofSorted(sorted)) != null) {
                    throw new IllegalStateException("the values of group '" + group + "' did not arrive together");
                }
            }
            group = null;
            n = 0;
        }
    }

    /** One group's row of {@link #countsAndExact}. */
    interface CountedGroup {
        /**
         * @param rs        the row: {@code g}, the counts' columns, {@code n} (the number of values)
         * @param quantiles the exact percentiles where {@code 0 < n <= exactLimit}, else null
         */
        void row(ResultSet rs, Quantiles quantiles) throws SQLException;
    }

    /**
     * In one pass over the CTE's rows ({@code g}, a value {@code x}, null for none): per group, the aggregates
     * {@code counts} (column name to aggregate, e.g. {@code open} to {@code count(*) FILTER (WHERE open)}), the number
     * of values {@code n} and, where it is at most {@code exactLimit}, their exact percentiles: the database gathers the
     * values as they come ({@code array_agg} without an order), they are sorted here ({@link Quantiles#ofSorted}), as
     * {@link #exact} does. A group of more values gets none here (its values are gathered and dropped): the caller
     * merges its histogram. Without a sort, one group costs the same under {@code GROUP BY g} as aggregated alone.
     */
    static void countsAndExact(Connection c, Sql cte, Map<String, String> counts, long exactLimit, CountedGroup handler)
            throws SQLException {
        String aggregates = counts.entrySet().stream().map(e -> ", " + e.getValue() + " AS " + e.getKey())
                .collect(java.util.stream.Collectors.joining());
        cte.with("SELECT g" + aggregates + ", count(x) AS n,"
                + " CASE WHEN count(x) <= ? THEN array_agg(x) FILTER (WHERE x IS NOT NULL) END AS a"
                + " FROM s GROUP BY g", exactLimit).query(c, rs -> {
                    long n = rs.getLong("n");
                    Quantiles exact = null;
                    if (n > 0 && n <= exactLimit) {
                        double[] values = values(rs.getArray("a"));
                        Arrays.sort(values);
                        exact = Quantiles.ofSorted(values);
                    }
                    handler.row(rs, exact);
                });
    }

    /** The values of a {@code float8[]} (freed). */
    private static double[] values(java.sql.Array array) throws SQLException {
        Object[] elements = (Object[]) array.getArray(); // float8[]: Double[]
        double[] values = new double[elements.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = ((Number) elements[i]).doubleValue();
        }
        array.free();
        return values;
    }

    /**
     * Fills the histograms of the groups from the values {@code source} selects ({@code g, x}) from the CTE, grouped by
     * bucket as the pair {@code dora_bucket} names ({@code sign(x)}, {@code dora_bucket_index(x)}): grouping by the name
     * built it for every value (V15).
     */
    static void bucketValues(Connection c, Sql cte, String source, String[] groups, Map<String, LogHistogram> out)
            throws SQLException {
        cte.with(", v AS (" + source + ") SELECT g, sign(x)::int, dora_bucket_index(x), count(*) FROM v WHERE g = ANY (?)"
                + " GROUP BY 1, 2, 3", (Object) groups).query(c, rs -> out.computeIfAbsent(rs.getString(1), k -> new LogHistogram())
                        .add(new LogHistogram.Bucket(rs.getInt(2), rs.getInt(3)), rs.getLong(4)));
    }

    /** Adds a row {@code (g, bucket name, count)} to the group's histogram. */
    static void addBucket(Map<String, LogHistogram> out, ResultSet rs) throws SQLException {
        out.computeIfAbsent(rs.getString(1), k -> new LogHistogram()).add(LogHistogram.Bucket.parse(rs.getString(2)), rs.getLong(3));
    }
}
