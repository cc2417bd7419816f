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
     * In one statement (one snapshot: {@code old} is read before any write): upserts the fresh rows, deletes
     * the touched rows that have none, and adds to each month's sketch its fresh buckets less its old ones.
     */
    private static final String REFRESH = OLD_AND_FRESH + ","
            + " upserted AS (INSERT INTO deployment_daily AS r (" + RollupSql.COLUMNS + ") SELECT " + RollupSql.COLUMNS
            + " FROM fresh ON CONFLICT (connection_id, day, service, env, team) DO UPDATE SET "
            + Stream.of(RollupSql.VALUE_COLUMNS.split(", ")).map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "))
            + " RETURNING 1),"
            + " emptied AS (DELETE FROM deployment_daily r USING k WHERE r.connection_id = k.connection_id AND r.day = k.day"
            + " AND r.service = k.service AND r.env = k.env AND r.team = k.team AND NOT EXISTS (SELECT 1 FROM fresh f"
            + " WHERE f.connection_id = k.connection_id AND f.day = k.day AND f.service = k.service AND f.env = k.env"
            + " AND f.team = k.team) RETURNING 1),"
            + " plus AS (" + RollupSql.sketches("fresh") + "),"
            + " minus AS (" + RollupSql.sketches("old") + "),"
            + " delta AS (SELECT coalesce(p.connection_id, m.connection_id) AS connection_id, coalesce(p.month, m.month) AS month,"
            + " coalesce(p.service, m.service) AS service, coalesce(p.env, m.env) AS env, coalesce(p.team, m.team) AS team, "
            + Stream.of(RollupValues.values()).map(v -> "dora_counts(coalesce(p." + v.column() + ", '{}'), dora_negate(coalesce(m."
                    + v.column() + ", '{}'))) AS " + v.column()).collect(Collectors.joining(", "))
            + " FROM plus p FULL JOIN minus m USING (connection_id, month, service, env, team))"
            + " INSERT INTO deployment_sketch_monthly AS s (connection_id, month, service, env, team, " + VALUE_COLUMNS + ")"
            + " SELECT connection_id, month, service, env, team, " + VALUE_COLUMNS + " FROM delta WHERE "
            + Stream.of(RollupValues.values()).map(v -> v.column() + " <> '{}'").collect(Collectors.joining(" OR "))
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
