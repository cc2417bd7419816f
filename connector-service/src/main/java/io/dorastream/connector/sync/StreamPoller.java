package io.dorastream.connector.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.dorastream.connector.config.ConnectorConfig;
import io.dorastream.connector.connection.ConnectionEntity;
import io.dorastream.connector.connection.CredentialCipher;
import io.dorastream.connector.connection.StreamStateEntity;
import io.dorastream.connector.datadog.DatadogApiException;
import io.dorastream.connector.datadog.DatadogClient;
import io.dorastream.connector.datadog.DatadogClient.Credentials;
import io.dorastream.connector.datadog.DatadogEventParser;
import io.dorastream.connector.datadog.DatadogEventParser.Parsed;
import io.dorastream.connector.datadog.DatadogSite;
import io.dorastream.connector.datadog.DatadogUnreachableException;
import io.dorastream.connector.datadog.Priority;
import io.dorastream.connector.messaging.EventPublisher;
import io.dorastream.events.Deployment;
import io.dorastream.events.EventEnvelope;
import io.dorastream.events.Incident;
import io.dorastream.events.SyncWatermark;

/**
 * One poll of one stream: read the next window from Datadog, publish every new or changed event
 * with its next version, wait for Kafka's acknowledgements, then save versions and position in one
 * transaction and publish the stream's watermark. A crash before the save repeats the window
 * (identical versions again), never skips it.
 */
@ApplicationScoped
public class StreamPoller {

    private static final Logger LOG = Logger.getLogger(StreamPoller.class);
    private static final Duration FAILURE_BACKOFF = Duration.ofSeconds(15);

    private final ConnectorConfig config;
    private final SyncStateRepository repository;
    private final EventVersionStore versions;
    private final EventPublisher publisher;
    private final CredentialCipher cipher;
    private final DatadogClient client;
    private final WindowReader reader;
    private final Clock clock;

    public StreamPoller(ConnectorConfig config, SyncStateRepository repository, EventVersionStore versions,
            EventPublisher publisher, CredentialCipher cipher, DatadogClient client, Clock clock) {
        this.config = config;
        this.repository = repository;
        this.versions = versions;
        this.publisher = publisher;
        this.cipher = cipher;
        this.client = client;
        this.reader = new WindowReader(new DatadogEventParser(config.privacy().authorEmails()), config.datadog().pageLimit());
        this.clock = clock;
    }

    /** Polls one stream; false when Datadog failed the poll (its connection's breaker counts it). */
    public boolean poll(SyncStateRepository.Due due) {
        SyncStateRepository.Snapshot snap = repository.load(due);
        if (snap == null) {
            return true;
        }
        ConnectionEntity c = snap.connection();
        StreamStateEntity s = snap.state();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant from = s.position != null ? s.position : s.backfillFrom;
        Instant stepEnd = from.plus(config.sync().backfillStep());
        Instant to = stepEnd.isBefore(now) ? stepEnd : now;
        if (!to.isAfter(from)) {
            return true;
        }
        try {
            DatadogSite site = DatadogSite.parse(c.site);
            Credentials keys = new Credentials(cipher.decrypt(c.apiKeyEnc), cipher.decrypt(c.appKeyEnc));
            Priority priority = to.isBefore(now) ? Priority.BACKFILL : Priority.LIVE;
            WindowReader.Result read = reader.read(
                    (stream, f, t, limit, query) -> client.list(site, keys, stream, f, t, limit, query, priority),
                    due.stream(), c.query, from, to);
            List<EventVersionStore.Published> published = publish(c, due, read.events(), now);
            boolean live = !to.isBefore(now);
            Instant next = live ? now.plusSeconds(c.pollIntervalSeconds) : now;
            repository.windowDone(due, published, read.rejected(), to, live, read.rateLimit(), now, next);
            publisher.publishWatermark(new SyncWatermark(c.id, due.stream().id(), to, now, EventEnvelope.SCHEMA_VERSION))
                    .join();
            return true;
        } catch (DatadogApiException e) {
            LOG.warnf("connection %s %s: %s", c.id, due.stream().id(), e.getMessage());
            repository.pollFailed(due, e.getMessage(), e.unauthorized(), now, now.plus(FAILURE_BACKOFF));
            return e.unauthorized(); // a refused key is not Datadog failing: the connection stops anyway
        } catch (DatadogUnreachableException | IllegalStateException | CompletionException e) {
            String message = e instanceof CompletionException && e.getCause() != null ? e.getCause().toString() : e.getMessage();
            LOG.warnf("connection %s %s: %s", c.id, due.stream().id(), message);
            repository.pollFailed(due, message, false, now, now.plus(FAILURE_BACKOFF));
            return false;
        }
    }

    /** Publishes the new and changed events of a window and waits until Kafka acknowledged all of them. */
    private List<EventVersionStore.Published> publish(ConnectionEntity c, SyncStateRepository.Due due, List<Parsed> events,
            Instant now) {
        Map<String, EventVersionStore.Stored> stored = versions.load(c.id, due.stream(), events.stream().map(Parsed::id).toList());
        List<EventVersionStore.Published> published = new ArrayList<>();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (Parsed p : events) {
            String hash = ContentHash.of(p.event(), p.raw());
            EventVersionStore.Stored before = stored.get(p.id());
            if (before != null && !before.deleted() && hash.equals(before.hash())) {
                continue;
            }
            long version = before == null ? 1 : before.version() + 1;
            EventEnvelope<Object> envelope = new EventEnvelope<>(p.id(), c.id, c.site, now, version,
                    EventEnvelope.SCHEMA_VERSION, p.event(), p.raw());
            acks.add(publisher.publish(due.stream(), envelope));
            published.add(new EventVersionStore.Published(p.id(), version, hash, startedAt(p.event())));
        }
        EventPublisher.awaitAll(acks);
        return published;
    }

    private static Instant startedAt(Object event) {
        return event instanceof Deployment d ? d.startedAt() : ((Incident) event).startedAt();
    }
}
