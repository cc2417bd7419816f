package io.dorastream.connector.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.dorastream.events.Stream;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The version counter of each published event, with the hash of its normalized form (a version is
 * raised only when the hash changes), its placing timestamps (which ranges it lies in, for the
 * tombstone rule) and whether it is settled. Reads and writes run inside the caller's transaction
 * when there is one, but for {@link #reserve}, which commits on its own.
 *
 * <p>Write-ahead: a version is {@link #reserve reserved} (written unconfirmed and committed) before it is
 * sent, and {@link #save confirmed} with the poll once Kafka acknowledged it. A poll that dies in between
 * leaves it unconfirmed, and the next read treats it as possibly sent: the same content is sent again
 * under the same version (a repeat), a different one under the next version. So a version number never
 * carries two contents, whatever happened between the send and the save.
 */
@ApplicationScoped
public class EventVersionStore {

    /**
     * What was last published, or possibly published, for an event: {@code unconfirmed} when it was
     * reserved and its poll never saved (it may or may not have reached Kafka).
     */
    public record Stored(long version, String hash, boolean deleted, Instant finishedAt, boolean settled,
            boolean unconfirmed) {
    }

    /**
     * A row to save after Kafka acknowledged it: a new version ({@code sent}), or only new placing
     * timestamps / settled flag of an unchanged version (not sent). {@code hash} is null for a tombstone.
     */
    public record Published(String eventId, long version, String hash, Instant startedAt, Instant finishedAt,
            boolean settled, boolean sent) {

        public boolean deleted() {
            return hash == null;
        }
    }

    /** The latest version of an event that is published and not deleted. */
    public record Live(Stream stream, String eventId, long version) {
    }

    /**
     * An event as the tombstone rule sees it: a live one, or a tombstone reserved and never confirmed
     * ({@code deleted}: it may not have reached Kafka, so it is sent again).
     */
    public record Known(String eventId, long version, Instant startedAt, Instant finishedAt, boolean deleted) {
    }

    /**
     * The unsettled live events of a stretch, in {@code started_at} order, each with its rank among
     * all live events of the stretch (1-based), and how many live events the stretch holds.
     */
    public record Unsettled(List<Ranked> events, long total) {
    }

    public record Ranked(Instant startedAt, Instant finishedAt, long rank) {
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
        String sql = "SELECT event_id, version, content_hash, deleted, finished_at, settled, unconfirmed FROM event_version"
                + " WHERE connection_id = ? AND stream = ? AND event_id = ANY (?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, connectionId);
            ps.setString(2, stream.id());
            ps.setArray(3, c.createArrayOf("text", eventIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Stored(rs.getLong(2), rs.getString(3), rs.getBoolean(4),
                            instant(rs.getTimestamp(5)), rs.getBoolean(6), rs.getBoolean(7)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read event versions: " + e.getMessage(), e);
        }
    }

    /**
     * Every event of a connection whose latest published version is not a tombstone, or is a tombstone
     * never confirmed (it may not have reached Kafka).
     */
    public List<Live> live(UUID connectionId) {
        String sql = "SELECT stream, event_id, version FROM event_version WHERE connection_id = ? AND (NOT deleted OR unconfirmed)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, connectionId);
            List<Live> out = new ArrayList<>();
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

    /**
     * The live events lying wholly inside {@code [from, to)} (started there, and finished before
     * {@code to} or not at all) that are not among {@code present}: what a complete read of that
     * range should have returned and did not; and the unconfirmed tombstones lying there whose events
     * are still absent (their send may have been lost).
     */
    public List<Known> missing(UUID connectionId, Stream stream, Instant from, Instant to, Collection<String> present) {
        String where = " WHERE connection_id = ? AND stream = ? AND started_at >= ? AND started_at < ?"
                + " AND (finished_at IS NULL OR finished_at < ?) AND NOT (event_id = ANY (?))";
        // two arms, each on its own partial index (live rows; unconfirmed rows)
        String sql = "SELECT event_id, version, started_at, finished_at, deleted FROM event_version" + where + " AND NOT deleted"
                + " UNION ALL SELECT event_id, version, started_at, finished_at, deleted FROM event_version" + where
                + " AND unconfirmed AND deleted";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            java.sql.Array ids = c.createArrayOf("text", present.toArray());
            for (int arm = 0; arm < 2; arm++) {
                int at = arm * 6;
                ps.setObject(at + 1, connectionId);
                ps.setString(at + 2, stream.id());
                ps.setTimestamp(at + 3, Timestamp.from(from));
                ps.setTimestamp(at + 4, Timestamp.from(to));
                ps.setTimestamp(at + 5, Timestamp.from(to));
                ps.setArray(at + 6, ids);
            }
            List<Known> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Known(rs.getString(1), rs.getLong(2), instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4)),
                            rs.getBoolean(5)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read event versions: " + e.getMessage(), e);
        }
    }

    /** The unsettled live events that started in {@code [from, to)}, ranked among all live events started there. */
    public Unsettled unsettled(UUID connectionId, Stream stream, Instant from, Instant to) {
        String sql = "SELECT started_at, finished_at, settled, rn, total FROM ("
                + " SELECT started_at, finished_at, settled, row_number() OVER (ORDER BY started_at, event_id) AS rn,"
                + " count(*) OVER () AS total FROM event_version"
                + " WHERE connection_id = ? AND stream = ? AND NOT deleted AND started_at >= ? AND started_at < ?) x"
                + " WHERE NOT settled OR rn = 1 ORDER BY rn";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, connectionId);
            ps.setString(2, stream.id());
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            List<Ranked> out = new ArrayList<>();
            long total = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    total = rs.getLong(5); // the same on every row; the first row comes even when all are settled
                    if (!rs.getBoolean(3)) {
                        out.add(new Ranked(instant(rs.getTimestamp(1)), instant(rs.getTimestamp(2)), rs.getLong(4)));
                    }
                }
            }
            return new Unsettled(out, total);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read event versions: " + e.getMessage(), e);
        }
    }

    /** The {@code started_at} of the {@code n}-th live event (1-based) started in {@code [from, to)}; null when fewer. */
    public Instant nthStart(UUID connectionId, Stream stream, Instant from, Instant to, int n) {
        String sql = "SELECT started_at FROM event_version WHERE connection_id = ? AND stream = ? AND NOT deleted"
                + " AND started_at >= ? AND started_at < ? ORDER BY started_at OFFSET ? LIMIT 1";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, connectionId);
            ps.setString(2, stream.id());
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            ps.setInt(5, n - 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? instant(rs.getTimestamp(1)) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read event versions: " + e.getMessage(), e);
        }
    }

    /**
     * The first instant at or after {@code atLeast} that no live event started in {@code [from, before)}
     * straddles: every such event started before it also finished before it (an open event counts as
     * finishing where it started). Whole seconds past a finish, like the reads' bounds. Found in one
     * ordered scan from {@code from} with the running latest finish, however long a chain of
     * overlapping events runs. Events started at or after {@code before} are not looked at: the answer
     * may lie past {@code before} when the chain runs into it. Null when nothing started from {@code from}.
     */
    public Instant firstUnstraddled(UUID connectionId, Stream stream, Instant from, Instant atLeast, Instant before) {
        String sql = "SELECT b FROM (SELECT started_at, lead(started_at) OVER (ORDER BY started_at) AS next_start,"
                + " greatest(date_trunc('second', max(coalesce(finished_at, started_at))"
                + " OVER (ORDER BY started_at ROWS UNBOUNDED PRECEDING)) + interval '1 second', ?) AS b"
                + " FROM event_version WHERE connection_id = ? AND stream = ? AND NOT deleted"
                + " AND started_at >= ? AND started_at < ?) x"
                + " WHERE started_at < b AND (next_start IS NULL OR next_start >= b) ORDER BY started_at LIMIT 1";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(atLeast));
            ps.setObject(2, connectionId);
            ps.setString(3, stream.id());
            ps.setTimestamp(4, Timestamp.from(from));
            ps.setTimestamp(5, Timestamp.from(before));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? instant(rs.getTimestamp(1)) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read event versions: " + e.getMessage(), e);
        }
    }

    /**
     * Writes versions about to be sent, unconfirmed, and commits them before anything is sent (its own
     * transaction, whatever the caller's): a poll that dies after sending and before {@link #save} leaves
     * them for the next read to see. Never lowers a stored version.
     */
    public void reserve(UUID connectionId, Stream stream, List<Published> sending, Instant now) {
        if (!sending.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> write(connectionId, stream, sending, now, true));
        }
    }

    /**
     * Saves published versions (confirmed: Kafka acknowledged them); must run in the transaction that
     * also saves the stream's position.
     */
    public void save(UUID connectionId, Stream stream, List<Published> published, Instant now) {
        if (!published.isEmpty()) {
            write(connectionId, stream, published, now, false);
        }
    }

    private void write(UUID connectionId, Stream stream, List<Published> published, Instant now, boolean unconfirmed) {
        String sql = "INSERT INTO event_version (connection_id, stream, event_id, version, content_hash, deleted, started_at,"
                + " finished_at, settled, published_at, unconfirmed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (connection_id, stream, event_id) DO UPDATE SET version = EXCLUDED.version,"
                + " content_hash = EXCLUDED.content_hash, deleted = EXCLUDED.deleted, started_at = EXCLUDED.started_at,"
                + " finished_at = EXCLUDED.finished_at, settled = EXCLUDED.settled, unconfirmed = EXCLUDED.unconfirmed,"
                + " published_at = CASE WHEN event_version.version < EXCLUDED.version THEN EXCLUDED.published_at"
                + " ELSE event_version.published_at END"
                + " WHERE event_version.version <= EXCLUDED.version";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (Published p : published) {
                ps.setObject(1, connectionId);
                ps.setString(2, stream.id());
                ps.setString(3, p.eventId());
                ps.setLong(4, p.version());
                ps.setString(5, p.hash());
                ps.setBoolean(6, p.deleted());
                ps.setTimestamp(7, Timestamp.from(p.startedAt()));
                ps.setTimestamp(8, p.finishedAt() == null ? null : Timestamp.from(p.finishedAt()));
                ps.setBoolean(9, p.settled());
                ps.setTimestamp(10, Timestamp.from(now));
                ps.setBoolean(11, unconfirmed);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save event versions: " + e.getMessage(), e);
        }
    }

    /**
     * Remembers the keys of events that could not be parsed; returns how many were not known yet,
     * so an unreadable event in a range read again (look-back, reconciliation) is counted once.
     */
    public int rejectedOnce(UUID connectionId, Stream stream, Collection<String> keys, Instant now) {
        if (keys.isEmpty()) {
            return 0;
        }
        String sql = "INSERT INTO rejected_event (connection_id, stream, event_key, first_seen_at)"
                + " SELECT ?, ?, k, ? FROM unnest(?) AS k ON CONFLICT DO NOTHING";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, connectionId);
            ps.setString(2, stream.id());
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setArray(4, c.createArrayOf("text", keys.stream().distinct().toArray()));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save rejected events: " + e.getMessage(), e);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
