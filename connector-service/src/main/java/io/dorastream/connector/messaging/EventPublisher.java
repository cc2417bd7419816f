package io.dorastream.connector.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.apache.kafka.common.header.Headers;

import io.dorastream.events.EventEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import io.dorastream.events.EventKey;
import io.dorastream.events.EventRecords;
import io.dorastream.events.Stream;
import io.dorastream.events.SyncWatermark;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes event versions, tombstones and watermarks. Every send returns a future completed when
 * Kafka acknowledged the record ({@code acks=all}, idempotent producer): callers save their position
 * only after all of a window's futures completed.
 */
@ApplicationScoped
public class EventPublisher {

    private final Emitter<Record<String, Object>> deployments;
    private final Emitter<Record<String, Object>> incidents;
    private final Emitter<Record<String, SyncWatermark>> sync;
    private final MeterRegistry meters;

    public EventPublisher(
            @Channel("deployments") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<Record<String, Object>> deployments,
            @Channel("incidents") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<Record<String, Object>> incidents,
            @Channel("sync") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<Record<String, SyncWatermark>> sync,
            MeterRegistry meters) {
        this.deployments = deployments;
        this.incidents = incidents;
        this.sync = sync;
        this.meters = meters;
    }

    /** One version of an event. */
    public CompletableFuture<Void> publish(Stream stream, EventEnvelope<?> envelope) {
        Headers headers = EventRecords.headers(stream, envelope.connectionId(), envelope.eventId(), envelope.site(),
                envelope.version(), envelope.observedAt(), false);
        return counted(stream, "version", send(emitter(stream), envelope.key(), envelope, headers));
    }

    /** A tombstone: the event was deleted in Datadog (or left the connection's scope). */
    public CompletableFuture<Void> publishTombstone(Stream stream, UUID connectionId, String eventId, String site,
            long version, Instant observedAt) {
        Headers headers = EventRecords.headers(stream, connectionId, eventId, site, version, observedAt, true);
        return counted(stream, "tombstone", send(emitter(stream), new EventKey(connectionId, eventId), null, headers));
    }

    /** Counts acknowledged records in {@code dora.events.published} by stream and kind. */
    private CompletableFuture<Void> counted(Stream stream, String kind, CompletableFuture<Void> acked) {
        return acked.thenRun(() -> meters.counter("dora.events.published", "stream", stream.id(), "kind", kind).increment());
    }

    public CompletableFuture<Void> publishWatermark(SyncWatermark watermark) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        sync.send(message(Record.of(watermark.key(), watermark), null, acked));
        return acked;
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

    private static CompletableFuture<Void> send(Emitter<Record<String, Object>> emitter, EventKey key, Object value,
            Headers headers) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        emitter.send(message(Record.of(key.toString(), value), headers, acked));
        return acked;
    }

    private static <T> Message<T> message(T payload, Headers headers, CompletableFuture<Void> acked) {
        List<Object> metadata = new ArrayList<>();
        // The trace of the caller (a poll's span), captured now: the Kafka sink sends on another thread
        // and injects this context as the record's W3C traceparent header.
        metadata.add(TracingMetadata.withCurrent(Context.current()));
        if (headers != null) {
            metadata.add(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build());
        }
        return Message.of(payload, org.eclipse.microprofile.reactive.messaging.Metadata.from(metadata),
                () -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
    }
}
