package io.dorastream.aggregator.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;


import jakarta.enterprise.context.ApplicationScoped;

import io.dorastream.aggregator.config.AggregatorConfig;
import io.dorastream.aggregator.metrics.Assessment;
import io.dorastream.api.benchmark.Benchmarks;
import io.dorastream.api.benchmark.ComparisonGroup;
import io.dorastream.api.metrics.ChangeFailureMethod;
import io.dorastream.aggregator.metrics.DeploymentCounts;
import io.dorastream.api.metrics.DoraFigures;
import io.dorastream.aggregator.metrics.LogHistogram;
import io.dorastream.aggregator.metrics.Percentiles;
import io.dorastream.aggregator.metrics.Quantiles;
import io.dorastream.aggregator.metrics.SummaryCalculator;
import io.dorastream.aggregator.metrics.Window;
import io.dorastream.aggregator.rollup.RollupCount;
import io.dorastream.aggregator.rollup.RollupSql;
import io.dorastream.aggregator.rollup.RollupValues;
import io.dorastream.events.DoraJson;
import io.dorastream.api.metrics.Summary;

/**
 * Answers the metrics endpoints from the rollups, never scanning raw deployments except on the
 * partial days at a window's edges: {@code deployment_monthly} serves the whole months inside the window
 * (where the grouping keeps a month together: not days or weeks), or {@code deployment_connection_monthly} (one row
 * per connection and month) where the scope takes whole connections and the grouping keeps them together (a
 * summary or series without a service, env or team filter: {@link MetricsSql#connectionWide}), {@code deployment_daily} the other whole
 * UTC days inside {@code [from, to)}, {@link RollupSql#rowsOfDeployments} turns the edges' raw deployments
 * into rows of the daily shape, and they are added up per group (the whole scope, an interval or a
 * dimension's value). A summary or breakdown reads a partial month at an edge of the window as its monthly row less
 * its days outside the window where those are fewer ({@link MetricsSql#monthPlan}), for the counts and the sketches.
 * Per group: per-day counts, verdict counts, remediation counts, and the percentiles of each value
 * distribution — exact (the database reads the rows' sorted arrays, {@link Percentiles} sorts their values and
 * interpolates; the recovery times of the whole months come
 * from the monthly rows' sorted values, {@link RollupValues#exactColumn()}), or, when a group holds more than
 * {@link Quantiles#EXACT_LIMIT} values, from a {@link LogHistogram} merged from the monthly sketches
 * ({@code deployment_monthly}) for the whole months of the window and filled by the database
 * from the remaining days' values. Failures are read at their own grain (the {@code incident} table),
 * so each counts once per group.
 */
@ApplicationScoped
public class MetricsQuery {

    /**
     * A query: window, filters, benchmark (null for the default) and, under a benchmark with scores,
     * the comparison group (null under one without).
     */
    public record Request(Instant from, Instant to, Filters filters, String benchmark, ComparisonGroup group) {

        /** Under the benchmark's default comparison group (none for a benchmark without scores). */
        public Request(Instant from, Instant to, Filters filters, String benchmark) {
            this(from, to, filters, benchmark, Benchmarks.builtIn()
                    .defaultGroup(benchmark == null ? Benchmarks.builtIn().defaultBenchmark().name() : benchmark).orElse(null));
        }
    }

    /** The aggregates of one group. */
    private static final class Aggregate {
        final Map<LocalDate, Long> perDay = new TreeMap<>();
        final EnumMap<RollupCount, Long> counts = new EnumMap<>(RollupCount.class);
        /** The number of values of each distribution. */
        final EnumMap<RollupValues, Long> sizes = new EnumMap<>(RollupValues.class);
        final EnumMap<RollupValues, Quantiles> quantiles = new EnumMap<>(RollupValues.class);
        Map<String, Long> cfRemediation = new TreeMap<>();
        Map<String, Long> linkRemediation = new TreeMap<>();
        long open;
        Quantiles timeToRestore = Quantiles.NONE;

        long count(RollupCount c) {
            return counts.getOrDefault(c, 0L);
        }

        Quantiles quantiles(RollupValues v) {
            return quantiles.getOrDefault(v, Quantiles.NONE);
        }

        DeploymentCounts counts() {
            return new DeploymentCounts(count(RollupCount.DEPLOYMENTS), count(RollupCount.CF_FAILED),
                    count(RollupCount.CF_STABLE), count(RollupCount.CF_PENDING), count(RollupCount.LINK_FAILED),
                    count(RollupCount.TYPE_KNOWN), count(RollupCount.REWORK), cfRemediation, linkRemediation);
        }

        /** Whether a figure reads the distribution: lead times always, recovery times only under the method in use. */
        boolean reads(RollupValues v) {
            boolean cf = counts().method() == ChangeFailureMethod.CHANGE_FAILURE;
            return switch (v) {
                case LEAD_TIMES -> true;
                case CF_RECOVERY -> cf;
                case LINK_RECOVERY -> !cf;
            };
        }
    }

    private final QueryConnections connections;
    private final SummaryCalculator calculator = new SummaryCalculator();
    private final int minSample;

    public MetricsQuery(QueryConnections connections, AggregatorConfig config) {
        this.connections = connections;
        this.minSample = config.metrics().minSample();
        if (minSample < 0) {
            throw new IllegalStateException("dorastream.metrics.min-sample must be 0 or more, got " + minSample);
        }
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
        return withReads(reads -> {
            Connection c = reads.connection();
            Aggregate a = aggregate(reads, r, new Grouping.All(), exactLimit).getOrDefault("", new Aggregate());
            Assessment.Assessed figures = figures(window, a, r);
            return new Summary(new Summary.Window(r.from(), r.to(), window.days()), r.filters().echo(), benchmark(r),
                    figures.figures(), figures.profile(), dataAsOf(c, r.filters().connection()));
        });
    }

    public Summary.TimeSeries timeseries(Request r, Grouping.Interval interval) {
        List<Window> parts = new Window(r.from(), r.to()).split(interval.calendar());
        Grouping.Parts grouping = new Grouping.Parts(interval.calendar(), parts.stream().map(Window::firstDate).toList());
        return withReads(reads -> {
            Connection c = reads.connection();
            Map<String, Aggregate> groups = aggregate(reads, r, grouping, Quantiles.EXACT_LIMIT);
            Instant dataAsOf = dataAsOf(c, r.filters().connection());
            List<Summary.Point> points = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                Window part = parts.get(i);
                Aggregate a = groups.getOrDefault(grouping.key(i), new Aggregate());
                Assessment.Assessed figures = figures(part, a, r);
                points.add(new Summary.Point(part.from(), part.to(), figures.figures(), figures.profile(), dataAsOf));
            }
            return new Summary.TimeSeries(interval.json(), points);
        });
    }

    public Summary.Breakdown breakdown(Request r, Grouping.Dimension by, int limit) {
        Window window = new Window(r.from(), r.to());
        return withReads(reads -> {
            Connection c = reads.connection();
            Map<String, Aggregate> groups = aggregate(reads, r, by, Quantiles.EXACT_LIMIT);
            Instant dataAsOf = dataAsOf(c, r.filters().connection());
            List<Map.Entry<String, Aggregate>> sorted = new ArrayList<>(groups.entrySet());
            sorted.sort(Comparator.<Map.Entry<String, Aggregate>>comparingLong(e -> -e.getValue().count(RollupCount.DEPLOYMENTS))
                    .thenComparing(e -> e.getKey().isEmpty()) // deployments without a value last among equals
                    .thenComparing(Map.Entry::getKey));
            List<Summary.Item> items = new ArrayList<>();
            for (Map.Entry<String, Aggregate> e : sorted.subList(0, Math.min(limit, sorted.size()))) {
                Assessment.Assessed figures = figures(window, e.getValue(), r);
                items.add(new Summary.Item(e.getKey().isEmpty() ? null : e.getKey(), figures.figures(), figures.profile(),
                        dataAsOf));
            }
            return new Summary.Breakdown(by.json(), items);
        });
    }

    /** The figures of a group, judged: sample sizes, and scores under a benchmark with scores. */
    private Assessment.Assessed figures(Window window, Aggregate a, Request r) {
        DoraFigures figures = calculator.compute(window, a.perDay, a.counts(), a.quantiles(RollupValues.LEAD_TIMES),
                a.quantiles(RollupValues.CF_RECOVERY), a.quantiles(RollupValues.LINK_RECOVERY), a.timeToRestore, a.open,
                r.benchmark());
        return Assessment.assess(figures, window, minSample, r.group());
    }

    private String benchmark(Request r) {
        return r.benchmark() == null ? defaultBenchmark() : r.benchmark();
    }

    // ------------------------------------------------------------------ aggregation

    /**
     * The aggregates per group. The failures and each value distribution read at once where helpers are free
     * ({@link QueryConnections.Reads#fork}, the answer's one snapshot): the distributions after the counts, which
     * say which groups read which distribution and whether exactly.
     */
    private Map<String, Aggregate> aggregate(QueryConnections.Reads reads, Request r, Grouping g, long exactLimit)
            throws SQLException {
        Connection c = reads.connection();
        QueryConnections.Forked<Map<String, FailureFigures>> failures = reads.fork(f -> failures(f, r, g, exactLimit));
        Map<String, Aggregate> groups = new HashMap<>();
        Sql rows = MetricsSql.rows(r, g);
        MetricsSql.Months months = MetricsSql.wholeMonths(r, g);
        MetricsSql.MonthPlan plan = MetricsSql.monthPlan(r, g, Instant.now());
        // the counts: the plan's monthly rows, the daily rows and the edges for the other days, less the plan's days
        // outside the window
        MetricsSql.perGroupAndDay(MetricsSql.rows(r.filters(), g, plan.spans())).query(c, rs -> {
            LocalDate day = rs.getObject("day", LocalDate.class);
            long sign = plan.removes(day) ? -1 : 1;
            Aggregate a = totals(groups, rs, sign);
            addTo(a.perDay, day, sign * rs.getLong(RollupCount.DEPLOYMENTS.column()));
            addCounts(a.cfRemediation, rs.getString("cf_remediation"), sign);
            addCounts(a.linkRemediation, rs.getString("link_remediation"), sign);
        });
        if (plan.months() != null) {
            MetricsSql.monthlyTotals(r, g, plan.months()).query(c, rs -> {
                Aggregate a = totals(groups, rs, 1);
                LocalDate month = rs.getObject("day", LocalDate.class);
                forEachCount(rs.getString("day_deployments"), (day, n) -> addTo(a.perDay, month.plusDays(Long.parseLong(day) - 1), n));
                forEachCount(rs.getString("cf_remediation"), (type, n) -> addTo(a.cfRemediation, type, n));
                forEachCount(rs.getString("link_remediation"), (type, n) -> addTo(a.linkRemediation, type, n));
            });
        }
        // a group is the window's rows of it, and a daily row holds a deployment at least: a group whose deployments
        // were all outside the window is none (its counts are zero, as a day's or a type's that only held those)
        groups.values().removeIf(a -> a.count(RollupCount.DEPLOYMENTS) == 0);
        List<Map.Entry<RollupValues, QueryConnections.Forked<Map<String, Quantiles>>>> distributions = new ArrayList<>();
        for (RollupValues v : RollupValues.values()) {
            Map<String, Long> sizes = new HashMap<>();
            groups.forEach((k, a) -> {
                if (a.reads(v) && a.sizes.getOrDefault(v, 0L) > 0) {
                    sizes.put(k, a.sizes.get(v));
                }
            });
            if (sizes.isEmpty()) {
                continue;
            }
            // exact values: the whole months' from their monthly rows where those keep them
            boolean monthly = months != null && v.keptMonthly();
            Sql cte = monthly ? MetricsSql.rowsAndMonthlyValues(r, g, v, months) : rows;
            String source = monthly ? MetricsSql.arraysWithMonthly(v) : MetricsSql.arrays(v);
            distributions.add(Map.entry(v, reads.fork(f -> PercentileQuery.quantiles(f, cte, source, sizes, exactLimit,
                    (large, out) -> sketchValues(f, r, g, v, plan, large, out)))));
        }
        // the last forked first: what no helper has taken yet runs on the answer's own connection meanwhile
        for (int i = distributions.size() - 1; i >= 0; i--) {
            RollupValues v = distributions.get(i).getKey();
            distributions.get(i).getValue().join().forEach((k, q) -> groups.get(k).quantiles.put(v, q));
        }
        failures.join().forEach((k, f) -> {
            Aggregate a = groups.computeIfAbsent(k, key -> new Aggregate());
            a.open = f.open();
            a.timeToRestore = f.timeToRestore();
        });
        return groups;
    }

    /** A group's open failures and the percentiles of its failures' times to restore. */
    private record FailureFigures(long open, Quantiles timeToRestore) {
    }

    /** The failures per group: counts and exact times to restore in one pass, histograms for groups of more values. */
    private static Map<String, FailureFigures> failures(Connection c, Request r, Grouping g, long exactLimit)
            throws SQLException {
        Map<String, FailureFigures> out = new HashMap<>();
        Sql failures = MetricsSql.failures(r, g);
        List<String> large = new ArrayList<>();
        PercentileQuery.countsAndExact(c, failures, MetricsSql.FAILURE_COUNTS, exactLimit, (rs, q) -> {
            String k = rs.getString("g");
            out.put(k, new FailureFigures(rs.getLong("open"), q != null ? q : Quantiles.NONE));
            if (q == null && rs.getLong("n") > exactLimit) {
                large.add(k);
            }
        });
        if (!large.isEmpty()) {
            Map<String, LogHistogram> histograms = new HashMap<>();
            PercentileQuery.bucketValues(c, failures, MetricsSql.FAILURE_VALUES, large.toArray(String[]::new), histograms);
            histograms.forEach((k, h) -> out.put(k, new FailureFigures(out.get(k).open(), h.quantiles())));
        }
        return out;
    }

    /**
     * Adds a row's counts and numbers of values (named as their columns), times {@code sign} (-1 for a day outside the
     * window that its month's row counted), to its group's aggregate, which it returns.
     */
    private static Aggregate totals(Map<String, Aggregate> groups, java.sql.ResultSet rs, long sign) throws SQLException {
        Aggregate a = groups.computeIfAbsent(rs.getString("g"), k -> new Aggregate());
        for (RollupCount count : RollupCount.values()) {
            a.counts.merge(count, sign * rs.getLong(count.column()), Long::sum);
        }
        for (RollupValues v : RollupValues.values()) {
            a.sizes.merge(v, sign * rs.getLong(v.sizeColumn()), Long::sum);
        }
        return a;
    }

    /** Adds {@code n} (negative to take away) to a key's count, a count that reaches zero leaving the map. */
    private static <K> void addTo(Map<K, Long> counts, K key, long n) {
        long sum = counts.getOrDefault(key, 0L) + n;
        if (sum == 0) {
            counts.remove(key);
        } else {
            counts.put(key, sum);
        }
    }

    /** Adds a JSON array of {@code {type: n}} count objects (null for none), times {@code sign}, to the counts. */
    private static void addCounts(Map<String, Long> counts, String jsonArray, long sign) {
        if (jsonArray == null) {
            return;
        }
        try {
            for (com.fasterxml.jackson.databind.JsonNode o : DoraJson.mapper().readTree(jsonArray)) {
                forEachCount(o, (type, n) -> addTo(counts, type, sign * n));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable remediation counts: " + jsonArray, e);
        }
    }

    /** Hands each entry of a JSON counts object {@code {key: n}} to {@code action}. */
    private static void forEachCount(String jsonObject, java.util.function.BiConsumer<String, Long> action) {
        try {
            forEachCount(DoraJson.mapper().readTree(jsonObject), action);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable counts: " + jsonObject, e);
        }
    }

    private static void forEachCount(com.fasterxml.jackson.databind.JsonNode object, java.util.function.BiConsumer<String, Long> action) {
        object.fields().forEachRemaining(e -> action.accept(e.getKey(), e.getValue().asLong()));
    }

    /**
     * Fills the histograms of a rollup distribution from the answer's {@link MetricsSql.MonthPlan}: the monthly sketches
     * of its months, the rollup's and the edges' values for the spans it adds, less the values of the spans it removes.
     */
    private static void sketchValues(Connection c, Request r, Grouping g, RollupValues v, MetricsSql.MonthPlan plan,
            String[] groups, Map<String, LogHistogram> out) throws SQLException {
        if (plan.added().stream().anyMatch(span -> !span.isEmpty())) {
            PercentileQuery.bucketValues(c, MetricsSql.rows(r.filters(), g, plan.added()), MetricsSql.values(v), groups, out);
        }
        if (plan.months() != null) {
            MetricsSql.monthlySketches(r, g, v, plan.months(), groups).query(c, rs -> PercentileQuery.addBucket(out, rs));
        }
        if (plan.removed().stream().anyMatch(span -> !span.isEmpty())) {
            Map<String, LogHistogram> outside = new HashMap<>();
            PercentileQuery.bucketValues(c, MetricsSql.rows(r.filters(), g, plan.removed()), MetricsSql.values(v), groups, outside);
            outside.forEach((k, h) -> out.computeIfAbsent(k, key -> new LogHistogram()).remove(h));
        }
    }

    // ------------------------------------------------------------------ dataAsOf

    /**
     * The oldest watermark applied for the streams of the connections in scope (the filter's, else every
     * connection known), retired streams (deleted connections) left out; null when a stream in scope
     * has none yet, or when none is in scope. A watermark is applied only once the events it covers are
     * ({@link io.dorastream.aggregator.ingest.WatermarkStore}), so every event published up to dataAsOf
     * is in the figures.
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
                    + " UNION SELECT connection_id FROM sync_watermark UNION SELECT connection_id FROM sync_watermark_pending)";
        } else {
            scope = "WITH conns(id) AS (SELECT DISTINCT unnest(?::uuid[]))";
            params.add(connections.toArray(UUID[]::new));
        }
        Instant[] out = new Instant[1];
        params.add(java.util.stream.Stream.of(io.dorastream.events.Stream.values()).map(io.dorastream.events.Stream::id)
                .toArray(String[]::new));
        new Sql(scope + " SELECT CASE WHEN bool_and(w.watermark IS NOT NULL) THEN min(w.watermark) END"
                + " FROM conns CROSS JOIN unnest(?::text[]) AS st(stream)"
                + " LEFT JOIN sync_watermark w ON w.connection_id = conns.id AND w.stream = st.stream"
                + " WHERE NOT EXISTS (SELECT 1 FROM sync_retired r WHERE r.connection_id = conns.id AND r.stream = st.stream)",
                params).query(c, rs -> {
                    Timestamp t = rs.getTimestamp(1);
                    out[0] = t == null ? null : t.toInstant();
                });
        return out[0];
    }

    // ------------------------------------------------------------------ plumbing

    private <T> T withReads(QueryConnections.ReadsWork<T> work) {
        return connections.reads("the metrics query", work);
    }
}
