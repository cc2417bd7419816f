package io.dorastream.aggregator.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.dorastream.events.Deployment;
import io.dorastream.events.DoraJson;
import io.dorastream.events.EventEnvelope;
import io.dorastream.events.EventKey;

/**
 * Applies deployment versions with exactly-once effect: a version not newer than the stored one is
 * dropped (redelivery, duplicate, out of order), a tombstone keeps the row as deleted so an older
 * version cannot resurrect it, and the daily rollup moves the event's contribution (old version out,
 * new version in) in the same transaction.
 */
@ApplicationScoped
public class DeploymentStore {

    /** One record of the topic: {@code envelope} null for a tombstone; {@code version} -1 when unknown. */
    public record Change(EventKey key, long version, EventEnvelope<Deployment> envelope) {
    }

    private record Stored(long version, boolean deleted, LocalDate day, String service, String env, String team) {
    }

    private final DataSource dataSource;

    public DeploymentStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Applies a batch in one transaction; returns how many records changed the state. */
    @Transactional
    public int apply(List<Change> changes) {
        int applied = 0;
        try (Connection c = dataSource.getConnection()) {
            for (Change change : changes) {
                if (applyOne(c, change)) {
                    applied++;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot apply deployments: " + e.getMessage(), e);
        }
        return applied;
    }

    private boolean applyOne(Connection c, Change change) throws SQLException {
        Stored stored = lock(c, change.key());
        long version = change.version();
        if (change.envelope() == null && version < 0) {
            version = stored == null ? 0 : stored.version(); // a tombstone without version deletes what is there
        } else if (stored != null && version <= stored.version()) {
            return false;
        }
        Instant now = Instant.now();
        if (stored != null && !stored.deleted()) {
            rollup(c, change.key(), stored.day(), stored.service(), stored.env(), stored.team(), -1);
        }
        if (change.envelope() == null) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO deployment (connection_id, event_id, version, deleted, applied_at)"
                    + " VALUES (?, ?, ?, true, ?) ON CONFLICT (connection_id, event_id) DO UPDATE SET version = EXCLUDED.version,"
                    + " deleted = true, service = NULL, env = NULL, team = NULL, started_at = NULL, finished_at = NULL,"
                    + " window_at = NULL, event = NULL, raw = NULL, observed_at = NULL, applied_at = EXCLUDED.applied_at")) {
                ps.setObject(1, change.key().connectionId());
                ps.setString(2, change.key().eventId());
                ps.setLong(3, version);
                ps.setTimestamp(4, Timestamp.from(now));
                ps.executeUpdate();
            }
            return true;
        }
        Deployment d = change.envelope().event();
        Instant windowAt = d.windowInstant();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO deployment (connection_id, event_id, version, deleted, service, env,"
                + " team, started_at, finished_at, window_at, event, raw, observed_at, applied_at)"
                + " VALUES (?, ?, ?, false, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)"
                + " ON CONFLICT (connection_id, event_id) DO UPDATE SET version = EXCLUDED.version, deleted = false,"
                + " service = EXCLUDED.service, env = EXCLUDED.env, team = EXCLUDED.team, started_at = EXCLUDED.started_at,"
                + " finished_at = EXCLUDED.finished_at, window_at = EXCLUDED.window_at, event = EXCLUDED.event,"
                + " raw = EXCLUDED.raw, observed_at = EXCLUDED.observed_at, applied_at = EXCLUDED.applied_at")) {
            ps.setObject(1, change.key().connectionId());
            ps.setString(2, change.key().eventId());
            ps.setLong(3, version);
            ps.setString(4, d.service());
            ps.setString(5, d.env());
            ps.setString(6, d.team());
            ps.setTimestamp(7, ts(d.startedAt()));
            ps.setTimestamp(8, ts(d.finishedAt()));
            ps.setTimestamp(9, ts(windowAt));
            ps.setString(10, json(d));
            ps.setString(11, json(change.envelope().raw()));
            ps.setTimestamp(12, ts(change.envelope().observedAt()));
            ps.setTimestamp(13, Timestamp.from(now));
            ps.executeUpdate();
        }
        rollup(c, change.key(), LocalDate.ofInstant(windowAt, ZoneOffset.UTC), d.service(), d.env(), d.team(), +1);
        return true;
    }

    private static Stored lock(Connection c, EventKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version, deleted, window_at, service, env, team FROM deployment"
                + " WHERE connection_id = ? AND event_id = ? FOR UPDATE")) {
            ps.setObject(1, key.connectionId());
            ps.setString(2, key.eventId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Timestamp windowAt = rs.getTimestamp(3);
                return new Stored(rs.getLong(1), rs.getBoolean(2),
                        windowAt == null ? null : LocalDate.ofInstant(windowAt.toInstant(), ZoneOffset.UTC),
                        rs.getString(4), rs.getString(5), rs.getString(6));
            }
        }
    }

    private static void rollup(Connection c, EventKey key, LocalDate day, String service, String env, String team, int delta)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO deployment_daily (connection_id, day, service, env, team, deployments)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (connection_id, day, service, env, team)"
                + " DO UPDATE SET deployments = deployment_daily.deployments + EXCLUDED.deployments")) {
            ps.setObject(1, key.connectionId());
            ps.setObject(2, day);
            ps.setString(3, nz(service));
            ps.setString(4, nz(env));
            ps.setString(5, nz(team));
            ps.setLong(6, delta);
            ps.executeUpdate();
        }
    }

    /** The rollup's stand-in for "none": an empty string (part of the primary key). */
    static String nz(String s) {
        return s == null ? "" : s;
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static String json(Object o) {
        try {
            return DoraJson.mapper().writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON", e);
        }
    }
}
