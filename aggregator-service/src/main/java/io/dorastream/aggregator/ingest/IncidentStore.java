package io.dorastream.aggregator.ingest;

import java.sql.Array;
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
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.dorastream.aggregator.rollup.Utc;
import io.dorastream.aggregator.metrics.FailureFacts;
import io.dorastream.aggregator.metrics.IncidentLink;
import io.dorastream.aggregator.rollup.ConnectionLocks;
import io.dorastream.aggregator.rollup.Relinker;
import io.dorastream.aggregator.rollup.RollupRefresh;
import io.dorastream.events.EventEnvelope;
import io.dorastream.events.EventKey;
import io.dorastream.events.Incident;
import io.dorastream.events.Stream;

/**
 * Applies failure (incident) versions with exactly-once effect, like {@link DeploymentStore}. Failures
 * are kept at their own grain (their full service, env and team sets), so a query counts each once. A
 * failure that appears, moves or goes re-judges the {@code incident_link} verdicts of the deployments
 * whose interval held or holds its start, in the same transaction ({@link Relinker}).
 */
@ApplicationScoped
public class IncidentStore {

    /** One record of the topic: {@code envelope} null for a tombstone; {@code version} -1 when unknown. */
    public record Change(EventKey key, long version, EventEnvelope<Incident> envelope) {
    }

    /** A stored event: its version, and its facts unless deleted. */
    private record Stored(long version, FailureFacts facts) {
    }

    private static final String UPSERT = "INSERT INTO incident (connection_id, event_id, version, deleted, services, envs,"
            + " teams, started_at, finished_at, event, raw, observed_at, applied_at, time_to_restore_sec)"
            + " VALUES (?, ?, ?, false, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)"
            + " ON CONFLICT (connection_id, event_id) DO UPDATE SET version = EXCLUDED.version, deleted = false,"
            + " services = EXCLUDED.services, envs = EXCLUDED.envs, teams = EXCLUDED.teams,"
            + " started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at, event = EXCLUDED.event,"
            + " raw = EXCLUDED.raw, observed_at = EXCLUDED.observed_at, applied_at = EXCLUDED.applied_at,"
            + " time_to_restore_sec = EXCLUDED.time_to_restore_sec";

    private static final String TOMBSTONE = "INSERT INTO incident (connection_id, event_id, version, deleted, applied_at)"
            + " VALUES (?, ?, ?, true, ?) ON CONFLICT (connection_id, event_id) DO UPDATE SET version = EXCLUDED.version,"
            + " deleted = true, services = NULL, envs = NULL, teams = NULL, started_at = NULL, finished_at = NULL,"
            + " event = NULL, raw = NULL, observed_at = NULL, applied_at = EXCLUDED.applied_at, time_to_restore_sec = NULL";

    private final DataSource dataSource;

    public IncidentStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Applies a batch in one transaction, which also records the position the batch reached on each
     * partition of the topic, like {@link DeploymentStore#apply}. Returns how many records changed the state.
     */
    @Transactional
    public int apply(List<Change> changes, Map<Integer, Long> nextOffsets) {
        try (Connection c = dataSource.getConnection()) {
            int applied = changes.isEmpty() ? 0 : apply(c, changes);
            WatermarkStore.recordPosition(c, Stream.FAILURES, nextOffsets); // last: it takes the promotion lock
            return applied;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot apply incidents: " + e.getMessage(), e);
        }
    }

    private static int apply(Connection c, List<Change> changes) throws SQLException {
        ConnectionLocks.lock(c, changes.stream().map(ch -> ch.key().connectionId()).toList());
        Map<EventKey, Stored> current = lock(c, changes.stream().map(Change::key).distinct().toList());
        Map<EventKey, Change> writes = new LinkedHashMap<>();
        Map<EventKey, Long> versions = new HashMap<>();
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
            UUID connection = change.key().connectionId();
            if (stored != null && stored.facts() != null) {
                addPoints(points, connection, stored.facts());
            }
            FailureFacts facts = null;
            if (change.envelope() != null) {
                facts = FailureFacts.from(change.key().eventId(), change.envelope().event());
                addPoints(points, connection, facts);
            }
            current.put(change.key(), new Stored(version, facts));
            writes.put(change.key(), change);
            versions.put(change.key(), version);
            applied++;
        }
        write(c, writes, versions);
        RollupRefresh refresh = new RollupRefresh();
        Relinker.relink(c, points, refresh);
        refresh.write(c);
        return applied;
    }

    /** The timeline points a failure occupies: its start, for every service and env it names. */
    private static void addPoints(List<Relinker.Point> points, UUID connection, FailureFacts f) {
        if (f.startedAt() == null) {
            return;
        }
        for (IncidentLink.Key k : IncidentLink.keys(f)) {
            points.add(new Relinker.Point(connection, k.service(), k.env(), f.startedAt()));
        }
    }

    private static Map<EventKey, Stored> lock(Connection c, List<EventKey> keys) throws SQLException {
        Map<EventKey, Stored> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT i.connection_id, i.event_id, i.version, i.deleted, i.services,"
                + " i.envs, i.started_at FROM incident i JOIN unnest(?::uuid[], ?::text[]) AS k(connection_id, event_id)"
                + " ON i.connection_id = k.connection_id AND i.event_id = k.event_id"
                + " ORDER BY i.connection_id, i.event_id FOR UPDATE OF i")) {
            ps.setArray(1, c.createArrayOf("uuid", keys.stream().map(EventKey::connectionId).toArray()));
            ps.setArray(2, c.createArrayOf("text", keys.stream().map(EventKey::eventId).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    EventKey key = new EventKey(rs.getObject(1, UUID.class), rs.getString(2));
                    FailureFacts facts = null;
                    if (!rs.getBoolean(4)) {
                        OffsetDateTime started = rs.getObject(7, OffsetDateTime.class);
                        facts = new FailureFacts(key.eventId(), list(rs.getArray(5)), list(rs.getArray(6)), List.of(),
                                started == null ? null : started.toInstant(), null, null);
                    }
                    out.put(key, new Stored(rs.getLong(3), facts));
                }
            }
        }
        return out;
    }

    private static void write(Connection c, Map<EventKey, Change> writes, Map<EventKey, Long> versions) throws SQLException {
        OffsetDateTime now = Utc.of(Instant.now());
        try (PreparedStatement upsert = c.prepareStatement(UPSERT); PreparedStatement tombstone = c.prepareStatement(TOMBSTONE)) {
            boolean upserts = false;
            boolean tombstones = false;
            for (Map.Entry<EventKey, Change> e : writes.entrySet()) {
                EventKey key = e.getKey();
                long version = versions.get(key);
                EventEnvelope<Incident> envelope = e.getValue().envelope();
                if (envelope == null) {
                    tombstone.setObject(1, key.connectionId());
                    tombstone.setString(2, key.eventId());
                    tombstone.setLong(3, version);
                    tombstone.setObject(4, now);
                    tombstone.addBatch();
                    tombstones = true;
                    continue;
                }
                Incident i = envelope.event();
                upsert.setObject(1, key.connectionId());
                upsert.setString(2, key.eventId());
                upsert.setLong(3, version);
                upsert.setArray(4, array(c, i.services()));
                upsert.setArray(5, array(c, i.envs()));
                upsert.setArray(6, array(c, i.teams()));
                upsert.setObject(7, Utc.of(i.startedAt()), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                upsert.setObject(8, Utc.of(i.finishedAt()), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                upsert.setString(9, DeploymentStore.json(i));
                upsert.setString(10, DeploymentStore.json(envelope.raw()));
                upsert.setObject(11, Utc.of(envelope.observedAt()), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                upsert.setObject(12, now);
                upsert.setObject(13, FailureFacts.from(key.eventId(), i).timeToRestoreSeconds(), java.sql.Types.DOUBLE);
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

    private static List<String> list(Array a) throws SQLException {
        return a == null ? List.of() : java.util.Arrays.asList((String[]) a.getArray());
    }

    private static Array array(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("text", (values == null ? List.<String>of() : values).toArray());
    }
}
