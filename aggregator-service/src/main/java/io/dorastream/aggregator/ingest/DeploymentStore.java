package io.dorastream.aggregator.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.dorastream.aggregator.rollup.Utc;
import io.dorastream.aggregator.metrics.DeploymentFacts;
import io.dorastream.aggregator.rollup.ConnectionLocks;
import io.dorastream.aggregator.rollup.DeploymentRow;
import io.dorastream.aggregator.rollup.Relinker;
import io.dorastream.aggregator.rollup.RollupRefresh;
import io.dorastream.events.Deployment;
import io.dorastream.events.DoraJson;
import io.dorastream.events.EventEnvelope;
import io.dorastream.events.EventKey;
import io.dorastream.events.Stream;

/**
 * Applies deployment versions with exactly-once effect ({@link Versions}): a tombstone keeps the row as
 * deleted so an older version cannot resurrect it, and the daily rollup rows the event left and entered
 * are recomputed in the same transaction ({@link RollupRefresh}) — together with those of the
 * neighbouring deployments whose {@code incident_link} verdict the change alters ({@link Relinker}).
 *
 * <p>A batch costs one transaction of a fixed number of statements: one to lock its stored rows, batched
 * writes of the events' final states, one to re-judge the verdicts around them, two to refresh the rollup,
 * and three to record the position the batch reached on the topic and apply the watermarks waiting for
 * it ({@link WatermarkStore#recordPosition}).
 */
@ApplicationScoped
public class DeploymentStore {

    /** One record of the topic: {@code envelope} null for a tombstone; {@code version} -1 when unknown. */
    public record Change(EventKey key, long version, EventEnvelope<Deployment> envelope) {
    }

    /** A stored event: its version, and its facts unless deleted. */
    private record Stored(long version, DeploymentRow row) {
    }

    /** The final state of an event changed by the batch: {@code envelope} null when deleted. */
    private record Write(long version, DeploymentRow row, EventEnvelope<Deployment> envelope) {
    }

    private static final String UPSERT = "INSERT INTO deployment (connection_id, event_id, version, deleted, service, env,"
            + " team, started_at, finished_at, window_at, event, raw, observed_at, applied_at, lead_time_sec, change_failure,"
            + " recovery_time_sec, remediation_type, deployment_type, link_failed)"
            + " VALUES (?, ?, ?, false, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, false)"
            + " ON CONFLICT (connection_id, event_id) DO UPDATE SET version = EXCLUDED.version, deleted = false,"
            + " service = EXCLUDED.service, env = EXCLUDED.env, team = EXCLUDED.team, started_at = EXCLUDED.started_at,"
            + " finished_at = EXCLUDED.finished_at, window_at = EXCLUDED.window_at, event = EXCLUDED.event,"
            + " raw = EXCLUDED.raw, observed_at = EXCLUDED.observed_at, applied_at = EXCLUDED.applied_at,"
            + " lead_time_sec = EXCLUDED.lead_time_sec, change_failure = EXCLUDED.change_failure,"
            + " recovery_time_sec = EXCLUDED.recovery_time_sec, remediation_type = EXCLUDED.remediation_type,"
            + " deployment_type = EXCLUDED.deployment_type, link_failed = false";

    private static final String TOMBSTONE = "INSERT INTO deployment (connection_id, event_id, version, deleted, applied_at)"
            + " VALUES (?, ?, ?, true, ?) ON CONFLICT (connection_id, event_id) DO UPDATE SET version = EXCLUDED.version,"
            + " deleted = true, service = NULL, env = NULL, team = NULL, started_at = NULL, finished_at = NULL,"
            + " window_at = NULL, event = NULL, raw = NULL, observed_at = NULL, applied_at = EXCLUDED.applied_at,"
            + " lead_time_sec = NULL, change_failure = NULL, recovery_time_sec = NULL, remediation_type = NULL,"
            + " deployment_type = NULL, link_failed = false";

    private final DataSource dataSource;

    public DeploymentStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Applies a batch in one transaction, which also records the position the batch reached on each
     * partition of the topic ({@code nextOffsets}: one past its last record there, dead-lettered ones
     * included; empty records none): a batch costs one transaction, and the position commits with its
     * events. Returns how many records changed the state.
     */
    @Transactional
    public int apply(List<Change> changes, Map<Integer, Long> nextOffsets) {
        try (Connection c = dataSource.getConnection()) {
            int applied = changes.isEmpty() ? 0 : apply(c, changes);
            WatermarkStore.recordPosition(c, Stream.DEPLOYMENTS, nextOffsets); // last: it takes the promotion lock
            return applied;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot apply deployments: " + e.getMessage(), e);
        }
    }

    private static int apply(Connection c, List<Change> changes) throws SQLException {
        ConnectionLocks.lock(c, changes.stream().map(ch -> ch.key().connectionId()).toList());
        Map<EventKey, Stored> current = lock(c, changes.stream().map(Change::key).distinct().toList());
        Map<EventKey, Write> writes = new LinkedHashMap<>();
        RollupRefresh refresh = new RollupRefresh();
        List<Relinker.Point> points = new ArrayList<>();
        int applied = 0;
        for (Change change : changes) {
            Stored stored = current.get(change.key());
            OptionalLong next = Versions.toApply(change.envelope() == null, change.version(),
                    stored == null ? null : stored.version());
            if (next.isEmpty()) {
                continue;
            }
            long version = next.getAsLong();
            if (stored != null && stored.row() != null) {
                refresh.touch(stored.row());
                points.add(stored.row().timelinePoint());
            }
            DeploymentRow row = null;
            if (change.envelope() != null) {
                row = DeploymentRow.of(change.key().connectionId(), change.key().eventId(),
                        DeploymentFacts.from(change.key().eventId(), change.envelope().event()));
                refresh.touch(row);
                points.add(row.timelinePoint());
            }
            current.put(change.key(), new Stored(version, row));
            writes.put(change.key(), new Write(version, row, change.envelope()));
            applied++;
        }
        write(c, writes);
        points.removeIf(java.util.Objects::isNull);
        Relinker.relink(c, points, refresh);
        refresh.write(c);
        return applied;
    }

    /** Locks the stored rows of the events, in key order; returns them by key. */
    private static Map<EventKey, Stored> lock(Connection c, List<EventKey> keys) throws SQLException {
        Map<EventKey, Stored> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT d.version, d.deleted, " + DeploymentRow.columns("d")
                + " FROM deployment d JOIN unnest(?::uuid[], ?::text[]) AS k(connection_id, event_id)"
                + " ON d.connection_id = k.connection_id AND d.event_id = k.event_id"
                + " ORDER BY d.connection_id, d.event_id FOR UPDATE OF d")) {
            ps.setArray(1, c.createArrayOf("uuid", keys.stream().map(EventKey::connectionId).toArray()));
            ps.setArray(2, c.createArrayOf("text", keys.stream().map(EventKey::eventId).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean deleted = rs.getBoolean(2);
                    DeploymentRow row = deleted ? null : DeploymentRow.read(rs, 3);
                    EventKey key = new EventKey(rs.getObject(3, java.util.UUID.class), rs.getString(4));
                    out.put(key, new Stored(rs.getLong(1), row));
                }
            }
        }
        return out;
    }

    private static void write(Connection c, Map<EventKey, Write> writes) throws SQLException {
        OffsetDateTime now = Utc.of(Instant.now());
        try (PreparedStatement upsert = c.prepareStatement(UPSERT); PreparedStatement tombstone = c.prepareStatement(TOMBSTONE)) {
            boolean upserts = false;
            boolean tombstones = false;
            for (Map.Entry<EventKey, Write> e : writes.entrySet()) {
                EventKey key = e.getKey();
                Write w = e.getValue();
                if (w.envelope() == null) {
                    tombstone.setObject(1, key.connectionId());
                    tombstone.setString(2, key.eventId());
                    tombstone.setLong(3, w.version());
                    tombstone.setObject(4, now);
                    tombstone.addBatch();
                    tombstones = true;
                    continue;
                }
                Deployment d = w.envelope().event();
                DeploymentRow r = w.row();
                upsert.setObject(1, key.connectionId());
                upsert.setString(2, key.eventId());
                upsert.setLong(3, w.version());
                upsert.setString(4, d.service());
                upsert.setString(5, d.env());
                upsert.setString(6, d.team());
                upsert.setObject(7, Utc.of(d.startedAt()));
                upsert.setObject(8, Utc.of(d.finishedAt()), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                upsert.setObject(9, Utc.of(r.windowAt()));
                upsert.setString(10, json(d));
                upsert.setString(11, json(w.envelope().raw()));
                upsert.setObject(12, Utc.of(w.envelope().observedAt()), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                upsert.setObject(13, now);
                upsert.setObject(14, r.leadTimeSec(), java.sql.Types.DOUBLE);
                upsert.setObject(15, r.changeFailure(), java.sql.Types.BOOLEAN);
                upsert.setObject(16, r.recoveryTimeSec(), java.sql.Types.BIGINT);
                upsert.setString(17, r.remediationType());
                upsert.setString(18, r.deploymentType());
                upsert.addBatch();
                upserts = true;
            }
            if (upserts) {
                upsert.executeBatch();
            }
            if (tombstones) {
                tombstone.executeBatch();
            }
        }
    }

    static String json(Object o) {
        try {
            return DoraJson.mapper().writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON", e);
        }
    }
}
