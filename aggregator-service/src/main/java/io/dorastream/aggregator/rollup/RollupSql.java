package io.dorastream.aggregator.rollup;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one definition of what a deployment adds to the rollup: the SQL that turns stored deployments
 * into rows of {@code deployment_daily}'s shape ({@link #rowsOfDeployments}), and the monthly rollup
 * of such rows ({@link #monthly}). The rebuild writes the rollups with them, ingestion recomputes the
 * rows a batch touched with them ({@link RollupRefresh}), and a query serves the partial days at a
 * window's edges with them.
 */
public final class RollupSql {

    /** The rollup's columns after its key, in order. */
    public static final String VALUE_COLUMNS = String.join(", ", Stream.of(
            Stream.of(RollupCount.values()).map(RollupCount::column),
            Stream.of(RollupValues.values()).map(RollupValues::column),
            Stream.of("cf_remediation", "link_remediation")).flatMap(c -> c).toList());

    /** Every column of the rollup, in order. */
    public static final String COLUMNS = "connection_id, day, service, env, team, " + VALUE_COLUMNS;

    /** The key of a {@code deployment_monthly} row. */
    static final String MONTH_CELL = "connection_id, month, service, env, team";

    /** The monthly rollup's totals that are counts objects ({@code {key: n}}) rather than counts. */
    private static final List<String> COUNTS_OBJECT_TOTALS = List.of("day_deployments", "cf_remediation",
            "link_remediation");

    /**
     * The monthly rollup's columns after its key but its sketches: the daily rows' counts summed, their
     * distributions' numbers of values ({@link RollupValues#sizeColumn()}), {@code day_deployments}
     * ({@code {"day of month": deployments}}) and the remediation counts summed.
     */
    public static final String MONTHLY_TOTALS = String.join(", ", Stream.of(
            Stream.of(RollupCount.values()).map(RollupCount::column),
            Stream.of(RollupValues.values()).map(RollupValues::sizeColumn),
            COUNTS_OBJECT_TOTALS.stream()).flatMap(c -> c).toList());

    /**
     * {@code deployment_connection_monthly}'s columns after its key: {@link #MONTHLY_TOTALS}, then a sketch
     * ({@code dora_buckets}) of each distribution.
     */
    public static final String CONNECTION_MONTHLY_COLUMNS = MONTHLY_TOTALS + ", "
            + Stream.of(RollupValues.values()).map(RollupValues::column).collect(Collectors.joining(", "));

    /**
     * {@code deployment_monthly}'s columns after its key: {@link #CONNECTION_MONTHLY_COLUMNS}, then the values, sorted,
     * of each distribution kept value by value ({@link RollupValues#exactColumn()}). Only the cells' rows keep values:
     * a connection's month would hold every value of its cells in one row, rewritten whole by every batch that
     * touches the month, while a query over whole connections reads as many values from the cells' rows.
     */
    public static final String MONTHLY_COLUMNS = CONNECTION_MONTHLY_COLUMNS + ", "
            + RollupValues.withMonthlyValues().stream().map(RollupValues::exactColumn).collect(Collectors.joining(", "));

    /**
     * SQL for the key of a value in a batch's moves of the values kept value by value ({@code {"seconds": ±n}}, applied
     * by {@code dora_move_values}): its whole seconds as text.
     */
    static String valueKey(String x) {
        return x + "::bigint::text";
    }

    /**
     * Aggregates of rollup-shaped rows: each count summed and each distribution's number of values, named as the
     * monthly rollup's columns ({@link RollupCount#column()}, {@link RollupValues#sizeColumn()}).
     */
    public static final String SUMMED_COUNTS = Stream.concat(
            Stream.of(RollupCount.values()).map(c -> "sum(" + c.column() + ") AS " + c.column()),
            Stream.of(RollupValues.values()).map(v -> "sum(cardinality(" + v.column() + ")) AS " + v.sizeColumn()))
            .collect(Collectors.joining(", "));

    /** The key of a {@code deployment_connection_monthly} row. */
    static final String CONNECTION_MONTH = "connection_id, month";

    private RollupSql() {
    }

    /**
     * The rollup rows of the non-deleted deployments (alias {@code d}) matching {@code condition}, with
     * {@link #COLUMNS}; {@code condition} may hold parameters.
     */
    public static String rowsOfDeployments(String condition) {
        return rowsOfDeployments("", condition);
    }

    /** The same, with {@code join} (e.g. {@code " JOIN k ON ..."}) after {@code FROM deployment d}. */
    static String rowsOfDeployments(String join, String condition) {
        return "SELECT d.connection_id, (d.window_at AT TIME ZONE 'UTC')::date AS day, coalesce(d.service, '') AS service,"
                + " coalesce(d.env, '') AS env, coalesce(d.team, '') AS team,"
                + " count(*) AS deployments,"
                + " count(*) FILTER (WHERE d.change_failure) AS cf_failed,"
                + " count(*) FILTER (WHERE NOT d.change_failure) AS cf_stable,"
                + " count(*) FILTER (WHERE d.change_failure IS NULL) AS cf_pending,"
                + " count(*) FILTER (WHERE d.link_failed) AS link_failed,"
                + " count(*) FILTER (WHERE d.deployment_type IS NOT NULL) AS type_known,"
                + " count(*) FILTER (WHERE d.deployment_type IN ('rollback', 'rollforward')) AS rework,"
                + " coalesce(array_agg(d.lead_time_sec ORDER BY d.lead_time_sec) FILTER (WHERE d.lead_time_sec IS NOT NULL),"
                + " '{}') AS lead_times,"
                + " coalesce(array_agg(d.recovery_time_sec::float8 ORDER BY d.recovery_time_sec)"
                + " FILTER (WHERE d.change_failure AND d.recovery_time_sec IS NOT NULL), '{}') AS cf_recovery,"
                + " coalesce(array_agg(d.recovery_time_sec::float8 ORDER BY d.recovery_time_sec)"
                + " FILTER (WHERE d.link_failed AND d.recovery_time_sec IS NOT NULL), '{}') AS link_recovery,"
                + " dora_tally(array_agg(coalesce(d.remediation_type, 'unknown')) FILTER (WHERE d.change_failure))"
                + " AS cf_remediation,"
                + " dora_tally(array_agg(coalesce(d.remediation_type, 'unknown')) FILTER (WHERE d.link_failed))"
                + " AS link_remediation"
                + " FROM deployment d" + join + " WHERE NOT d.deleted AND (" + condition + ")"
                + " GROUP BY 1, 2, 3, 4, 5";
    }

    /** SQL for the first day of the month of a date: where a rollup row's values are sketched. */
    static String monthOf(String day) {
        return "date_trunc('month', " + day + "::timestamp)::date";
    }

    /** SQL for the key of {@code day_deployments} (the day of the month, as text) of a date. */
    static String dayOfMonth(String day) {
        return "extract(day FROM " + day + ")::int::text";
    }

    /**
     * The monthly rollup of rollup-shaped rows ({@code rows}: a table or CTE): per connection, month
     * ({@link #monthOf}), service, env and team, {@link #MONTH_CELL} then {@link #MONTHLY_COLUMNS}.
     */
    static String monthly(String rows) {
        String sketched = Stream.concat(Stream.of(RollupValues.values()).map(RollupValues::column),
                RollupValues.withMonthlyValues().stream().map(RollupValues::exactColumn))
                .map(c -> "coalesce(s." + c + ", '{}') AS " + c).collect(Collectors.joining(", "));
        return "SELECT " + MONTH_CELL + ", " + MONTHLY_TOTALS + ", " + sketched
                + " FROM (SELECT connection_id, " + monthOf("day") + " AS month, service, env, team, " + SUMMED_COUNTS + ", jsonb_object_agg(" + dayOfMonth("day") + ", deployments) AS day_deployments,"
                + " dora_sum_counts(array_agg(cf_remediation)) AS cf_remediation,"
                + " dora_sum_counts(array_agg(link_remediation)) AS link_remediation"
                + " FROM " + rows + " GROUP BY 1, 2, 3, 4, 5) m LEFT JOIN (" + sketches(rows) + ") s USING (" + MONTH_CELL + ")";
    }

    /**
     * Whether a monthly column ({@link #MONTHLY_COLUMNS}) holds a counts object ({@code {key: n}}: the days, the
     * remediation counts, a sketch), added up with {@code dora_sum_counts} and {@code dora_counts}, rather than a count
     * or {@link #sortedValues sorted values}.
     */
    static boolean countsObject(String column) {
        return COUNTS_OBJECT_TOTALS.contains(column) || Stream.of(RollupValues.values()).anyMatch(v -> v.column().equals(column));
    }

    /** Whether a monthly column holds sorted values ({@link RollupValues#exactColumn()}), which a refresh replaces whole. */
    static boolean sortedValues(String column) {
        return RollupValues.withMonthlyValues().stream().anyMatch(v -> v.exactColumn().equals(column));
    }

    /**
     * The connection-wide monthly rollup of monthly rows ({@code monthlyRows}: a table or CTE with {@link #MONTH_CELL}
     * and {@link #MONTHLY_COLUMNS}, such as {@code deployment_monthly} or a batch's moves of it): per connection and
     * month, every cell's counts added up, {@link #CONNECTION_MONTH} then {@link #CONNECTION_MONTHLY_COLUMNS}.
     */
    static String connectionMonthly(String monthlyRows) {
        return "SELECT " + CONNECTION_MONTH + ", " + Stream.of(CONNECTION_MONTHLY_COLUMNS.split(", "))
                .map(c -> (countsObject(c) ? "dora_sum_counts(array_agg(" + c + "))" : "sum(" + c + ")") + " AS " + c)
                .collect(Collectors.joining(", ")) + " FROM " + monthlyRows + " GROUP BY 1, 2";
    }

    /**
     * The SET list of an upsert into a monthly table (alias {@code m}) of the given columns
     * ({@link #MONTHLY_COLUMNS}, {@link #CONNECTION_MONTHLY_COLUMNS}) that moves each existing row by the row inserted
     * ({@code EXCLUDED}): counts added, counts objects merged with {@code dora_counts}; {@link #sortedValues sorted
     * values} replaced by the inserted row's (which holds them already moved).
     */
    static String addExcluded(String columns) {
        return Stream.of(columns.split(", ")).map(c -> c + " = " + (countsObject(c)
                ? "CASE WHEN EXCLUDED." + c + " = '{}' THEN m." + c + " ELSE dora_counts(m." + c + ", EXCLUDED." + c + ") END"
                : sortedValues(c) ? "EXCLUDED." + c : "m." + c + " + EXCLUDED." + c)).collect(Collectors.joining(", "));
    }

    /**
     * The monthly sketches of rollup-shaped rows ({@code rows}: a table or CTE): per connection, month
     * ({@link #monthOf}), service, env and team, the bucket counts ({@code dora_buckets}) of each
     * {@link RollupValues} column, named as it, and the sorted values of those kept value by value, named as their
     * {@link RollupValues#exactColumn()}; no row for a cell and month without values.
     */
    private static String sketches(String rows) {
        StringBuilder buckets = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (RollupValues v : RollupValues.values()) {
            buckets.append(", dora_buckets(array_agg(x) FILTER (WHERE f = ").append(v.ordinal()).append(")) AS ").append(v.column());
            if (v.keptMonthly()) {
                buckets.append(", array_agg(x ORDER BY x) FILTER (WHERE f = ").append(v.ordinal()).append(") AS ")
                        .append(v.exactColumn());
            }
            values.append(values.length() == 0 ? "" : " UNION ALL ").append("SELECT connection_id, ").append(monthOf("day"))
                    .append(" AS month, service, env, team, ").append(v.ordinal()).append(" AS f, unnest(").append(v.column())
                    .append(") AS x FROM ").append(rows);
        }
        return "SELECT connection_id, month, service, env, team" + buckets + " FROM (" + values + ") v GROUP BY 1, 2, 3, 4, 5";
    }

    /**
     * The {@code incident_link} verdicts ({@code connection_id, event_id, failed}) of the non-deleted
     * deployments (alias {@code x}) matching {@code condition}, which must select whole timelines (e.g.
     * whole connections): each deployment's interval ends at the next one's of its service and env.
     */
    public static String linkVerdicts(String condition) {
        return "SELECT d.connection_id, d.event_id, " + linkVerdict("d.next_at") + " AS failed FROM (SELECT x.connection_id,"
                + " x.event_id, x.service, x.env, x.window_at, lead(x.window_at) OVER (PARTITION BY x.connection_id, x.service,"
                + " x.env ORDER BY " + timelineOrder("x") + ") AS next_at FROM deployment x WHERE NOT x.deleted AND ("
                + condition + ")) d";
    }

    /**
     * The {@code incident_link} verdict of the deployment {@code d} whose next deployment of the same
     * service and env finishes at {@code nextAt} (null when none): a failure of the connection naming
     * its service and env starts in {@code [d.window_at, nextAt)}. The one definition of the verdict
     * (docs/metrics.md): the rebuild ({@link #linkVerdicts}) and the incremental {@link Relinker} use it.
     */
    public static String linkVerdict(String nextAt) {
        return "EXISTS (SELECT 1 FROM incident i WHERE " + links("i", "d", nextAt) + ")";
    }

    /**
     * Whether the failure {@code i} links (fails, under {@code incident_link}) the deployment {@code d}
     * whose next deployment of the same service and env finishes at {@code nextAt} (null when none): the
     * same connection, a service and an env of the failure are the deployment's, and the failure starts
     * in {@code [d.window_at, nextAt)}. The listings explain verdicts with it.
     *
     * <p>No next deployment is an upper bound of {@code 'infinity'} (no stored failure starts there: its start is
     * an instant) rather than an {@code OR}, so that both bounds are conditions of the index on
     * {@code (connection_id, started_at)}: a verdict reads the failures of its interval only, not every later one
     * of the connection.
     */
    public static String links(String i, String d, String nextAt) {
        return i + ".connection_id = " + d + ".connection_id AND NOT " + i + ".deleted"
                + " AND " + i + ".started_at >= " + d + ".window_at AND " + i + ".started_at < coalesce(" + nextAt
                + ", 'infinity'::timestamptz) AND " + d + ".service = ANY (" + i + ".services) AND " + d + ".env = ANY (" + i + ".envs)";
    }

    /**
     * A {@code LEFT JOIN LATERAL} of the next deployment {@code n} (its {@code window_at} only; null when
     * none) of the deployment {@code d} on its service and env's timeline ({@link #timelineOrder}).
     */
    public static String nextDeployment(String d, String n) {
        return " LEFT JOIN LATERAL (SELECT y.window_at FROM deployment y WHERE y.connection_id = " + d + ".connection_id"
                + " AND y.service = " + d + ".service AND y.env = " + d + ".env AND NOT y.deleted AND y.window_at >= " + d
                + ".window_at AND (" + timelineOrder("y") + ") > (" + timelineOrder(d) + ")"
                + " ORDER BY " + timelineOrder("y") + " LIMIT 1) " + n + " ON true";
    }

    /**
     * Orders one service and env's deployments (alias {@code a}) as docs/metrics.md does: finish (else
     * start), start, then id — compared by code unit.
     */
    public static String timelineOrder(String a) {
        return a + ".window_at, " + a + ".started_at, " + a + ".event_id COLLATE \"C\"";
    }
}
