package io.dorastream.connector.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.dorastream.events.Stream;

/**
 * The version counter of each published event, with the hash of its normalized form: a version is
 * raised only when the hash changes. Runs inside the caller's transaction.
 */
@ApplicationScoped
public class EventVersionStore {

    /** What was last published for an event. */
    public record Stored(long version, String hash, boolean deleted) {
    }

    /** A version to remember after Kafka acknowledged it; {@code hash} is null for a tombstone. */
    public record Published(String eventId, long version, String hash, Instant startedAt) {
        public boolean deleted() {
            return hash == null;
        }
    }

    /** The latest version of an event that is published and not deleted. */
    public record Live(Stream stream, String eventId, long version) {
    }

    private final DataSource dataSource;

    public EventVersionStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Map<String, Stored> load(UUID connectionId, Stream stream, Collection<String> eventIds) {
        Map<String, Stored> out = new HashMap<>();
        if (eventIds.isEmpty()) {
            return out;
        }
        String sql = "SELECT event_id, version, content_hash, deleted FROM event_version"
                + " WHERE connection_id = ? AND stream = ? AND event_id = ANY (?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, connectionId);
            ps.setString(2, stream.id());
            ps.setArray(3, c.createArrayOf("text", eventIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Stored(rs.getLong(2), rs.getString(3), rs.getBoolean(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read event versions: " + e.getMessage(), e);
        }
    }

    /** Every event of a connection whose latest published version is not a tombstone. */
    public List<Live> live(UUID connectionId) {
        String sql = "SELECT stream, event_id, version FROM event_version WHERE connection_id = ? AND NOT deleted";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, connectionId);
            List<Live> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Live(Stream.fromId(rs.getString(1)), rs.getString(2), rs.getLong(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read event versions: " + e.getMessage(), e);
        }
    }

    /** Saves published versions; must run in the transaction that also saves the stream's position. */
    public void save(UUID connectionId, Stream stream, List<Published> published, Instant now) {
        if (published.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO event_version (connection_id, stream, event_id, version, content_hash, deleted, started_at, published_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (connection_id, stream, event_id) DO UPDATE SET version = EXCLUDED.version,"
                + " content_hash = EXCLUDED.content_hash, deleted = EXCLUDED.deleted, started_at = EXCLUDED.started_at,"
                + " published_at = EXCLUDED.published_at WHERE event_version.version < EXCLUDED.version";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (Published p : published) {
                ps.setObject(1, connectionId);
                ps.setString(2, stream.id());
                ps.setString(3, p.eventId());
                ps.setLong(4, p.version());
                ps.setString(5, p.hash());
                ps.setBoolean(6, p.deleted());
                ps.setTimestamp(7, Timestamp.from(p.startedAt()));
                ps.setTimestamp(8, Timestamp.from(now));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save event versions: " + e.getMessage(), e);
        }
    }
}
