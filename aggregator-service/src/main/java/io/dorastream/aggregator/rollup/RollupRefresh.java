package io.dorastream.aggregator.rollup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Keeps {@code deployment_daily}, {@code deployment_monthly} and {@code deployment_connection_monthly} current
 * for what a batch changed:
 * the rows a batch touched (the rows its deployments left and entered, and those of the deployments whose
 * {@code incident_link} verdict moved) are recomputed from the stored deployments with
 * {@link RollupSql#rowsOfDeployments}, the one definition of what a deployment adds, in the ingestion
 * transaction, after the batch's events and verdicts are stored. A row left without deployments is
 * deleted. Each touched month's row moves by its touched daily rows' new counts, days, remediation counts,
 * value buckets and values less their old ones, and its connection's month by the sum of those moves
 * ({@link RollupSql#connectionMonthly}); a month left without deployments is deleted. An unchanged daily
 * row is rewritten as it was, which the outbox trigger ignores.
 */
public final class RollupRefresh {

    /** A rollup row's primary key ('' for none). */
    public record Key(UUID connectionId, LocalDate day, String service, String env, String team) {
    }

    private static final String KEYS = "k AS (SELECT * FROM unnest(?::uuid[], ?::date[], ?::text[], ?::text[], ?::text[])"
            + " AS k(connection_id, day, service, env, team))";

    /** The touched keys' rows as they were ({@code old}) and as the stored deployments make them ({@code fresh}). */
    private static final String OLD_AND_FRESH = "WITH " + KEYS + ","
            + " old AS (SELECT r.* FROM deployment_daily r JOIN k USING (connection_id, day, service, env, team)),"
            + " fresh AS (" + RollupSql.rowsOfDeployments(" JOIN k ON k.connection_id = d.connection_id"
                    + " AND d.window_at >= k.day::timestamp AT TIME ZONE 'UTC'"
                    + " AND d.window_at < (k.day + 1)::timestamp AT TIME ZONE 'UTC'"
                    + " AND k.service = coalesce(d.service, '') AND k.env = coalesce(d.env, '') AND k.team = coalesce(d.team, '')",
                    "true") + ")";

    private static final String CELL = RollupSql.MONTH_CELL;

    /** The touched rows with their month, the fresh ones counting {@code s = 1}, the old ones {@code s = -1}. */
    private static final String MOVED = "SELECT " + RollupSql.monthOf("day") + " AS month, 1 AS s, " + RollupSql.COLUMNS
            + " FROM fresh UNION ALL SELECT " + RollupSql.monthOf("day") + ", -1, " + RollupSql.COLUMNS + " FROM old";

    /** Per touched month's cell, its counts' and numbers of values' moves (every touched cell, moved or not). */
    private static final String COUNTED = "SELECT " + CELL + ", " + Stream.concat(
            Stream.of(RollupCount.values()).map(c -> "sum(s * " + c.column() + ") AS " + c.column()),
            Stream.of(RollupValues.values()).map(v -> "sum(s * cardinality(" + v.column() + ")) AS " + v.sizeColumn()))
            .collect(Collectors.joining(", ")) + " FROM moved GROUP BY 1, 2, 3, 4, 5";

    /** Per cell, the moves of its deployments per day of the month ({@code day_deployments}), where there are any. */
    private static final String DAYS = "SELECT " + CELL + ", jsonb_object_agg(d, n) AS day_deployments FROM (SELECT " + CELL
            + ", " + RollupSql.dayOfMonth("day") + " AS d, sum(s * deployments) AS n FROM moved GROUP BY 1, 2, 3, 4, 5, 6"
            + " HAVING sum(s * deployments) <> 0) x GROUP BY 1, 2, 3, 4, 5";

    private static final String[] REMEDIATION = { "cf_remediation", "link_remediation" };

    /** Per cell, the moves of its remediation counts, where there are any. */
    private static final String REMEDIATIONS = "SELECT " + CELL + ", " + java.util.stream.IntStream.range(0, REMEDIATION.length)
            .mapToObj(f -> "coalesce(jsonb_object_agg(k, n) FILTER (WHERE f = " + f + "), '{}') AS " + REMEDIATION[f])
            .collect(Collectors.joining(", ")) + " FROM (" + java.util.stream.IntStream.range(0, REMEDIATION.length)
            .mapToObj(f -> "SELECT " + CELL + ", " + f + " AS f, e.key AS k, sum(s * e.value::bigint) AS n FROM moved,"
                    + " jsonb_each_text(" + REMEDIATION[f] + ") AS e GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(s * e.value::bigint) <> 0")
            .collect(Collectors.joining(" UNION ALL ")) + ") x GROUP BY 1, 2, 3, 4, 5";

    /**
     * Per cell, the moves of its sketches: per {@link RollupValues} ordinal {@code f} and bucket ({@code dora_bucket},
     * the rule {@link RollupSql#monthly} buckets by), the fresh rows' values less the old rows' ones, where they
     * differ. One pass over the values with the unchanged ones cancelling before any JSON is built: a batch that adds
     * a deployment to a row costs one bucket of one sketch, not two whole histograms of the row.
     */
    private static final String SKETCHED = moves(List.of(RollupValues.values()), "dora_bucket(x)", RollupValues::column);

    /**
     * Per touched cell, its counts' moves ({@code counted}) and its sorted values ({@link RollupValues#exactColumn()}) as
     * they become: the month's row's moved by the batch's moves of them, counted per value as {@link #SKETCHED} counts
     * per bucket ({@code dora_move_values}). Whole arrays, which the upsert puts in place ({@link RollupSql#addExcluded}):
     * the connection's lock ({@link ConnectionLocks}) keeps any other transaction from moving the cell between this read
     * and that write. The counts ride along so that {@link #DELTA} joins every other move to one row per cell: joined
     * back to {@code counted} (whose size the planner cannot foresee) these values were a nested loop over the touched
     * cells squared, a tenth of a refresh.
     */
    private static final String KEPT_VALUES = "SELECT counted.*, " + RollupValues.withMonthlyValues().stream().map(RollupValues::exactColumn)
            .map(c -> "CASE WHEN mv." + c + " IS NULL OR mv." + c + " = '{}' THEN coalesce(cur." + c + ", '{}')"
                    + " ELSE dora_move_values(coalesce(cur." + c + ", '{}'), mv." + c + ") END AS " + c)
            .collect(Collectors.joining(", ")) + " FROM counted LEFT JOIN (" + moves(RollupValues.withMonthlyValues(),
                    RollupSql.valueKey("x"), RollupValues::exactColumn) + ") mv USING (" + CELL + ")"
            + " LEFT JOIN deployment_monthly cur USING (" + CELL + ")";

    /**
     * Per cell, per distribution of {@code distributions} (named by {@code column}) and per key ({@code key}: SQL of a
     * value {@code x}), the fresh rows' values less the old rows' ones as a counts object, where they differ.
     */
    private static String moves(List<RollupValues> distributions, String key, Function<RollupValues, String> column) {
        return "SELECT " + CELL + ", " + distributions.stream()
                .map(v -> "coalesce(jsonb_object_agg(k, n) FILTER (WHERE f = " + v.ordinal() + "), '{}') AS " + column.apply(v))
                .collect(Collectors.joining(", ")) + " FROM (SELECT " + CELL + ", f, " + key + " AS k, sum(s) AS n FROM ("
                + distributions.stream().map(v -> "SELECT " + CELL + ", " + v.ordinal() + " AS f, unnest(" + v.column()
                        + ") AS x, s FROM moved").collect(Collectors.joining(" UNION ALL "))
                + ") v GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(s) <> 0) m GROUP BY 1, 2, 3, 4, 5";
    }

    /** Per touched cell, the move of every monthly column. */
    private static final String DELTA = "SELECT " + CELL + ", " + Stream.of(RollupSql.MONTHLY_COLUMNS.split(", "))
            .map(c -> RollupSql.countsObject(c) ? "coalesce(" + c + ", '{}') AS " + c : c)
            .collect(Collectors.joining(", "))
            + " FROM kept_values LEFT JOIN days USING (" + CELL + ") LEFT JOIN remediations USING (" + CELL + ")"
            + " LEFT JOIN sketched USING (" + CELL + ")";

    /**
     * In one statement (one snapshot: {@code old} is read before any write): upserts the fresh rows, deletes
     * the touched rows that have none, and moves each touched month's row by its fresh rows less its old ones
     * (counts added, counts objects merged with {@code dora_counts}, sorted values moved), then each touched connection's month by
     * the sum of its cells' moves.
     */
    private static final String REFRESH = OLD_AND_FRESH + ","
            + " upserted AS (INSERT INTO deployment_daily AS r (" + RollupSql.COLUMNS + ") SELECT " + RollupSql.COLUMNS
            + " FROM fresh ON CONFLICT (connection_id, day, service, env, team) DO UPDATE SET "
            + Stream.of(RollupSql.VALUE_COLUMNS.split(", ")).map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "))
            + " RETURNING 1),"
            // NOT IN over fresh's non-null key: a hashed subplan, where NOT EXISTS was a nested loop over the batch squared
            + " emptied AS (DELETE FROM deployment_daily r USING k WHERE r.connection_id = k.connection_id AND r.day = k.day"
            + " AND r.service = k.service AND r.env = k.env AND r.team = k.team AND (k.connection_id, k.day, k.service, k.env, k.team)"
            + " NOT IN (SELECT f.connection_id, f.day, f.service, f.env, f.team FROM fresh f) RETURNING 1),"
            + " moved AS (" + MOVED + "), counted AS (" + COUNTED + "), days AS (" + DAYS + "),"
            + " remediations AS (" + REMEDIATIONS + "), sketched AS (" + SKETCHED + "), kept_values AS (" + KEPT_VALUES + "),"
            + " delta AS (" + DELTA + "), cells AS (INSERT INTO deployment_monthly AS m (" + CELL + ", " + RollupSql.MONTHLY_COLUMNS
            + ") SELECT * FROM delta ON CONFLICT (" + CELL + ") DO UPDATE SET " + RollupSql.addExcluded(RollupSql.MONTHLY_COLUMNS)
            + " RETURNING 1) INSERT INTO deployment_connection_monthly AS m (" + RollupSql.CONNECTION_MONTH + ", "
            + RollupSql.CONNECTION_MONTHLY_COLUMNS + ") " + RollupSql.connectionMonthly("delta") + " ON CONFLICT ("
            + RollupSql.CONNECTION_MONTH + ") DO UPDATE SET " + RollupSql.addExcluded(RollupSql.CONNECTION_MONTHLY_COLUMNS);

    /** The touched months' rows left without deployments, of the cells and then of the connections. */
    private static final String DELETE_EMPTY_MONTHS = "WITH " + KEYS + ", m AS (SELECT DISTINCT connection_id, "
            + RollupSql.monthOf("day") + " AS month, service, env, team FROM k), cells AS (DELETE FROM deployment_monthly s USING m"
            + " WHERE s.connection_id = m.connection_id AND s.month = m.month AND s.service = m.service AND s.env = m.env"
            + " AND s.team = m.team AND s.deployments = 0 RETURNING 1)"
            + " DELETE FROM deployment_connection_monthly s USING (SELECT DISTINCT connection_id, month FROM m) c"
            + " WHERE s.connection_id = c.connection_id AND s.month = c.month AND s.deployments = 0";

    private final Set<Key> touched = new LinkedHashSet<>();

    /** Marks the rollup row a deployment counts in as touched. */
    public void touch(DeploymentRow row) {
        touched.add(row.rollupKey());
    }

    /** Recomputes the touched rows and their months' sketches. */
    public void write(Connection c) throws SQLException {
        if (touched.isEmpty()) {
            return;
        }
        List<Key> keys = List.copyOf(touched);
        for (String sql : List.of(REFRESH, DELETE_EMPTY_MONTHS)) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setArray(1, c.createArrayOf("uuid", keys.stream().map(Key::connectionId).toArray()));
                ps.setArray(2, c.createArrayOf("date", keys.stream().map(k -> k.day().toString()).toArray()));
                ps.setArray(3, c.createArrayOf("text", keys.stream().map(Key::service).toArray()));
                ps.setArray(4, c.createArrayOf("text", keys.stream().map(Key::env).toArray()));
                ps.setArray(5, c.createArrayOf("text", keys.stream().map(Key::team).toArray()));
                ps.execute();
            }
        }
    }
}
