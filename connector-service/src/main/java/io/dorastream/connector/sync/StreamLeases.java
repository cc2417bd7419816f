package io.dorastream.connector.sync;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.dorastream.connector.config.ConnectorConfig;
import io.dorastream.events.Stream;

/**
 * Row leases on {@code stream_state} that let several connector replicas share the streams: a
 * replica claims due streams whose lease is free or expired ({@code FOR UPDATE SKIP LOCKED}, so
 * concurrent claims never take the same row), renews the leases of the polls it runs, checks owner
 * and epoch when it saves ({@link SyncStateRepository}) and gives its leases back when a poll ends
 * or the replica stops. No consensus of our own: PostgreSQL's row locks decide.
 */
@ApplicationScoped
public class StreamLeases {

    private static final Logger LOG = Logger.getLogger(StreamLeases.class);

    /** Streams a claim may take: due, readable, not stopped, of a connection neither paused nor refused by Datadog. */
    private static final String CLAIMABLE = """
            SELECT s.connection_id, s.stream FROM stream_state s JOIN connection c ON c.id = s.connection_id
             WHERE s.next_poll_at <= ? AND s.available AND NOT c.paused AND c.status <> 'unauthorized'
               AND s.state NOT IN ('paused', 'unauthorized', 'unavailable')
               AND (s.lease_until IS NULL OR s.lease_until < ?)
               AND (s.state = 'live') = ?
             ORDER BY s.next_poll_at
             LIMIT ?
             FOR UPDATE OF s SKIP LOCKED""";

    private static final String CLAIM = "WITH due AS (" + CLAIMABLE + ")"
            + " UPDATE stream_state s SET lease_owner = ?, lease_until = ?, lease_epoch = s.lease_epoch + 1"
            + " FROM due WHERE s.connection_id = due.connection_id AND s.stream = due.stream"
            + " RETURNING s.connection_id, s.stream, s.lease_epoch";

    private final DataSource dataSource;
    private final String replicaId;
    private final Duration ttl;

    @Inject
    public StreamLeases(DataSource dataSource, ConnectorConfig config) {
        this(dataSource, config.sync().replicaId().filter(s -> !s.isBlank()).orElseGet(StreamLeases::defaultReplicaId),
                config.sync().leaseTtl());
    }

    /** A replica of the given name: the tests' second replica. */
    StreamLeases(DataSource dataSource, String replicaId, Duration ttl) {
        this.dataSource = dataSource;
        this.replicaId = replicaId;
        this.ttl = ttl;
    }

    public String replicaId() {
        return replicaId;
    }

    public Duration ttl() {
        return ttl;
    }

    /**
     * Claims up to {@code max} due streams for this replica, each with a new epoch: streams that
     * are live (caught up) when {@code live}, the others (backfilling, failing) otherwise.
     */
    public List<SyncStateRepository.Due> claim(Instant now, boolean live, int max) {
        List<SyncStateRepository.Due> out = new ArrayList<>();
        if (max <= 0) {
            return out;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setBoolean(3, live);
            ps.setInt(4, max);
            ps.setString(5, replicaId);
            ps.setTimestamp(6, Timestamp.from(now.plus(ttl)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SyncStateRepository.Due(rs.getObject(1, UUID.class), Stream.fromId(rs.getString(2)),
                            rs.getLong(3)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("claiming streams failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** Extends the lease of a running poll; false when it was lost (expired and claimed by another replica). */
    public boolean renew(SyncStateRepository.Due due, Instant now) {
        String sql = "UPDATE stream_state SET lease_until = ? WHERE connection_id = ? AND stream = ?"
                + " AND lease_owner = ? AND lease_epoch = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(now.plus(ttl)));
            ps.setObject(2, due.connectionId());
            ps.setString(3, due.stream().id());
            ps.setString(4, replicaId);
            ps.setLong(5, due.epoch());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            LOG.warnf("renewing the lease of %s %s failed: %s", due.connectionId(), due.stream().id(), e.getMessage());
            return true; // not known to be lost; the save's epoch check decides
        }
    }

    /** Gives back a lease this replica holds (the poll ended without saving, or it never started). */
    public void release(SyncStateRepository.Due due) {
        String sql = "UPDATE stream_state SET lease_owner = NULL, lease_until = NULL WHERE connection_id = ? AND stream = ?"
                + " AND lease_owner = ? AND lease_epoch = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, due.connectionId());
            ps.setString(2, due.stream().id());
            ps.setString(3, replicaId);
            ps.setLong(4, due.epoch());
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("releasing the lease of %s %s failed (it expires by itself): %s", due.connectionId(),
                    due.stream().id(), e.getMessage());
        }
    }

    /** Gives back every lease of this replica: called when it stops, so others take over at once. */
    public int releaseAll() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE stream_state SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?")) {
            ps.setString(1, replicaId);
            return ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("releasing this replica's leases failed (they expire by themselves): %s", e.getMessage());
            return 0;
        }
    }

    /** True while some replica holds an unexpired lease on one of the connection's streams. */
    public boolean leased(UUID connectionId, Instant now) {
        String sql = "SELECT 1 FROM stream_state WHERE connection_id = ? AND lease_owner IS NOT NULL AND lease_until >= ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, connectionId);
            ps.setTimestamp(2, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading leases failed: " + e.getMessage(), e);
        }
    }

    private static String defaultReplicaId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "connector";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
