package io.dorastream.connector.connection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.dorastream.connector.messaging.EventPublisher;
import io.dorastream.connector.sync.EventVersionStore;
import io.dorastream.connector.sync.SyncScheduler;
import io.dorastream.events.Stream;

/**
 * Deletes connections. Either way the connection is paused first and a running poll allowed to
 * finish, then <em>retired</em> downstream — a tombstone on each of its {@code dora.sync.v1} keys, so
 * that consumers stop waiting for its watermarks (docs/events.md) — and deleted only once Kafka
 * acknowledged that. A purge also makes downstream forget its events: before the retirement, a
 * tombstone (next version) for every event it published and did not delete (no version follows it,
 * since nothing polls any more). A failure midway leaves the (paused) connection in place, so the
 * deletion can be repeated.
 */
@ApplicationScoped
public class ConnectionPurge {

    private static final Logger LOG = Logger.getLogger(ConnectionPurge.class);

    private final ConnectionService connections;
    private final EventVersionStore versions;
    private final EventPublisher publisher;
    private final SyncScheduler scheduler;
    private final Clock clock;

    public ConnectionPurge(ConnectionService connections, EventVersionStore versions, EventPublisher publisher,
            SyncScheduler scheduler, Clock clock) {
        this.connections = connections;
        this.scheduler = scheduler;
        this.versions = versions;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * Deletes a connection, keeping its published events.
     *
     * @return false when there is no such connection
     */
    public boolean delete(UUID id) {
        if (connections.find(id) == null) {
            return false;
        }
        stopPolling(id);
        retire(id);
        return connections.delete(id);
    }

    /** @return false when there is no such connection */
    public boolean purge(UUID id) {
        ConnectionEntity c = connections.find(id);
        if (c == null) {
            return false;
        }
        stopPolling(id);
        Instant now = clock.instant();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        List<EventVersionStore.Live> live = versions.live(id);
        for (EventVersionStore.Live e : live) {
            acks.add(publisher.publishTombstone(e.stream(), id, e.eventId(), c.site, e.version() + 1, now));
        }
        EventPublisher.awaitAll(acks);
        retire(id);
        connections.delete(id);
        LOG.infof("connection %s purged: %d tombstones published", id, live.size());
        return true;
    }

    /**
     * Pauses the connection and lets a running poll finish: no version may follow a tombstone, and no
     * watermark the retirement (it would bring the stream back downstream).
     */
    private void stopPolling(UUID id) {
        connections.update(id, new ConnectionPatch(null, null, null, null, true, null));
        if (!scheduler.awaitIdle(id, Duration.ofMinutes(2))) {
            throw new IllegalStateException("a poll of connection " + id + " is still running; try the deletion again");
        }
    }

    /** Publishes the retirement of each of the connection's streams and waits for Kafka's acknowledgement. */
    private void retire(UUID id) {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (Stream stream : Stream.values()) {
            acks.add(publisher.publishRetirement(id, stream));
        }
        EventPublisher.awaitAll(acks);
    }
}
