package io.dorastream.aggregator.rollup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Keeps {@code deployment_daily} and {@code deployment_sketch_monthly} current for what a batch changed:
 * the rows a batch touched (the rows its deployments left and entered, and those of the deployments whose
 * {@code incident_link} verdict moved) are recomputed from the stored deployments with
 * {@link RollupSql#rowsOfDeployments}, the one definition of what a deployment adds, in the ingestion
 * transaction, after the batch's events and verdicts are stored. A row left without deployments is
 * deleted. Each month's sketch moves by the buckets of its touched rows' new values less those of their
 * old ones; a sketch left empty is deleted. An unchanged row is rewritten as it was, which the outbox
 * trigger ignores.
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

    private static final String VALUE_COLUMNS = Stream.of(RollupValues.values()).map(RollupValues::column)
            .collect(Collectors.joining(", "));

    /**
     * The moves of the touched months' sketches ({@code connection_id, month, service, env, team, f, b, n}): per
     * {@link RollupValues} ordinal {@code f} and bucket {@code b} ({@code dora_bucket}, the rule
     * {@link RollupSql#sketches} buckets by), the fresh rows' values less the old rows' ones, where they differ.
     * One pass over the values with the unchanged ones cancelling before any JSON is built: a batch that adds a
     * deployment to a row costs one bucket of one sketch, not two whole histograms of the row.
     */
    private static final String MOVES = "SELECT connection_id, month, service, env, team, f, dora_bucket(x) AS b, sum(s) AS n"
            + " FROM (" + Stream.of(RollupValues.values()).flatMap(v -> Stream.of("fresh", "old").map(rows -> "SELECT connection_id, "
                    + RollupSql.monthOf("day") + " AS month, service, env, team, " + v.ordinal() + " AS f, unnest(" + v.column()
                    + ") AS x, " + (rows.equals("fresh") ? 1 : -1) + " AS s FROM " + rows)).collect(Collectors.joining(" UNION ALL "))
            + ") v GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(s) <> 0";

    /**
     * In one statement (one snapshot: {@code old} is read before any write): upserts the fresh rows, deletes
     * the touched rows that have none, and adds to each month's sketch its fresh buckets less its old ones.
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
            + " moves AS (" + MOVES + "),"
            + " delta AS (SELECT connection_id, month, service, env, team, "
            + Stream.of(RollupValues.values()).map(v -> "coalesce(jsonb_object_agg(b, n) FILTER (WHERE f = " + v.ordinal()
                    + "), '{}') AS " + v.column()).collect(Collectors.joining(", "))
            + " FROM moves GROUP BY 1, 2, 3, 4, 5)"
            + " INSERT INTO deployment_sketch_monthly AS s (connection_id, month, service, env, team, " + VALUE_COLUMNS + ")"
            + " SELECT connection_id, month, service, env, team, " + VALUE_COLUMNS + " FROM delta"
            + " ON CONFLICT (connection_id, month, service, env, team) DO UPDATE SET "
            + Stream.of(RollupValues.values()).map(v -> v.column() + " = dora_counts(s." + v.column() + ", EXCLUDED." + v.column() + ")")
                    .collect(Collectors.joining(", "));

    /** The sketches of the touched months left without values. */
    private static final String DELETE_EMPTY_SKETCHES = "WITH " + KEYS + " DELETE FROM deployment_sketch_monthly s USING"
            + " (SELECT DISTINCT connection_id, " + RollupSql.monthOf("day") + " AS month, service, env, team FROM k) m"
            + " WHERE s.connection_id = m.connection_id AND s.month = m.month AND s.service = m.service AND s.env = m.env"
            + " AND s.team = m.team AND "
            + Stream.of(RollupValues.values()).map(v -> "s." + v.column() + " = '{}'").collect(Collectors.joining(" AND "));

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
        for (String sql : List.of(REFRESH, DELETE_EMPTY_SKETCHES)) {
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
