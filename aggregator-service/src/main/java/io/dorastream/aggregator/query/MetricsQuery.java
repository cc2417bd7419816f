package io.dorastream.aggregator.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.dorastream.api.metrics.ChangeFailureMethod;
import io.dorastream.aggregator.metrics.DeploymentCounts;
import io.dorastream.api.metrics.DoraFigures;
import io.dorastream.aggregator.metrics.LogHistogram;
import io.dorastream.aggregator.metrics.Percentiles;
import io.dorastream.aggregator.metrics.Quantiles;
import io.dorastream.aggregator.metrics.SummaryCalculator;
import io.dorastream.aggregator.metrics.Window;
import io.dorastream.aggregator.rollup.RollupSql;
import io.dorastream.events.DoraJson;
import io.dorastream.api.metrics.Summary;

/**
 * Answers the metrics endpoints from the daily rollups, never scanning raw deployments except on the
 * partial days at a window's edges: {@code deployment_daily} serves the whole UTC days inside
 * {@code [from, to)}, {@link RollupSql#rowsOfDeployments} turns the edges' raw deployments into rows of
 * the same shape, and SQL aggregates both per group (the whole scope, an interval or a dimension's
 * value): per-day counts, verdict counts, remediation counts, and the percentiles of each value
 * distribution — exact (the database sorts, picks the two values each percentile interpolates
 * between, and {@link Percentiles#interpolate} does the arithmetic), or, when a group holds more than
 * {@link Quantiles#EXACT_LIMIT} values, from a {@link LogHistogram} merged from the monthly sketches
 * ({@code deployment_sketch_monthly}) for the whole months of the window and filled by the database
 * from the remaining days' values. Failures are read at their own grain (the {@code incident} table),
 * so each counts once per group.
 */
@ApplicationScoped
public class MetricsQuery {

    /** A query: window, filters and benchmark table (null for the default). */
    public record Request(Instant from, Instant to, Filters filters, String benchmark) {
    }

    /** The aggregates of one group. */
    private static final class Aggregate {
        final Map<LocalDate, Long> perDay = new TreeMap<>();
        long deployments;
        final long[] counts = new long[6]; // cf failed, stable, pending, link failed, type known, rework
        final long[] values = new long[3]; // lead times, cf recovery, link recovery
        Map<String, Long> cfRemediation = new TreeMap<>();
        Map<String, Long> linkRemediation = new TreeMap<>();
        long open;
        Quantiles leadTimes = Quantiles.NONE;
        Quantiles cfRecovery = Quantiles.NONE;
        Quantiles linkRecovery = Quantiles.NONE;
        Quantiles timeToRestore = Quantiles.NONE;

        DeploymentCounts counts() {
            return new DeploymentCounts(deployments, counts[0], counts[1], counts[2], counts[3], counts[4], counts[5],
                    cfRemediation, linkRemediation);
        }
    }

    /** SQL text with its parameters. */
    private record Sql(String text, List<Object> params) {
    }

    private static final String[] VALUE_COLUMNS = { "lead_times", "cf_recovery", "link_recovery" };

    private final DataSource dataSource;
    private final SummaryCalculator calculator = new SummaryCalculator();

    public MetricsQuery(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The names of the benchmark tables a request may name. */
    public Set<String> benchmarks() {
        return calculator.tables().names();
    }

    /** The default benchmark table's name. */
    public String defaultBenchmark() {
        return calculator.tables().defaultName();
    }

    public Summary summary(Request r) {
        return summary(r, Quantiles.EXACT_LIMIT);
    }

    /** The summary, with percentiles exact up to {@code exactLimit} values (tests lower it to reach the sketch). */
    Summary summary(Request r, long exactLimit) {
        Window window = new Window(r.from(), r.to());
        return withConnection(c -> {
            Aggregate a = aggregate(c, r, new Grouping.All(), exactLimit).getOrDefault("", new Aggregate());
            return new Summary(new Summary.Window(r.from(), r.to(), window.days()), r.filters().echo(), benchmark(r),
                    figures(window, a, r), dataAsOf(c, r.filters().connection()));
        });
    }

    public Summary.TimeSeries timeseries(Request r, Grouping.Interval interval) {
        return withConnection(c -> {
            Map<String, Aggregate> groups = aggregate(c, r, interval, Quantiles.EXACT_LIMIT);
            Instant dataAsOf = dataAsOf(c, r.filters().connection());
            List<Summary.Point> points = new ArrayList<>();
            for (LocalDate start = bucketStart(LocalDate.ofInstant(r.from(), ZoneOffset.UTC), interval);
                    startOf(start).isBefore(r.to()); start = next(start, interval)) {
                Instant s = max(startOf(start), r.from());
                Instant e = min(startOf(next(start, interval)), r.to());
                Aggregate a = groups.getOrDefault(start.toString(), new Aggregate());
                points.add(new Summary.Point(s, e, figures(new Window(s, e), a, r), dataAsOf));
            }
            return new Summary.TimeSeries(interval.json(), points);
        });
    }

    public Summary.Breakdown breakdown(Request r, Grouping.Dimension by, int limit) {
        Window window = new Window(r.from(), r.to());
        return withConnection(c -> {
            Map<String, Aggregate> groups = aggregate(c, r, by, Quantiles.EXACT_LIMIT);
            Instant dataAsOf = dataAsOf(c, r.filters().connection());
            List<Map.Entry<String, Aggregate>> sorted = new ArrayList<>(groups.entrySet());
            sorted.sort(Comparator.<Map.Entry<String, Aggregate>>comparingLong(e -> -e.getValue().deployments)
                    .thenComparing(e -> e.getKey().isEmpty()) // deployments without a value last among equals
                    .thenComparing(Map.Entry::getKey));
            List<Summary.Item> items = new ArrayList<>();
            for (Map.Entry<String, Aggregate> e : sorted.subList(0, Math.min(limit, sorted.size()))) {
                items.add(new Summary.Item(e.getKey().isEmpty() ? null : e.getKey(), figures(window, e.getValue(), r), dataAsOf));
            }
            return new Summary.Breakdown(by.json(), items);
        });
    }

    private DoraFigures figures(Window window, Aggregate a, Request r) {
        return calculator.compute(window, a.perDay, a.counts(), a.leadTimes, a.cfRecovery, a.linkRecovery, a.timeToRestore,
                a.open, r.benchmark());
    }

    private String benchmark(Request r) {
        return r.benchmark() == null ? defaultBenchmark() : r.benchmark();
    }

    // ------------------------------------------------------------------ aggregation

    private Map<String, Aggregate> aggregate(Connection c, Request r, Grouping g, long exactLimit) throws SQLException {
        Map<String, Aggregate> groups = new HashMap<>();
        Sql rows = rows(r, g);
        query(c, "WITH " + rows.text() + " SELECT g, day, sum(deployments), sum(cf_failed), sum(cf_stable), sum(cf_pending),"
                + " sum(link_failed), sum(type_known), sum(rework), sum(cardinality(lead_times)), sum(cardinality(cf_recovery)),"
                + " sum(cardinality(link_recovery)), jsonb_agg(cf_remediation) FILTER (WHERE cf_remediation <> '{}'),"
                + " jsonb_agg(link_remediation) FILTER (WHERE link_remediation <> '{}') FROM s GROUP BY g, day", rows.params(), rs -> {
                    Aggregate a = groups.computeIfAbsent(rs.getString(1), k -> new Aggregate());
                    long n = rs.getLong(3);
                    a.perDay.merge(rs.getObject(2, LocalDate.class), n, Long::sum);
                    a.deployments += n;
                    for (int i = 0; i < 6; i++) {
                        a.counts[i] += rs.getLong(4 + i);
                    }
                    for (int i = 0; i < 3; i++) {
                        a.values[i] += rs.getLong(10 + i);
                    }
                    addCounts(a.cfRemediation, rs.getString(13));
                    addCounts(a.linkRemediation, rs.getString(14));
                });
        for (int i = 0; i < 3; i++) {
            int family = i;
            Map<String, Long> sizes = new HashMap<>();
            groups.forEach((k, a) -> {
                boolean cf = a.counts().method() == ChangeFailureMethod.CHANGE_FAILURE;
                boolean needed = family == 0 || (family == 1) == cf; // only the recovery times of the method in use
                if (needed && a.values[family] > 0) {
                    sizes.put(k, a.values[family]);
                }
            });
            String column = VALUE_COLUMNS[i];
            Map<String, Quantiles> q = quantiles(c, rows, "SELECT g, unnest(" + column + ") AS x FROM s", sizes, exactLimit,
                    (large, out) -> sketchValues(c, r, g, column, large, out));
            q.forEach((k, v) -> {
                Aggregate a = groups.get(k);
                switch (family) {
                    case 0 -> a.leadTimes = v;
                    case 1 -> a.cfRecovery = v;
                    default -> a.linkRecovery = v;
                }
            });
        }
        Sql failures = failures(r, g);
        Map<String, Long> resolved = new HashMap<>();
        query(c, "WITH " + failures.text() + " SELECT g, count(*) FILTER (WHERE open), count(x) FROM s GROUP BY g",
                failures.params(), rs -> {
                    Aggregate a = groups.computeIfAbsent(rs.getString(1), k -> new Aggregate());
                    a.open = rs.getLong(2);
                    if (rs.getLong(3) > 0) {
                        resolved.put(rs.getString(1), rs.getLong(3));
                    }
                });
        String failureValues = "SELECT g, x FROM s WHERE x IS NOT NULL";
        quantiles(c, failures, failureValues, resolved, exactLimit,
                (large, out) -> bucketValues(c, failures, failureValues, large, out))
                .forEach((k, v) -> groups.get(k).timeToRestore = v);
        return groups;
    }

    /** Adds a JSON array of {@code {type: n}} count objects (null for none) to the counts. */
    private static void addCounts(Map<String, Long> counts, String jsonArray) {
        if (jsonArray == null) {
            return;
        }
        try {
            for (com.fasterxml.jackson.databind.JsonNode o : DoraJson.mapper().readTree(jsonArray)) {
                o.fields().forEachRemaining(e -> counts.merge(e.getKey(), e.getValue().asLong(), Long::sum));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable remediation counts: " + jsonArray, e);
        }
    }

    /**
     * The rollup-shaped rows of the scope as a CTE {@code s} with a group key {@code g}: the rollup for
     * the whole days, the raw deployments for the partial days at the edges, both filtered.
     */
    private static Sql rows(Request r, Grouping g) {
        return rows(r, g, null);
    }

    /** The same, leaving out the rollup's days of the months {@code [months[0], months[1])} (served by sketches). */
    private static Sql rows(Request r, Grouping g, LocalDate[] months) {
        LocalDate firstWhole = ceilDay(r.from());
        LocalDate endWhole = LocalDate.ofInstant(r.to(), ZoneOffset.UTC); // exclusive
        List<String> parts = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        String raw = RollupSql.rowsOfDeployments("d.window_at >= ? AND d.window_at < ?");
        if (firstWhole.isBefore(endWhole)) {
            parts.add("SELECT " + RollupSql.COLUMNS + " FROM deployment_daily WHERE day >= ? AND day < ?"
                    + (months == null ? "" : " AND NOT (day >= ? AND day < ?)"));
            params.add(firstWhole);
            params.add(endWhole);
            if (months != null) {
                params.add(months[0]);
                params.add(months[1]);
            }
            for (Instant[] edge : new Instant[][] { { r.from(), startOf(firstWhole) }, { startOf(endWhole), r.to() } }) {
                if (edge[0].isBefore(edge[1])) {
                    parts.add(raw);
                    params.add(Timestamp.from(edge[0]));
                    params.add(Timestamp.from(edge[1]));
                }
            }
        } else {
            parts.add(raw);
            params.add(Timestamp.from(r.from()));
            params.add(Timestamp.from(r.to()));
        }
        StringBuilder sql = new StringBuilder("s AS (SELECT ").append(g.rowKey()).append(" AS g, u.* FROM (")
                .append(String.join(" UNION ALL ", parts)).append(") u WHERE true");
        r.filters().appendSql(sql, params, "u.connection_id", "u.service", "u.env", "u.team");
        sql.append(")");
        return new Sql(sql.toString(), params);
    }

    /**
     * The failures of the scope as a CTE {@code s}: group key {@code g}, time to restore {@code x} (null
     * while open), {@code open}. A failure matching the filters is one row per group — one for the
     * summary or an interval, one per admitted service (env, team) in a breakdown.
     */
    private static Sql failures(Request r, Grouping g) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("s AS (SELECT DISTINCT i.connection_id, i.event_id, ").append(g.failureKey())
                .append(" AS g, i.time_to_restore_sec AS x, i.finished_at IS NULL AS open FROM incident i")
                .append(g.failureJoin())
                .append(" WHERE NOT i.deleted AND i.started_at >= ? AND i.started_at < ?");
        params.add(Timestamp.from(r.from()));
        params.add(Timestamp.from(r.to()));
        r.filters().appendFailureSql(sql, params);
        if (g instanceof Grouping.Dimension d && !d.filterValues(r.filters()).isEmpty()) {
            sql.append(" AND k.g = ANY (?)");
            params.add(d.filterValues(r.filters()).toArray(String[]::new));
        }
        sql.append(")");
        return new Sql(sql.toString(), params);
    }

    /** Fills the log-bucket histograms of the given groups. */
    private interface HistogramSource {
        void fill(String[] groups, Map<String, LogHistogram> out) throws SQLException;
    }

    /**
     * The percentiles, per group, of the values {@code source} selects ({@code g, x}) from the CTE; only
     * for the groups in {@code sizes} (their numbers of values, all positive). Exact up to
     * {@code exactLimit} values, else from the histograms {@code sketch} fills.
     */
    private static Map<String, Quantiles> quantiles(Connection c, Sql cte, String source, Map<String, Long> sizes, long exactLimit,
            HistogramSource sketch) throws SQLException {
        Map<String, Quantiles> out = new HashMap<>();
        String[] small = sizes.entrySet().stream().filter(e -> e.getValue() <= exactLimit).map(Map.Entry::getKey)
                .toArray(String[]::new);
        String[] large = sizes.entrySet().stream().filter(e -> e.getValue() > exactLimit).map(Map.Entry::getKey)
                .toArray(String[]::new);
        if (small.length > 0) {
            StringBuilder picks = new StringBuilder();
            for (double q : Quantiles.QS) {
                String lo = "floor(" + java.math.BigDecimal.valueOf(q).toPlainString() + " * (n - 1))::int";
                picks.append(", a[").append(lo).append(" + 1], a[").append(lo).append(" + 2]");
            }
            List<Object> params = new ArrayList<>(cte.params());
            params.add(small);
            query(c, "WITH " + cte.text() + ", v AS (" + source + ") SELECT g, n" + picks + " FROM (SELECT g, count(*) AS n,"
                    + " array_agg(x ORDER BY x) AS a FROM v WHERE g = ANY (?) GROUP BY g) t", params, rs -> {
                        long n = rs.getLong(2);
                        Double[] p = new Double[Quantiles.QS.length];
                        for (int i = 0; i < p.length; i++) {
                            p[i] = Percentiles.interpolate(n, Quantiles.QS[i], rs.getDouble(3 + 2 * i),
                                    rs.getObject(4 + 2 * i, Double.class));
                        }
                        out.put(rs.getString(1), new Quantiles(n, p[0], p[1], p[2], false));
                    });
        }
        if (large.length > 0) {
            Map<String, LogHistogram> histograms = new HashMap<>();
            sketch.fill(large, histograms);
            histograms.forEach((k, h) -> out.put(k, h.quantiles()));
        }
        return out;
    }

    /** Fills the histograms of the groups from the values {@code source} selects ({@code g, x}) from the CTE. */
    private static void bucketValues(Connection c, Sql cte, String source, String[] groups, Map<String, LogHistogram> out)
            throws SQLException {
        List<Object> params = new ArrayList<>(cte.params());
        params.add(groups);
        query(c, "WITH " + cte.text() + ", v AS (" + source + ") SELECT g, dora_bucket(x), count(*) FROM v WHERE g = ANY (?)"
                + " GROUP BY 1, 2", params, rs -> addBucket(out, rs));
    }

    private static void addBucket(Map<String, LogHistogram> out, ResultSet rs) throws SQLException {
        out.computeIfAbsent(rs.getString(1), k -> new LogHistogram()).add(LogHistogram.Bucket.parse(rs.getString(2)), rs.getLong(3));
    }

    /**
     * Fills the histograms of a rollup value column: the monthly sketches for the whole months inside the
     * window's whole days (where the grouping can use months), the rollup's and the edges' values for the
     * rest.
     */
    private static void sketchValues(Connection c, Request r, Grouping g, String column, String[] groups,
            Map<String, LogHistogram> out) throws SQLException {
        LocalDate[] months = wholeMonths(r, g);
        bucketValues(c, rows(r, g, months), "SELECT g, unnest(" + column + ") AS x FROM s", groups, out);
        if (months == null) {
            return;
        }
        List<Object> params = new ArrayList<>(List.of(months[0], months[1]));
        StringBuilder sql = new StringBuilder("SELECT g, key, sum(value::bigint) FROM (SELECT ").append(g.rowKey())
                .append(" AS g, u.h FROM (SELECT connection_id, month AS day, service, env, team, ").append(column)
                .append(" AS h FROM deployment_sketch_monthly WHERE month >= ? AND month < ?) u WHERE true");
        r.filters().appendSql(sql, params, "u.connection_id", "u.service", "u.env", "u.team");
        sql.append(") t, jsonb_each_text(t.h) WHERE g = ANY (?) GROUP BY 1, 2");
        params.add(groups);
        query(c, sql.toString(), params, rs -> addBucket(out, rs));
    }

    /**
     * The months {@code [first, end)} lying wholly inside the window's whole days, when the grouping can
     * use monthly rows (not days or weeks); null when there are none.
     */
    private static LocalDate[] wholeMonths(Request r, Grouping g) {
        if (g instanceof Grouping.Interval i && i != Grouping.Interval.MONTH) {
            return null;
        }
        LocalDate firstWhole = ceilDay(r.from());
        LocalDate endWhole = LocalDate.ofInstant(r.to(), ZoneOffset.UTC);
        LocalDate first = firstWhole.getDayOfMonth() == 1 ? firstWhole : firstWhole.withDayOfMonth(1).plusMonths(1);
        LocalDate end = endWhole.withDayOfMonth(1);
        return first.isBefore(end) ? new LocalDate[] { first, end } : null;
    }

    // ------------------------------------------------------------------ dataAsOf

    /**
     * The oldest watermark applied for the connections in scope (the filter's, else every connection
     * known), over their streams; null when a connection in scope has none yet.
     */
    private static Instant dataAsOf(Connection c, List<UUID> connections) throws SQLException {
        List<Object> params = new ArrayList<>();
        String scope;
        if (connections.isEmpty()) {
            // every connection known: a loose index scan over each table's primary key, plus the watermarks
            scope = "WITH RECURSIVE dc(id) AS ((SELECT connection_id FROM deployment ORDER BY 1 LIMIT 1) UNION ALL"
                    + " SELECT (SELECT connection_id FROM deployment WHERE connection_id > dc.id ORDER BY 1 LIMIT 1) FROM dc"
                    + " WHERE dc.id IS NOT NULL),"
                    + " ic(id) AS ((SELECT connection_id FROM incident ORDER BY 1 LIMIT 1) UNION ALL"
                    + " SELECT (SELECT connection_id FROM incident WHERE connection_id > ic.id ORDER BY 1 LIMIT 1) FROM ic"
                    + " WHERE ic.id IS NOT NULL),"
                    + " conns(id) AS (SELECT id FROM dc WHERE id IS NOT NULL UNION SELECT id FROM ic WHERE id IS NOT NULL"
                    + " UNION SELECT connection_id FROM sync_watermark)";
        } else {
            scope = "WITH conns(id) AS (SELECT DISTINCT unnest(?::uuid[]))";
            params.add(connections.toArray(UUID[]::new));
        }
        Instant[] out = new Instant[1];
        query(c, scope + " SELECT CASE WHEN bool_and(w.watermark IS NOT NULL) THEN min(w.watermark) END"
                + " FROM conns LEFT JOIN sync_watermark w ON w.connection_id = conns.id", params, rs -> {
                    Timestamp t = rs.getTimestamp(1);
                    out[0] = t == null ? null : t.toInstant();
                });
        return out[0];
    }

    // ------------------------------------------------------------------ plumbing

    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withConnection(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("metrics query failed: " + e.getMessage(), e);
        }
    }

    private static void query(Connection c, String sql, List<Object> params, RowHandler handler) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Filters.bind(c, ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    handler.row(rs);
                }
            }
        }
    }

    private static LocalDate bucketStart(LocalDate d, Grouping.Interval interval) {
        return switch (interval) {
            case DAY -> d;
            case WEEK -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> d.withDayOfMonth(1);
        };
    }

    private static LocalDate next(LocalDate start, Grouping.Interval interval) {
        return switch (interval) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
        };
    }

    private static LocalDate ceilDay(Instant i) {
        LocalDate d = LocalDate.ofInstant(i, ZoneOffset.UTC);
        return startOf(d).equals(i) ? d : d.plusDays(1);
    }

    private static Instant startOf(LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
