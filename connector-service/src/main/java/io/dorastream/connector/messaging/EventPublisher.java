package io.dorastream.connector.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;

import io.dorastream.events.EventEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import io.dorastream.events.EventKey;
import io.dorastream.events.EventRecords;
import io.dorastream.events.Stream;
import io.dorastream.events.SyncWatermark;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.OutgoingMessageMetadata;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes event versions, tombstones and watermarks. Every send returns a future completed when
 * Kafka acknowledged the record ({@code acks=all}, idempotent producer): callers save their position
 * only after all of a window's futures completed. The offsets of the acknowledged event records are
 * remembered per connection and stream, and travel with the stream's next watermark
 * ({@link SyncWatermark#offsets()}), so that a consumer applies the watermark only once it holds
 * those records.
 */
@ApplicationScoped
public class EventPublisher {

    private final Emitter<Record<String, Object>> deployments;
    private final Emitter<Record<String, Object>> incidents;
    private final Emitter<Record<String, SyncWatermark>> sync;
    private final MeterRegistry meters;
    /**
     * Per sync key ({@code <connectionId>:<stream>}), per partition of the stream's topic, the offset
     * just past the last record of that connection and stream acknowledged there by this process.
     */
    private final Map<String, Map<Integer, Long>> sentOffsets = new ConcurrentHashMap<>();
    /**
     * The sync keys whose offsets include the topic's end offsets read before this process's first
     * watermark of the key: what an earlier process or replica published for the key and did not cover
     * with a watermark (it stopped between a window's acknowledgement and its watermark) is covered then.
     */
    private final Set<String> baselined = ConcurrentHashMap.newKeySet();
    private final TopicEnds ends;

    public EventPublisher(
            @Channel("deployments") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<Record<String, Object>> deployments,
            @Channel("incidents") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<Record<String, Object>> incidents,
            @Channel("sync") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<Record<String, SyncWatermark>> sync,
            MeterRegistry meters, TopicEnds ends) {
        this.ends = ends;
        this.deployments = deployments;
        this.incidents = incidents;
        this.sync = sync;
        this.meters = meters;
    }

    /** One version of an event. */
    public CompletableFuture<Void> publish(Stream stream, EventEnvelope<?> envelope) {
        Headers headers = EventRecords.headers(stream, envelope.connectionId(), envelope.eventId(), envelope.site(),
                envelope.version(), envelope.observedAt(), false);
        return counted(stream, "version", send(stream, envelope.key(), envelope, headers));
    }

    /** A tombstone: the event was deleted in Datadog (or left the connection's scope). */
    public CompletableFuture<Void> publishTombstone(Stream stream, UUID connectionId, String eventId, String site,
            long version, Instant observedAt) {
        Headers headers = EventRecords.headers(stream, connectionId, eventId, site, version, observedAt, true);
        return counted(stream, "tombstone", send(stream, new EventKey(connectionId, eventId), null, headers));
    }

    /** Counts acknowledged records in {@code dora.events.published} by stream and kind. */
    private CompletableFuture<Void> counted(Stream stream, String kind, CompletableFuture<Void> acked) {
        return acked.thenRun(() -> meters.counter("dora.events.published", "stream", stream.id(), "kind", kind).increment());
    }

    /**
     * The watermark of a connection's stream, with the offsets of every event record of that stream
     * this process had published when it is called (so call it after the covered sends completed); the
     * first of a key in this process also lists the topic's end offsets at that moment.
     *
     * @throws IllegalStateException the end offsets could not be read (nothing was sent)
     */
    public CompletableFuture<Void> publishWatermark(UUID connectionId, Stream stream, Instant watermark, Instant observedAt) {
        String key = SyncWatermark.key(connectionId, stream.id());
        if (baselined.add(key)) {
            try {
                Map<Integer, Long> known = sentOffsets.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
                ends.of(stream).forEach((partition, end) -> known.merge(partition, end, Math::max));
            } catch (RuntimeException e) {
                baselined.remove(key);
                throw e;
            }
        }
        SyncWatermark w = new SyncWatermark(connectionId, stream.id(), watermark, observedAt, SyncWatermark.SCHEMA_VERSION,
                Map.copyOf(sentOffsets.getOrDefault(key, Map.of())));
        CompletableFuture<Void> acked = new CompletableFuture<>();
        sync.send(message(Record.of(key, w), null, acked, null));
        return acked;
    }

    /**
     * Retires a connection's stream: a tombstone on its sync key, after which no watermark of it
     * follows (the connection was deleted or purged; docs/events.md).
     */
    public CompletableFuture<Void> publishRetirement(UUID connectionId, Stream stream) {
        String key = SyncWatermark.key(connectionId, stream.id());
        CompletableFuture<Void> acked = new CompletableFuture<>();
        sync.send(message(Record.of(key, null), null, acked, null));
        return acked.thenRun(() -> {
            sentOffsets.remove(key);
            baselined.remove(key);
        });
    }

    /**
     * Waits for every future.
     *
     * @throws PublishFailedException when Kafka did not acknowledge one of them (the first failure is its cause)
     */
    public static void awaitAll(List<CompletableFuture<Void>> futures) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException | CancellationException e) {
            throw new PublishFailedException(e.getCause() != null ? e.getCause() : e);
        }
    }

    /** Kafka did not acknowledge a record (broker unreachable, topic missing, record refused): DoraStream's side failed. */
    public static final class PublishFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PublishFailedException(Throwable cause) {
            // the cause's text (brokers, topics) goes to the log, not to viewers
            super("Kafka did not acknowledge a record (" + cause.getClass().getSimpleName() + ")", cause);
        }
    }

    private Emitter<Record<String, Object>> emitter(Stream stream) {
        return stream == Stream.DEPLOYMENTS ? deployments : incidents;
    }

    private CompletableFuture<Void> send(Stream stream, EventKey key, Object value, Headers headers) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        String syncKey = SyncWatermark.key(key.connectionId(), stream.id());
        emitter(stream).send(message(Record.of(key.toString(), value), headers, acked, sent -> {
            if (sent.hasOffset()) {
                sentOffsets.computeIfAbsent(syncKey, k -> new ConcurrentHashMap<>()).merge(sent.partition(), sent.offset() + 1, Math::max);
            }
        }));
        return acked;
    }

    /**
     * A message completing {@code acked} when Kafka acknowledged it (after handing the record's
     * metadata to {@code onSent}, when given) or failed.
     */
    private static <T> Message<T> message(T payload, Headers headers, CompletableFuture<Void> acked,
            java.util.function.Consumer<RecordMetadata> onSent) {
        OutgoingMessageMetadata<RecordMetadata> sent = new OutgoingMessageMetadata<>();
        List<Object> metadata = new ArrayList<>();
        metadata.add(sent);
        // The trace of the caller (a poll's span), captured now: the Kafka sink sends on another thread
        // and injects this context as the record's W3C traceparent header.
        metadata.add(TracingMetadata.withCurrent(Context.current()));
        if (headers != null) {
            metadata.add(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build());
        }
        return Message.of(payload, org.eclipse.microprofile.reactive.messaging.Metadata.from(metadata),
                () -> {
                    if (onSent != null && sent.getResult() != null) {
                        onSent.accept(sent.getResult());
                    }
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
    }
}
