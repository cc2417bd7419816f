package io.dorastream.connector.sync;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.dorastream.connector.connection.ConnectionEntity;
import io.dorastream.connector.connection.StreamStateEntity;
import io.dorastream.connector.datadog.RateLimit;
import io.dorastream.events.Stream;

/** The transactions of the sync loop: what is due, and the outcome of one poll. */
@ApplicationScoped
public class SyncStateRepository {

    /** What a poll needs to know, read in one short transaction. */
    public record Due(UUID connectionId, Stream stream) {
    }

    public record Snapshot(ConnectionEntity connection, StreamStateEntity state) {
    }

    private final EventVersionStore versions;

    public SyncStateRepository(EventVersionStore versions) {
        this.versions = versions;
    }

    /** Streams whose next poll is due, of connections that are neither paused nor unauthorized. */
    @Transactional
    public List<Due> due(Instant now) {
        return StreamStateEntity.<StreamStateEntity>find(
                "nextPollAt <= ?1 and available = true and state not in ('paused', 'unauthorized', 'unavailable')"
                        + " and connectionId in (select c.id from ConnectionEntity c where c.paused = false)"
                        + " order by nextPollAt", now)
                .list().stream()
                .map(s -> new Due(s.connectionId, Stream.fromId(s.stream)))
                .toList();
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
        versions.save(due.connectionId(), due.stream(), published, now);
        StreamStateEntity s = StreamStateEntity.findById(new StreamStateEntity.Key(due.connectionId(), due.stream().id()),
                LockModeType.PESSIMISTIC_WRITE);
        if (s == null) {
            return; // the connection was deleted meanwhile
        }
        s.position = position;
        s.state = live ? "live" : "backfilling";
        s.lastSuccessAt = now;
        s.lastError = null;
        s.eventsPublished += published.stream().filter(EventVersionStore.Published::sent).count();
        s.eventsRejected += versions.rejectedOnce(due.connectionId(), due.stream(), unreadable, now);
        if (reread != null) {
            reread.applyTo(s);
        }
        if (rateLimit != null && rateLimit.remaining() != null) {
            s.rateLimitRemaining = rateLimit.remaining();
        }
        s.nextPollAt = nextPollAt;
        ConnectionEntity c = ConnectionEntity.findById(due.connectionId());
        if (c != null && "failing".equals(c.status)) {
            c.status = "active";
        }
    }

    /** Records a failed poll; {@code unauthorized} stops polling the connection until its keys change. */
    @Transactional
    public void pollFailed(Due due, String error, boolean unauthorized, Instant now, Instant nextPollAt) {
        StreamStateEntity s = StreamStateEntity.findById(new StreamStateEntity.Key(due.connectionId(), due.stream().id()));
        if (s == null) {
            return;
        }
        s.state = unauthorized ? "unauthorized" : "failing";
        s.lastError = error;
        s.nextPollAt = nextPollAt;
        ConnectionEntity c = ConnectionEntity.findById(due.connectionId());
        if (c != null) {
            c.status = unauthorized ? "unauthorized" : "failing";
            c.updatedAt = now;
        }
    }
}
