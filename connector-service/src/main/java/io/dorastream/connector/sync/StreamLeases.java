package io.dorastream.connector.sync;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import org.hibernate.Timeouts;
import org.jboss.logging.Logger;

import io.dorastream.connector.config.ConnectorConfig;
import io.dorastream.connector.connection.ConnectionStatus;
import io.dorastream.connector.connection.StreamState;
import io.dorastream.connector.connection.StreamStateEntity;
import io.dorastream.events.Stream;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Row leases on {@code stream_state} that let several connector replicas share the streams: a
 * replica claims due streams whose lease is free or expired ({@code FOR NO KEY UPDATE SKIP LOCKED}, so
 * concurrent claims never take the same row), renews the leases of the polls it runs, checks owner
 * and epoch when it saves ({@link SyncStateRepository}) and gives its leases back when a poll ends
 * or the replica stops. No consensus of our own: PostgreSQL's row locks decide. Each method is a
 * transaction of its own, as {@code stream_state} is only ever written through
 * {@link StreamStateEntity}.
 */
@ApplicationScoped
public class StreamLeases {

    private static final Logger LOG = Logger.getLogger(StreamLeases.class);

    /**
     * Streams a claim may take: due, readable, not stopped, of a connection not paused, without a live
     * lease; of a connection whose keys Datadog refused, only the streams that met the refusal, whose
     * polls probe the keys with backoff ({@link SyncStateRepository#pollFailed}); {@code ?4} selects the
     * live streams or the others.
     */
    private static final String CLAIMABLE = "nextPollAt <= ?1 and available = true"
            + " and connectionId in (select c.id from ConnectionEntity c where c.paused = false)"
            + " and (state = ?5 or connectionId not in (select c.id from ConnectionEntity c where c.status = ?2))"
            + " and state not in ?3 and (leaseUntil is null or leaseUntil < ?1) and state %s ?4 order by nextPollAt";
    /** Never claimed: a refused query waits for the query to change; paused and unavailable streams for their own reasons. */
    private static final List<StreamState> STOPPED = List.of(StreamState.PAUSED, StreamState.UNAVAILABLE,
            StreamState.INVALID_QUERY);

    private final String replicaId;
    private final Duration ttl;

    @Inject
    public StreamLeases(ConnectorConfig config) {
        this(config.sync().replicaId().filter(s -> !s.isBlank()).orElseGet(StreamLeases::defaultReplicaId),
                config.sync().leaseTtl());
    }

    /** A replica of the given name: the tests' second replica. */
    StreamLeases(String replicaId, Duration ttl) {
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
     * are live (caught up) when {@code live}, the others (backfilling, failing, probing refused keys) otherwise.
     */
    public List<SyncStateRepository.Due> claim(Instant now, boolean live, int max) {
        if (max <= 0) {
            return new ArrayList<>();
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                List<SyncStateRepository.Due> out = new ArrayList<>();
                List<StreamStateEntity> due = StreamStateEntity.<StreamStateEntity>find(
                        CLAIMABLE.formatted(live ? "=" : "<>"), now, ConnectionStatus.UNAUTHORIZED, STOPPED, StreamState.LIVE,
                        StreamState.UNAUTHORIZED)
                        .withLock(LockModeType.PESSIMISTIC_WRITE)
                        .withHint("jakarta.persistence.lock.timeout", Timeouts.SKIP_LOCKED_MILLI)
                        .range(0, max - 1).list();
                for (StreamStateEntity s : due) {
                    s.leaseOwner = replicaId;
                    s.leaseUntil = now.plus(ttl);
                    s.leaseEpoch++;
                    out.add(new SyncStateRepository.Due(s.connectionId, Stream.fromId(s.stream), s.leaseEpoch));
                }
                return out;
            });
        } catch (RuntimeException e) {
            throw new IllegalStateException("claiming streams failed: " + e.getMessage(), e);
        }
    }

    /**
     * Extends the lease of a running poll; false when it was lost (expired and claimed by another replica)
     * or its connection was paused or deleted meanwhile (the poll is then abandoned).
     */
    public boolean renew(SyncStateRepository.Due due, Instant now) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> StreamStateEntity.update(
                    "leaseUntil = ?1 where connectionId = ?2 and stream = ?3 and leaseOwner = ?4 and leaseEpoch = ?5"
                            // a paused (or deleted) connection's polls are not renewed: their replica abandons them
                            + " and connectionId in (select c.id from ConnectionEntity c where c.paused = false)",
                    now.plus(ttl), due.connectionId(), due.stream().id(), replicaId, due.epoch())) == 1;
        } catch (RuntimeException e) {
            LOG.warnf("renewing the lease of %s %s failed: %s", due.connectionId(), due.stream().id(), e.getMessage());
            return true; // not known to be lost; the save's epoch check decides
        }
    }

    /** Gives back a lease this replica holds (the poll ended without saving, or it never started). */
    public void release(SyncStateRepository.Due due) {
        try {
            QuarkusTransaction.requiringNew().run(() -> StreamStateEntity.update(
                    "leaseOwner = null, leaseUntil = null where connectionId = ?1 and stream = ?2 and leaseOwner = ?3"
                            + " and leaseEpoch = ?4",
                    due.connectionId(), due.stream().id(), replicaId, due.epoch()));
        } catch (RuntimeException e) {
            LOG.warnf("releasing the lease of %s %s failed (it expires by itself): %s", due.connectionId(),
                    due.stream().id(), e.getMessage());
        }
    }

    /** Gives back every lease of this replica: called when it stops, so others take over at once. */
    public int releaseAll() {
        try {
            return QuarkusTransaction.requiringNew().call(
                    () -> StreamStateEntity.update("leaseOwner = null, leaseUntil = null where leaseOwner = ?1", replicaId));
        } catch (RuntimeException e) {
            LOG.warnf("releasing this replica's leases failed (they expire by themselves): %s", e.getMessage());
            return 0;
        }
    }

    /** True while some replica holds an unexpired lease on one of the connection's streams. */
    public boolean leased(UUID connectionId, Instant now) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> StreamStateEntity
                    .count("connectionId = ?1 and leaseOwner is not null and leaseUntil >= ?2", connectionId, now) > 0);
        } catch (RuntimeException e) {
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
