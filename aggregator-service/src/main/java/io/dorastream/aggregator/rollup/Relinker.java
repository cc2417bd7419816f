package io.dorastream.aggregator.rollup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * Keeps the {@code incident_link} verdicts ({@code deployment.link_failed}) current, incrementally.
 * A change at instant {@code t} of a service and env's timeline — a failure starting at {@code t}, a
 * deployment arriving at, leaving or moving from {@code t} — can only change the verdicts of the
 * deployments at {@code t} and of the one owning {@code t} before (the last finishing before it):
 * a failure fails exactly the deployment whose interval holds its start, and a deployment's arrival or
 * departure reshapes only its own interval and its predecessor's. Those deployments are re-judged
 * against the stored events; the rollup row of each one whose verdict changed is touched.
 */
public final class Relinker {

    /** An instant of one connection, service and env's timeline where something changed. */
    public record Point(UUID connectionId, String service, String env, Instant at) {
    }

    private static final String CHANGED = "WITH p AS (SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::timestamptz[])"
            + " AS p(connection_id, service, env, at)),"
            + " r AS (SELECT p.*, coalesce((SELECT max(x.window_at) FROM deployment x WHERE x.connection_id = p.connection_id"
            + " AND x.service = p.service AND x.env = p.env AND NOT x.deleted AND x.window_at < p.at), p.at) AS lower FROM p),"
            // the deployments themselves, read once through the timeline index (joining their keys back to the
            // table again let the planner hash-join it whole, a cost growing with the table, not with the batch)
            + " c AS (SELECT DISTINCT ON (x.connection_id, x.event_id) x.* FROM r JOIN deployment x ON x.connection_id = r.connection_id"
            + " AND x.service = r.service AND x.env = r.env AND NOT x.deleted AND x.window_at >= r.lower AND x.window_at <= r.at)"
            + " SELECT * FROM (SELECT " + DeploymentRow.columns("d") + ", " + RollupSql.linkVerdict("n.window_at") + " AS now_failed"
            + " FROM c d" + RollupSql.nextDeployment("d", "n") + ") v WHERE v.link_failed <> v.now_failed";

    private Relinker() {
    }

    /**
     * Re-judges the deployments around the points (after the batch's events are stored), updates the
     * verdicts that changed and touches their rollup rows in {@code refresh}; returns how many changed.
     */
    public static int relink(Connection c, Collection<Point> points, RollupRefresh refresh) throws SQLException {
        List<Point> unique = new ArrayList<>(new LinkedHashSet<>(points));
        if (unique.isEmpty()) {
            return 0;
        }
        List<DeploymentRow> changed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(CHANGED)) {
            ps.setArray(1, c.createArrayOf("uuid", unique.stream().map(Point::connectionId).toArray()));
            ps.setArray(2, c.createArrayOf("text", unique.stream().map(Point::service).toArray()));
            ps.setArray(3, c.createArrayOf("text", unique.stream().map(Point::env).toArray()));
            ps.setArray(4, c.createArrayOf("timestamptz", Utc.texts(unique.stream().map(Point::at).toList())));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changed.add(DeploymentRow.read(rs, 1));
                }
            }
        }
        if (changed.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE deployment SET link_failed = ? WHERE connection_id = ? AND event_id = ?")) {
            for (DeploymentRow old : changed) {
                DeploymentRow now = old.withLinkFailed(!old.linkFailed());
                refresh.touch(now);
                ps.setBoolean(1, now.linkFailed());
                ps.setObject(2, now.connectionId());
                ps.setString(3, now.eventId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return changed.size();
    }
}
