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
    private final ConnectorConfig.Sync settings;

    public SyncStateRepository(EventVersionStore versions, StreamLeases leases, MeterRegistry meters, ConnectorConfig config) {
        this.versions = versions;
        this.leases = leases;
        this.meters = meters;
        this.settings = config.sync();
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
        s.clearError();
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
        if (c != null && c.status == ConnectionStatus.UNAUTHORIZED) {
            keysWorkAgain(due, c, now); // a probe got through
        } else if (c != null && c.status == ConnectionStatus.FAILING) {
            c.status = ConnectionStatus.ACTIVE;
            c.updatedAt = now;
        }
    }

    /** Datadog accepted the keys of a connection it had refused: it is active again, and every stream they stopped resumes now. */
    private static void keysWorkAgain(Due due, ConnectionEntity c, Instant now) {
        for (StreamStateEntity other : StreamStateEntity.<StreamStateEntity>list(
                "connectionId = ?1 and stream <> ?2 and state = ?3", due.connectionId(), due.stream().id(),
                StreamState.UNAUTHORIZED)) {
            other.state = other.resumedState(now);
            other.clearError();
            other.nextPollAt = now;
        }
        c.status = ConnectionStatus.ACTIVE;
        c.updatedAt = now;
    }

    /**
     * Records a failed poll ({@link SyncFailures} says whose and what follows) and when the stream is
     * tried again: at {@code retryAt} when given (an open breaker), else after the backoff of its
     * failed polls in a row — {@code unauthorized-probe-initial} doubling for refused keys, {@code failure-backoff}
     * doubling for the others. Refused keys stop the connection's other stream ({@link StreamLeases})
     * while this one probes; a refused query stops this stream until the query changes; Datadog failing
     * marks the connection {@code failing}; DoraStream's own failures leave the connection's status alone.
     *
     * @return when the stream is tried again
     */
    @Transactional
    public Instant pollFailed(Due due, SyncFailures.Failure failure, Instant now, Instant retryAt) {
        StreamStateEntity s = leased(due);
        if (s == null) {
            return null;
        }
        ConnectionEntity c = ConnectionEntity.findById(due.connectionId());
        // a stream probing refused keys keeps probing them whatever else fails (Datadog, our side, the breaker):
        // it is the one stream of the connection that is claimed
        boolean probing = c != null && c.status == ConnectionStatus.UNAUTHORIZED && s.state == StreamState.UNAUTHORIZED;
        StreamState state = probing && failure.state() == StreamState.FAILING ? StreamState.UNAUTHORIZED : failure.state();
        // failures in a row in the same state: a refusal after a stretch of failing polls starts probing at the first wait
        s.failuresInRow = s.state == state ? s.failuresInRow + 1 : 1;
        s.state = state;
        s.lastError = failure.message();
        s.lastErrorSource = failure.source();
        s.lastErrorKind = failure.kind().code();
        s.lastErrorAt = now;
        if (retryAt != null) {
            s.nextPollAt = retryAt;
        } else if (state == StreamState.UNAUTHORIZED) {
            s.nextPollAt = now.plus(SyncFailures.backoff(settings.unauthorizedProbeInitial(), settings.unauthorizedProbeMax(),
                    s.failuresInRow));
        } else {
            s.nextPollAt = now.plus(SyncFailures.backoff(settings.failureBackoff(), settings.failureBackoffMax(),
                    s.failuresInRow));
        }
        if (c == null) {
            return s.nextPollAt;
        }
        if (failure.state() == StreamState.UNAUTHORIZED) {
            c.status = ConnectionStatus.UNAUTHORIZED;
            c.updatedAt = now;
        } else if (failure.state() == StreamState.INVALID_QUERY && c.status == ConnectionStatus.UNAUTHORIZED) {
            keysWorkAgain(due, c, now); // Datadog got as far as reading the query: the keys pass
        } else if (failure.countsTowardBreaker() && c.status == ConnectionStatus.ACTIVE) {
            c.status = ConnectionStatus.FAILING;
            c.updatedAt = now;
        }
        return s.nextPollAt;
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
