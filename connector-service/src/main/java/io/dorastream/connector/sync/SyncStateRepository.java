package io.dorastream.connector.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.dorastream.connector.config.ConnectorConfig;
import io.dorastream.connector.connection.ConnectionEntity;
import io.dorastream.connector.connection.ConnectionStatus;
import io.dorastream.connector.connection.StreamState;
import io.dorastream.connector.connection.StreamStateEntity;
import io.dorastream.connector.connection.UnauthorizedReprobe;
import io.dorastream.connector.datadog.RateLimit;
import io.dorastream.events.Stream;
import io.micrometer.core.instrument.MeterRegistry;

/** The transactions of the sync loop: what is due, and the outcome of one poll. */
@ApplicationScoped
public class SyncStateRepository {

    /** A stream this replica claimed, with the lease epoch its saves must name. */
    public record Due(UUID connectionId, Stream stream, long epoch) {
    }

    public record Snapshot(ConnectionEntity connection, StreamStateEntity state) {
    }

    /** Thrown by a save whose lease expired and was claimed by another replica: nothing is saved. */
    public static final class LeaseLostException extends RuntimeException {
        LeaseLostException(Due due) {
            super("the lease on " + due.connectionId() + " " + due.stream().id() + " (epoch " + due.epoch()
                    + ") was lost to another replica; its window will be read again there");
        }
    }

    private final EventVersionStore versions;
    private final StreamLeases leases;
    private final MeterRegistry meters;
    private final Duration unauthorizedProbeInitial;

    public SyncStateRepository(EventVersionStore versions, StreamLeases leases, MeterRegistry meters, ConnectorConfig config) {
        this.unauthorizedProbeInitial = config.sync().unauthorizedProbeInitial();
        this.versions = versions;
        this.leases = leases;
        this.meters = meters;
    }

    @Transactional
    public Snapshot load(Due due) {
        ConnectionEntity c = ConnectionEntity.findById(due.connectionId());
        StreamStateEntity s = StreamStateEntity.findById(new StreamStateEntity.Key(due.connectionId(), due.stream().id()));
        return c == null || s == null ? null : new Snapshot(c, s);
    }

    /**
     * Saves a complete poll: the versions Kafka acknowledged, the stream's new position and the state
     * of its re-read ({@code reread} null: unchanged). The row is locked, so a re-read requested
     * meanwhile is not overwritten (see {@link Rereads.Progress#applyTo}). {@code unreadable} are
     * the keys of the events that could not be parsed; each is counted once however often it is read.
     */
    @Transactional
    public void windowDone(Due due, List<EventVersionStore.Published> published, Collection<String> unreadable,
            Instant position, boolean live, RateLimit rateLimit, Instant now, Instant nextPollAt, Rereads.Progress reread) {
        StreamStateEntity s = leased(due);
        if (s == null) {
            return; // the connection was deleted meanwhile
        }
        versions.save(due.connectionId(), due.stream(), published, now);
        s.position = position;
        s.state = live ? StreamState.LIVE : StreamState.BACKFILLING;
        s.lastSuccessAt = now;
        s.lastError = null;
        s.eventsPublished += published.stream().filter(EventVersionStore.Published::sent).count();
        long rejected = versions.rejectedOnce(due.connectionId(), due.stream(), unreadable, now);
        s.eventsRejected += rejected;
        if (rejected > 0) {
            meters.counter("dora.events.rejected", "stream", due.stream().id()).increment(rejected);
        }
        if (reread != null) {
            reread.applyTo(s);
        }
        if (rateLimit != null && rateLimit.remaining() != null) {
            s.rateLimitRemaining = rateLimit.remaining();
        }
        s.nextPollAt = nextPollAt;
        ConnectionEntity c = ConnectionEntity.findById(due.connectionId());
        if (c != null && c.status == ConnectionStatus.FAILING) {
            c.status = ConnectionStatus.ACTIVE;
        }
    }

    /**
     * Records a failed poll; {@code unauthorized} stops polling the whole connection (its status is
     * no longer claimed, see {@link StreamLeases}) until its keys are updated or a probe of
     * {@link UnauthorizedReprobe} finds that they work again.
     */
    @Transactional
    public void pollFailed(Due due, String error, boolean unauthorized, Instant now, Instant nextPollAt) {
        StreamStateEntity s = leased(due);
        if (s == null) {
            return;
        }
        s.state = unauthorized ? StreamState.UNAUTHORIZED : StreamState.FAILING;
        s.lastError = error;
        s.nextPollAt = nextPollAt;
        ConnectionEntity c = ConnectionEntity.findById(due.connectionId());
        if (c != null) {
            if (unauthorized && c.status != ConnectionStatus.UNAUTHORIZED) {
                UnauthorizedReprobe.firstProbe(c, now, unauthorizedProbeInitial);
            }
            c.status = unauthorized ? ConnectionStatus.UNAUTHORIZED : ConnectionStatus.FAILING;
            c.updatedAt = now;
        }
    }

    /**
     * The stream's row, locked until the transaction ends, after checking that this replica still
     * holds the lease it claimed; null when the stream no longer exists.
     */
    private StreamStateEntity leased(Due due) {
        StreamStateEntity s = StreamStateEntity.findById(new StreamStateEntity.Key(due.connectionId(), due.stream().id()),
                LockModeType.PESSIMISTIC_WRITE);
        if (s != null && (s.leaseEpoch != due.epoch() || !leases.replicaId().equals(s.leaseOwner))) {
            throw new LeaseLostException(due);
        }
        return s;
    }
}
