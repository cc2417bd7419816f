package io.dorastream.aggregator.ingest;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.dorastream.events.DoraJson;
import io.dorastream.events.EventEnvelope;
import io.dorastream.events.EventKey;
import io.dorastream.events.Incident;

/**
 * Applies failure (incident) versions with exactly-once effect, like {@link DeploymentStore}. Failures
 * are kept at their own grain (their full service, env and team sets), so a query counts each once.
 */
@ApplicationScoped
public class IncidentStore {

    /** One record of the topic: {@code envelope} null for a tombstone; {@code version} -1 when unknown. */
    public record Change(EventKey key, long version, EventEnvelope<Incident> envelope) {
    }

    private final DataSource dataSource;

    public IncidentStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

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
            throw new IllegalStateException("cannot apply incidents: " + e.getMessage(), e);
        }
        return applied;
    }

    private static boolean applyOne(Connection c, Change change) throws SQLException {
        Long stored = storedVersion(c, change.key());
        long version = change.version();
        if (change.envelope() == null && version < 0) {
            version = stored == null ? 0 : stored;
        } else if (stored != null && version <= stored) {
            return false;
        }
        Instant now = Instant.now();
        if (change.envelope() == null) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident (connection_id, event_id, version, deleted, applied_at)"
                    + " VALUES (?, ?, ?, true, ?) ON CONFLICT (connection_id, event_id) DO UPDATE SET version = EXCLUDED.version,"
                    + " deleted = true, services = NULL, envs = NULL, teams = NULL, started_at = NULL, finished_at = NULL,"
                    + " event = NULL, raw = NULL, observed_at = NULL, applied_at = EXCLUDED.applied_at")) {
                ps.setObject(1, change.key().connectionId());
                ps.setString(2, change.key().eventId());
                ps.setLong(3, version);
                ps.setTimestamp(4, Timestamp.from(now));
                ps.executeUpdate();
            }
            return true;
        }
        Incident i = change.envelope().event();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident (connection_id, event_id, version, deleted, services, envs,"
                + " teams, started_at, finished_at, event, raw, observed_at, applied_at)"
                + " VALUES (?, ?, ?, false, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)"
                + " ON CONFLICT (connection_id, event_id) DO UPDATE SET version = EXCLUDED.version, deleted = false,"
                + " services = EXCLUDED.services, envs = EXCLUDED.envs, teams = EXCLUDED.teams,"
                + " started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at, event = EXCLUDED.event,"
                + " raw = EXCLUDED.raw, observed_at = EXCLUDED.observed_at, applied_at = EXCLUDED.applied_at")) {
            ps.setObject(1, change.key().connectionId());
            ps.setString(2, change.key().eventId());
            ps.setLong(3, version);
            ps.setArray(4, array(c, i.services()));
            ps.setArray(5, array(c, i.envs()));
            ps.setArray(6, array(c, i.teams()));
            ps.setTimestamp(7, i.startedAt() == null ? null : Timestamp.from(i.startedAt()));
            ps.setTimestamp(8, i.finishedAt() == null ? null : Timestamp.from(i.finishedAt()));
            ps.setString(9, DoraJson.mapper().writeValueAsString(i));
            ps.setString(10, DoraJson.mapper().writeValueAsString(change.envelope().raw()));
            ps.setTimestamp(11, change.envelope().observedAt() == null ? null : Timestamp.from(change.envelope().observedAt()));
            ps.setTimestamp(12, Timestamp.from(now));
            ps.executeUpdate();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON", e);
        }
        return true;
    }

    private static Long storedVersion(Connection c, EventKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT version FROM incident WHERE connection_id = ? AND event_id = ? FOR UPDATE")) {
            ps.setObject(1, key.connectionId());
            ps.setString(2, key.eventId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static Array array(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("text", (values == null ? List.<String>of() : values).toArray());
    }
}
