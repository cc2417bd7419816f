package io.dorastream.aggregator.messaging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.dorastream.aggregator.config.AggregatorConfig;
import io.dorastream.aggregator.ingest.DeploymentStore;
import io.dorastream.aggregator.ingest.IncidentStore;
import io.dorastream.aggregator.ingest.WatermarkStore;
import io.dorastream.events.Deployment;
import io.dorastream.events.EventEnvelope;
import io.dorastream.events.EventKey;
import io.dorastream.events.EventRecords;
import io.dorastream.events.Incident;
import io.dorastream.events.Stream;
import io.dorastream.events.SyncWatermark;
import io.dorastream.events.serde.DeploymentEnvelopeDeserializer;
import io.dorastream.events.serde.IncidentEnvelopeDeserializer;
import io.dorastream.events.serde.SyncWatermarkDeserializer;
import io.smallrye.common.annotation.Blocking;

/**
 * Consumes the event topics in batches. Each batch is applied in one PostgreSQL transaction, which also
 * records the position it reached on each partition ({@code event_position}, what the watermarks wait
 * for), and the offsets are committed only after it returns. A poison record goes to the DLQ; a
 * database outage is waited out (the batch is retried with backoff while the broker keeps the
 * records), so the channel never dies of it.
 */
@ApplicationScoped
public class EventConsumer {

    private static final Logger LOG = Logger.getLogger(EventConsumer.class);

    private final DeploymentStore deployments;
    private final IncidentStore incidents;
    private final WatermarkStore watermarks;
    private final DeadLetters deadLetters;
    private final MetricsPublisher metricsPublisher;
    private final BatchSpans batchSpans;
    private final OutageRetry outageRetry;
    private final DeploymentEnvelopeDeserializer deploymentReader = new DeploymentEnvelopeDeserializer();
    private final IncidentEnvelopeDeserializer incidentReader = new IncidentEnvelopeDeserializer();
    private final SyncWatermarkDeserializer watermarkReader = new SyncWatermarkDeserializer();

    public EventConsumer(DeploymentStore deployments, IncidentStore incidents, WatermarkStore watermarks,
            DeadLetters deadLetters, MetricsPublisher metricsPublisher, BatchSpans batchSpans, AggregatorConfig config) {
        this.batchSpans = batchSpans;
        this.deployments = deployments;
        this.incidents = incidents;
        this.watermarks = watermarks;
        this.deadLetters = deadLetters;
        this.metricsPublisher = metricsPublisher;
        this.outageRetry = new OutageRetry(config.ingest().maxRetryBackoff());
    }

    @Incoming("deployments")
    @Blocking
    public void deployments(ConsumerRecords<String, byte[]> batch) {
        batchSpans.run("apply dora.deployments", batch, () -> applyDeployments(batch));
    }

    private void applyDeployments(ConsumerRecords<String, byte[]> batch) {
        List<DeploymentStore.Change> changes = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>();
        List<CompletableFuture<Void>> dead = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : batch) {
            try {
                EventKey key = EventKey.parse(r.key());
                EventEnvelope<Deployment> envelope = deploymentReader.deserialize(r.topic(), r.value());
                requireTombstoneOrValue(r, envelope);
                long version = version(r, key, envelope);
                if (envelope != null && (envelope.event() == null || envelope.event().service() == null
                        || envelope.event().startedAt() == null)) {
                    throw new IllegalArgumentException("deployment without service or startedAt");
                }
                changes.add(new DeploymentStore.Change(key, version, envelope));
                sources.add(r);
            } catch (RuntimeException e) {
                dead.add(deadLetters.send(true, r, e));
            }
        }
        CompletableFuture.allOf(dead.toArray(CompletableFuture[]::new)).join();
        applyWithRetry(Stream.DEPLOYMENTS, batch, changes, sources, deployments::apply);
    }

    @Incoming("incidents")
    @Blocking
    public void incidents(ConsumerRecords<String, byte[]> batch) {
        batchSpans.run("apply dora.incidents", batch, () -> applyIncidents(batch));
    }

    private void applyIncidents(ConsumerRecords<String, byte[]> batch) {
        List<IncidentStore.Change> changes = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>();
        List<CompletableFuture<Void>> dead = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : batch) {
            try {
                EventKey key = EventKey.parse(r.key());
                EventEnvelope<Incident> envelope = incidentReader.deserialize(r.topic(), r.value());
                requireTombstoneOrValue(r, envelope);
                long version = version(r, key, envelope);
                if (envelope != null && (envelope.event() == null || envelope.event().startedAt() == null)) {
                    throw new IllegalArgumentException("failure without startedAt");
                }
                changes.add(new IncidentStore.Change(key, version, envelope));
                sources.add(r);
            } catch (RuntimeException e) {
                dead.add(deadLetters.send(false, r, e));
            }
        }
        CompletableFuture.allOf(dead.toArray(CompletableFuture[]::new)).join();
        applyWithRetry(Stream.FAILURES, batch, changes, sources, incidents::apply);
    }

    /** The position the batch reaches on each partition: one past its last record there. */
    private static Map<Integer, Long> nextOffsets(ConsumerRecords<String, byte[]> batch) {
        Map<Integer, Long> next = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : batch) {
            next.merge(r.partition(), r.offset() + 1, Math::max);
        }
        return next;
    }

    @Incoming("sync")
    @Blocking
    public void sync(ConsumerRecords<String, byte[]> batch) {
        for (ConsumerRecord<String, byte[]> r : batch) {
            if (r.value() == null) {
                retire(r);
                continue;
            }
            SyncWatermark w;
            try {
                w = watermarkReader.deserialize(r.topic(), r.value());
            } catch (RuntimeException e) {
                LOG.warnf("skipped an unreadable watermark at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
                continue;
            }
            if (w != null && w.connectionId() != null && w.stream() != null && w.watermark() != null) {
                try {
                    retry(() -> {
                        watermarks.apply(w);
                        return 1;
                    });
                } catch (RuntimeException e) {
                    // Not an outage (retry waits those out): the database refuses this watermark. Skip it like an
                    // unreadable one; letting it escape would fail-stop the channel, and again after every restart.
                    LOG.warnf("skipped a watermark the database refused at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                            e.getMessage());
                }
            }
        }
    }

    /** A tombstone on {@code <connectionId>:<stream>}: the connection was deleted, its stream is retired. */
    private void retire(ConsumerRecord<String, byte[]> r) {
        int colon = r.key() == null ? -1 : r.key().indexOf(':');
        UUID connection;
        String stream;
        try {
            connection = UUID.fromString(r.key().substring(0, colon));
            stream = Stream.fromId(r.key().substring(colon + 1)).id();
        } catch (RuntimeException e) {
            LOG.warnf("skipped a sync tombstone with an unreadable key at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                    r.key());
            return;
        }
        retry(() -> {
            watermarks.retire(connection, stream);
            return 1;
        });
    }

    /** Only a record without a value is a tombstone: a value reading as JSON {@code null} is poison. */
    private static void requireTombstoneOrValue(ConsumerRecord<String, byte[]> r, EventEnvelope<?> envelope) {
        if (r.value() != null && envelope == null) {
            throw new IllegalArgumentException("the value is JSON null; a tombstone has no value at all");
        }
    }

    /** The version of a record: the envelope's, which must agree with the header; a tombstone's from its header. */
    private static long version(ConsumerRecord<String, byte[]> r, EventKey key, EventEnvelope<?> envelope) {
        long header = EventRecords.version(r.headers());
        if (envelope == null) {
            return header;
        }
        if (envelope.version() < 1) {
            throw new IllegalArgumentException("version " + envelope.version() + " is not positive");
        }
        if (header >= 0 && header != envelope.version()) {
            throw new IllegalArgumentException("header version " + header + " differs from envelope version " + envelope.version());
        }
        if (!key.eventId().equals(envelope.eventId()) || !key.connectionId().equals(envelope.connectionId())) {
            throw new IllegalArgumentException("key " + key + " does not match the envelope's event");
        }
        return envelope.version();
    }

    /**
     * Applies a batch's changes and records the position the batch reached on each partition (every record
     * of the batch counts: its changes are applied and the rest are dead-lettered by now, so a batch of
     * dead letters only advances it too), in one transaction, which applies the watermarks that were
     * waiting for them; while the database is unavailable, waits and tries again. A batch that fails for
     * another reason is applied record by record, the records that still fail go to the DLQ, and then the
     * position is recorded once, on its own.
     */
    private <C> void applyWithRetry(Stream stream, ConsumerRecords<String, byte[]> batch, List<C> changes,
            List<ConsumerRecord<String, byte[]>> sources, BiFunction<List<C>, Map<Integer, Long>, Integer> apply) {
        Map<Integer, Long> next = nextOffsets(batch);
        try {
            retry(() -> apply.apply(changes, next));
        } catch (RuntimeException batchFailure) {
            LOG.warnf("a batch of %d records failed (%s); applying them one by one", changes.size(), batchFailure.getMessage());
            for (int i = 0; i < changes.size(); i++) {
                C one = changes.get(i);
                try {
                    retry(() -> apply.apply(List.of(one), Map.of()));
                } catch (RuntimeException e) {
                    deadLetters.send(stream == Stream.DEPLOYMENTS, sources.get(i), e).join();
                }
            }
            retry(() -> {
                watermarks.eventsApplied(stream, next);
                return 1;
            });
        }
        if (!changes.isEmpty()) {
            metricsPublisher.nudge(); // publish the rollups the batch changed now rather than at the next scheduled drain
        }
    }

    /** Runs the action until it succeeds or fails for a reason other than a database outage. */
    private <T> T retry(java.util.function.Supplier<T> action) {
        return outageRetry.call(action);
    }
}
