package io.dorastream.aggregator.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.dorastream.aggregator.rollup.Utc;
import io.dorastream.events.DoraJson;
import io.dorastream.events.Stream;
import io.dorastream.events.SyncWatermark;

/**
 * Keeps, per connection and stream, the newest watermark whose events are all applied, so that
 * {@code dataAsOf} is a promise (docs/metrics.md). A watermark is held back
 * ({@code sync_watermark_pending}) until this service's position on each partition its
 * {@code offsets} list ({@code event_position}, advanced in each batch's own transaction:
 * {@link #recordPosition}) has reached the offset, and until every earlier watermark of its key could
 * be applied too (each lists only the partitions its producer knew of: the topic's ends at its first
 * watermark of the key, then its own records). A watermark without offsets (an older producer) applies at once. An older watermark arriving late never moves the applied one back. A retired
 * stream (a tombstone on {@code dora.sync.v1}: the connection was deleted, or the stream is not
 * readable) leaves the {@code dataAsOf} scope until a later watermark of it brings it back.
 */
@ApplicationScoped
public class WatermarkStore {

    /** Serializes promotions (the event channels and the sync channel promote concurrently). */
    private static final long PROMOTION_LOCK = 0x646f72615f776dL;

    private static final String PROMOTE = "WITH sat AS (SELECT p.connection_id, p.stream, p.watermark,"
            + " NOT EXISTS (SELECT 1 FROM jsonb_each_text(p.offsets) o LEFT JOIN event_position e"
            + " ON e.stream = p.stream AND e.partition = o.key::int WHERE coalesce(e.next_offset, 0) < o.value::bigint) AS ok"
            + " FROM sync_watermark_pending p),"
            + " best AS (SELECT s.connection_id, s.stream, max(s.watermark) AS watermark FROM sat s WHERE s.ok"
            + " AND NOT EXISTS (SELECT 1 FROM sat t WHERE t.connection_id = s.connection_id AND t.stream = s.stream"
            + " AND t.watermark < s.watermark AND NOT t.ok) GROUP BY s.connection_id, s.stream),"
            + " applied AS (INSERT INTO sync_watermark (connection_id, stream, watermark, applied_at)"
            + " SELECT connection_id, stream, watermark, now() FROM best ON CONFLICT (connection_id, stream) DO UPDATE"
            + " SET watermark = EXCLUDED.watermark, applied_at = EXCLUDED.applied_at WHERE sync_watermark.watermark < EXCLUDED.watermark)"
            + " DELETE FROM sync_watermark_pending p USING best b WHERE p.connection_id = b.connection_id"
            + " AND p.stream = b.stream AND p.watermark <= b.watermark";

    private final DataSource dataSource;

    public WatermarkStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Receives a watermark: applied now if its events are, else when they are (see the class comment). */
    @Transactional
    public void apply(SyncWatermark w) {
        run("apply a watermark", c -> {
            try (PreparedStatement back = c.prepareStatement("DELETE FROM sync_retired WHERE connection_id = ? AND stream = ?");
                    PreparedStatement ps = c.prepareStatement("INSERT INTO sync_watermark_pending"
                    + " (connection_id, stream, watermark, offsets, received_at) VALUES (?, ?, ?, ?::jsonb, ?)"
                    + " ON CONFLICT DO NOTHING")) {
                back.setObject(1, w.connectionId());
                back.setString(2, w.stream());
                back.executeUpdate();
                ps.setObject(1, w.connectionId());
                ps.setString(2, w.stream());
                ps.setObject(3, Utc.of(w.watermark()));
                ps.setString(4, DoraJson.mapper().writeValueAsString(w.offsets() == null ? Map.of() : new TreeMap<>(w.offsets())));
                ps.setObject(5, Utc.of(Instant.now()));
                ps.executeUpdate();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            promote(c);
        });
    }

    /** Retires a connection's stream (its sync key's tombstone): out of the dataAsOf scope until its next watermark. */
    @Transactional
    public void retire(UUID connectionId, String stream) {
        run("retire a stream", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_retired (connection_id, stream, retired_at)"
                    + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
                    PreparedStatement pending = c.prepareStatement(
                            "DELETE FROM sync_watermark_pending WHERE connection_id = ? AND stream = ?")) {
                ps.setObject(1, connectionId);
                ps.setString(2, stream);
                ps.setObject(3, Utc.of(Instant.now()));
                ps.executeUpdate();
                pending.setObject(1, connectionId);
                pending.setString(2, stream);
                pending.executeUpdate();
            }
        });
    }

    /**
     * Records, in a transaction of its own, that the records of a stream's topic before {@code nextOffsets}
     * (per partition) are applied or dead-lettered (call it after they are), and applies the watermarks
     * waiting for them. A batch applied whole records its position in its own transaction instead
     * ({@link DeploymentStore#apply}, {@link IncidentStore#apply}); this serves one applied record by record.
     */
    @Transactional
    public void eventsApplied(Stream stream, Map<Integer, Long> nextOffsets) {
        run("record the applied position", c -> recordPosition(c, stream, nextOffsets));
    }

    /**
     * Records in the transaction of {@code c} that the records of a stream's topic before {@code nextOffsets}
     * (per partition; nothing when empty) are applied or dead-lettered, so that the position commits with
     * them, never before nor after; then applies the watermarks waiting for them. A position never moves
     * back.
     * <p>
     * It takes the promotion lock, so call it last, once the transaction holds every other lock it takes
     * ({@link io.dorastream.aggregator.rollup.ConnectionLocks}, event and rollup rows): the event channels
     * take those and then the promotion lock, the sync channel the promotion lock alone, and after it none
     * touches anything but {@code event_position} (its own stream's rows) and the watermark tables, which
     * the event channels write only here. So no two transactions wait on each other in a cycle.
     */
    static void recordPosition(Connection c, Stream stream, Map<Integer, Long> nextOffsets) throws SQLException {
        if (nextOffsets.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO event_position (stream, partition, next_offset)"
                + " VALUES (?, ?, ?) ON CONFLICT (stream, partition) DO UPDATE"
                + " SET next_offset = greatest(event_position.next_offset, EXCLUDED.next_offset)")) {
            for (Map.Entry<Integer, Long> e : new TreeMap<>(nextOffsets).entrySet()) {
                ps.setString(1, stream.id());
                ps.setInt(2, e.getKey());
                ps.setLong(3, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        promote(c);
    }

    private static void promote(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)");
                PreparedStatement ps = c.prepareStatement(PROMOTE)) {
            lock.setLong(1, PROMOTION_LOCK);
            lock.execute();
            ps.executeUpdate();
        }
    }

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private void run(String what, Work work) {
        try (Connection c = dataSource.getConnection()) {
            work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
