package io.dorastream.aggregator.query;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.dorastream.aggregator.rollup.Utc;
import io.dorastream.aggregator.metrics.CalendarInterval;
import io.dorastream.aggregator.rollup.RollupCount;
import io.dorastream.aggregator.rollup.RollupSql;
import io.dorastream.aggregator.rollup.RollupValues;

/**
 * The SQL of the metrics queries: the scope's rollup-shaped rows and failures as a CTE {@code s} with a
 * group key {@code g}, and what is selected from them. Result columns are named after the rollup's
 * ({@link RollupCount#column()}; {@link RollupValues#sizeColumn()} for a distribution's number of values).
 */
final class MetricsSql {

    private MetricsSql() {
    }

    /** The whole months {@code [first, end)} whose days a query reads from the monthly rollup instead. */
    record Months(LocalDate first, LocalDate end) {
    }

    /**
     * Per group and day: every count (named as its column), each distribution's number of values
     * ({@link RollupValues#sizeColumn()}), and the remediation counts as JSON arrays of {@code {type: n}} objects
     * ({@code cf_remediation}, {@code link_remediation}; null for none).
     */
    static Sql perGroupAndDay(Sql rows) {
        return rows.with("SELECT g, day, " + RollupSql.SUMMED_COUNTS + ","
                + " " + jsonArray("cf_remediation") + " AS cf_remediation, " + jsonArray("link_remediation") + " AS link_remediation"
                + " FROM s GROUP BY g, day");
    }

    /**
     * The non-empty {@code jsonb} objects of a column in a group as the text of a JSON array (null for none), joined as
     * text: {@code jsonb_agg} rebuilds each value as {@code jsonb} first, which cost the full-size summary's per-day
     * statement 13 ms against 7 (docs/performance.md, B2).
     */
    private static String jsonArray(String column) {
        return "'[' || string_agg(" + column + "::text, ',') FILTER (WHERE " + column + " <> '{}') || ']'";
    }

    /** The values ({@code g, x}) of a distribution of the rows CTE, one row per value. */
    static String values(RollupValues v) {
        return "SELECT g, unnest(" + v.column() + ") AS x FROM s";
    }

    /** The values ({@code g, a}) of a distribution of the rows CTE as the rows hold them: one sorted array per row. */
    static String arrays(RollupValues v) {
        return "SELECT g, " + v.column() + " AS a FROM s";
    }

    /**
     * The rows CTE {@code s} of {@link #rows(MetricsQuery.Request, Grouping, Months)} (the days outside the whole months)
     * and a CTE {@code mv} of the distribution's values ({@code g, a}) in the whole months, the sorted values of the
     * cells' monthly rows ({@link RollupValues#exactColumn()}; the connections' rows keep none): an exact percentile
     * over them reads one row per cell and month instead of every daily row. Its values: {@link #arraysWithMonthly}.
     */
    static Sql rowsAndMonthlyValues(MetricsQuery.Request r, Grouping g, RollupValues v, Months months) {
        Sql rows = rows(r, g, months);
        List<Object> params = new ArrayList<>(rows.params());
        String sql = rows.text() + ", mv AS (SELECT " + g.rowKey(params) + " AS g, u." + v.exactColumn() + " AS a FROM "
                + monthlyRows(r, false, v.exactColumn(), months, params) + ")";
        return new Sql(sql, params);
    }

    /** The values ({@code g, a}) of a distribution of {@link #rowsAndMonthlyValues}: the rows' arrays, then the months'. */
    static String arraysWithMonthly(RollupValues v) {
        return arrays(v) + " UNION ALL SELECT g, a FROM mv";
    }

    /** What is counted per group of the failures CTE besides their times to restore: how many are open ({@code open}). */
    static final Map<String, String> FAILURE_COUNTS = Map.of("open", "count(*) FILTER (WHERE open)");

    /** The times to restore ({@code g, x}) of the failures CTE. */
    static final String FAILURE_VALUES = "SELECT g, x FROM s WHERE x IS NOT NULL";

    /**
     * The rollup-shaped rows of the scope as a CTE {@code s} with a group key {@code g}: the rollup for
     * the whole days, the raw deployments for the partial days at the edges, both filtered.
     */
    static Sql rows(MetricsQuery.Request r, Grouping g) {
        return rows(r, g, null);
    }

    /** The same, leaving out the rollup's days of the given months (served by the monthly rollup); null for none. */
    static Sql rows(MetricsQuery.Request r, Grouping g, Months months) {
        return rows(r.filters(), g, rowsSpans(r, months));
    }

    /** An interval of time {@code [from, to)}; empty where {@code to} is not after {@code from}. */
    record Span(Instant from, Instant to) {

        boolean isEmpty() {
            return !from.isBefore(to);
        }

        /** Its length. */
        java.time.Duration length() {
            return isEmpty() ? java.time.Duration.ZERO : java.time.Duration.between(from, to);
        }
    }

    /**
     * The rollup-shaped rows of the given spans (the empty ones left out) under the filters, as a CTE {@code s} with a
     * group key {@code g}: per span, the rollup for its whole days (an index range of its own: a range with other days
     * filtered out would read every daily row between them) and the raw deployments for the partial days at its edges.
     */
    static Sql rows(Filters filters, Grouping g, List<Span> spans) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("s AS (SELECT ").append(g.rowKey(params)).append(" AS g, u.* FROM (");
        List<String> parts = new ArrayList<>();
        String raw = RollupSql.rowsOfDeployments("d.window_at >= ? AND d.window_at < ?");
        for (Span span : spans) {
            if (span.isEmpty()) {
                continue;
            }
            LocalDate firstWhole = ceilDay(span.from());
            LocalDate endWhole = LocalDate.ofInstant(span.to(), ZoneOffset.UTC); // exclusive
            if (firstWhole.isBefore(endWhole)) {
                parts.add("SELECT " + RollupSql.COLUMNS + " FROM deployment_daily WHERE day >= ? AND day < ?");
                params.add(firstWhole);
                params.add(endWhole);
                for (Span edge : List.of(new Span(span.from(), startOf(firstWhole)), new Span(startOf(endWhole), span.to()))) {
                    if (!edge.isEmpty()) {
                        parts.add(raw);
                        params.add(Utc.of(edge.from()));
                        params.add(Utc.of(edge.to()));
                    }
                }
            } else {
                parts.add(raw);
                params.add(Utc.of(span.from()));
                params.add(Utc.of(span.to()));
            }
        }
        if (parts.isEmpty()) { // whole months alone
            parts.add("SELECT " + RollupSql.COLUMNS + " FROM deployment_daily WHERE false");
        }
        sql.append(String.join(" UNION ALL ", parts)).append(") u WHERE true");
        filters.appendSql(sql, params, "u.connection_id", "u.service", "u.env", "u.team");
        sql.append(")");
        return new Sql(sql.toString(), params);
    }

    /**
     * Where the rows of a query's counts, and of a distribution's histograms when its groups hold more values than the
     * exact limit, come from: the monthly rows of {@code months} (null for none), plus the rows of the {@code added}
     * spans, less the rows of the {@code removed} spans (which lie inside those months, so a day is in one list or the
     * other: {@link #removes}). Counts add up and the histograms' buckets are fixed, so a month's row less its days
     * outside the window is exactly its days inside: a partial month at an edge of the window is read that way where
     * the part of it outside the window is the shorter (a 24-month summary from the 7th reads the six days before it,
     * not the 25 after), time after {@code now} costing nothing (it holds no events unless they are stamped in the
     * future, and the answer is exact whichever way it is read). Only where a group's key does not depend on the day
     * (not a series, whose parts are keyed by day: the days outside the window would count under no part).
     */
    record MonthPlan(Months months, List<Span> added, List<Span> removed) {

        /** The spans whose rows are read day by day, added and removed. */
        List<Span> spans() {
            return java.util.stream.Stream.concat(added.stream(), removed.stream()).filter(s -> !s.isEmpty()).toList();
        }

        /** Whether a day's row read from {@link #spans()} is removed: a day of the plan's months. */
        boolean removes(LocalDate day) {
            return months != null && !day.isBefore(months.first()) && day.isBefore(months.end());
        }
    }

    static MonthPlan monthPlan(MetricsQuery.Request r, Grouping g, Instant now) {
        Months whole = wholeMonths(r, g);
        MonthPlan best = new MonthPlan(whole, rowsSpans(r, whole), List.of());
        if (g instanceof Grouping.Parts) {
            return best;
        }
        LocalDate fromMonth = CalendarInterval.MONTH.start(LocalDate.ofInstant(r.from(), ZoneOffset.UTC));
        LocalDate toMonth = CalendarInterval.MONTH.start(LocalDate.ofInstant(r.to(), ZoneOffset.UTC));
        List<LocalDate> firsts = List.of(fromMonth, CalendarInterval.MONTH.next(fromMonth));
        List<LocalDate> ends = List.of(toMonth, CalendarInterval.MONTH.next(toMonth));
        for (LocalDate first : firsts) {
            for (LocalDate end : ends) {
                if (!first.isBefore(end)) {
                    continue;
                }
                Instant a = startOf(first);
                Instant b = startOf(end);
                MonthPlan plan = new MonthPlan(new Months(first, end),
                        List.of(new Span(r.from(), a), new Span(b, r.to())), List.of(new Span(a, r.from()), new Span(r.to(), b)));
                if (read(plan, now).compareTo(read(best, now)) < 0) {
                    best = plan;
                }
            }
        }
        return best;
    }

    /** The window's spans outside the given months (null for none): what {@link #rows(MetricsQuery.Request, Grouping, Months)} reads. */
    private static List<Span> rowsSpans(MetricsQuery.Request r, Months months) {
        return months == null ? List.of(new Span(r.from(), r.to()))
                : List.of(new Span(r.from(), min(r.to(), startOf(months.first()))), new Span(max(r.from(), startOf(months.end())), r.to()));
    }

    /** The time whose rows a plan reads day by day, up to {@code now}: its spans added and removed. */
    private static java.time.Duration read(MonthPlan plan, Instant now) {
        return plan.spans().stream().map(s -> new Span(s.from(), min(s.to(), now)).length())
                .reduce(java.time.Duration.ZERO, java.time.Duration::plus);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /**
     * The failures of the scope as a CTE {@code s}: group key {@code g}, time to restore {@code x} (null
     * while open), {@code open}. A failure matching the filters is one row per group — one for the
     * summary or an interval, one per admitted service (env, team) in a breakdown. Only a breakdown's join can
     * repeat a failure under a key (a service named twice in its array), so only a join pays for {@code DISTINCT}:
     * without one each failure is one row of its primary key, and the summary's failures are not hashed to
     * find it out.
     */
    static Sql failures(MetricsQuery.Request r, Grouping g) {
        List<Object> params = new ArrayList<>();
        String join = g.failureJoin();
        StringBuilder sql = new StringBuilder("s AS (SELECT ").append(join.isEmpty() ? "" : "DISTINCT ")
                .append("i.connection_id, i.event_id, ").append(g.failureKey(params))
                .append(" AS g, i.time_to_restore_sec AS x, i.finished_at IS NULL AS open FROM incident i")
                .append(join)
                .append(" WHERE NOT i.deleted AND i.started_at >= ? AND i.started_at < ?");
        params.add(Utc.of(r.from()));
        params.add(Utc.of(r.to()));
        r.filters().appendFailureSql(sql, params);
        if (g instanceof Grouping.Dimension d && !d.filterValues(r.filters()).isEmpty()) {
            sql.append(" AND k.g = ANY (?)");
            params.add(d.filterValues(r.filters()).toArray(String[]::new));
        }
        sql.append(")");
        return new Sql(sql.toString(), params);
    }

    /**
     * The monthly rollup's rows of the given months: group key {@code g}, the month as {@code day}, every count
     * (named as its column), each distribution's number of values ({@link RollupValues#sizeColumn()}), and
     * {@code day_deployments}, {@code cf_remediation} and {@code link_remediation} as JSON objects.
     */
    static Sql monthlyTotals(MetricsQuery.Request r, Grouping g, Months months) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT " + g.rowKey(params) + " AS g, u.* FROM " + monthlyRows(r, g, RollupSql.MONTHLY_TOTALS, months, params);
        return new Sql(sql, params);
    }

    /**
     * The monthly sketches ({@code g, key, count}: bucket counts) of a distribution for the given
     * months and groups.
     */
    static Sql monthlySketches(MetricsQuery.Request r, Grouping g, RollupValues v, Months months, String[] groups) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT g, key, sum(value::bigint) FROM (SELECT " + g.rowKey(params) + " AS g, u.h FROM "
                + monthlyRows(r, g, v.column() + " AS h", months, params) + ") t, jsonb_each_text(t.h) WHERE g = ANY (?) GROUP BY 1, 2";
        params.add(groups);
        return new Sql(sql, params);
    }

    /**
     * The scope's monthly rows of the given months, as a subquery {@code u} with {@code connection_id}, the month as
     * {@code day}, {@code service}, {@code env}, {@code team} and {@code columns}: one row per connection and month
     * ({@code deployment_connection_monthly}, cells merged, their service, env and team '') when the scope takes
     * whole connections and the grouping keeps their cells together ({@link #connectionWide}), else one per cell and
     * month ({@code deployment_monthly}).
     */
    private static String monthlyRows(MetricsQuery.Request r, Grouping g, String columns, Months months, List<Object> params) {
        return monthlyRows(r, connectionWide(r, g), columns, months, params);
    }

    /** The same, from {@code deployment_connection_monthly} where {@code connectionRows}, else from the cells' rows. */
    private static String monthlyRows(MetricsQuery.Request r, boolean connectionRows, String columns, Months months,
            List<Object> params) {
        StringBuilder sql = new StringBuilder("(SELECT connection_id, month AS day, ").append(connectionRows
                ? "'' AS service, '' AS env, '' AS team, " + columns + " FROM deployment_connection_monthly"
                : "service, env, team, " + columns + " FROM deployment_monthly")
                .append(" WHERE month >= ? AND month < ?) u WHERE true");
        params.add(months.first());
        params.add(months.end());
        r.filters().appendSql(sql, params, "u.connection_id", "u.service", "u.env", "u.team");
        return sql.toString();
    }

    /**
     * Whether the scope takes whole connections (no service, env or team filter) and the grouping keeps a
     * connection's cells together (a summary or a series, not a breakdown).
     */
    static boolean connectionWide(MetricsQuery.Request r, Grouping g) {
        Filters f = r.filters();
        return !(g instanceof Grouping.Dimension) && f.service().isEmpty() && f.env().isEmpty() && f.team().isEmpty();
    }

    /**
     * The months lying wholly inside the window's whole days, when the grouping keeps a month's days
     * together (not days or weeks); null when there are none.
     */
    static Months wholeMonths(MetricsQuery.Request r, Grouping g) {
        if (g instanceof Grouping.Parts p && p.interval() != CalendarInterval.MONTH) {
            return null;
        }
        LocalDate firstWhole = ceilDay(r.from());
        LocalDate endWhole = LocalDate.ofInstant(r.to(), ZoneOffset.UTC);
        LocalDate first = CalendarInterval.MONTH.start(firstWhole).equals(firstWhole) ? firstWhole
                : CalendarInterval.MONTH.next(CalendarInterval.MONTH.start(firstWhole));
        LocalDate end = CalendarInterval.MONTH.start(endWhole);
        return first.isBefore(end) ? new Months(first, end) : null;
    }

    private static LocalDate ceilDay(Instant i) {
        LocalDate d = LocalDate.ofInstant(i, ZoneOffset.UTC);
        return startOf(d).equals(i) ? d : d.plusDays(1);
    }

    private static Instant startOf(LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
