package io.dorastream.aggregator.messaging;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.dorastream.events.EventHeaders;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends a record that cannot be applied (poison) to {@code <topic>.dlq}, unchanged, with the error
 * and its origin in headers, so consumption goes on and nothing is silently lost.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final Emitter<Record<String, byte[]>> deployments;
    private final Emitter<Record<String, byte[]>> incidents;

    public DeadLetters(
            @Channel("deployments-dlq") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<Record<String, byte[]>> deployments,
            @Channel("incidents-dlq") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<Record<String, byte[]>> incidents) {
        this.deployments = deployments;
        this.incidents = incidents;
    }

    /** Sends the record to the dead-letter topic of its stream; the future completes on Kafka's acknowledgement. */
    public CompletableFuture<Void> send(boolean deploymentsStream, ConsumerRecord<String, byte[]> record, Throwable error) {
        LOG.warnf("record %s-%d@%d (key %s) goes to the DLQ: %s", record.topic(), record.partition(), record.offset(),
                record.key(), error.getMessage());
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        add(headers, EventHeaders.DLQ_REASON, String.valueOf(error.getMessage()));
        add(headers, EventHeaders.DLQ_EXCEPTION_CLASS_NAME, error.getClass().getName());
        if (error.getCause() != null) {
            add(headers, EventHeaders.DLQ_CAUSE, String.valueOf(error.getCause().getMessage()));
            add(headers, EventHeaders.DLQ_CAUSE_CLASS_NAME, error.getCause().getClass().getName());
        }
        add(headers, EventHeaders.DLQ_TOPIC, record.topic());
        add(headers, EventHeaders.DLQ_PARTITION, Integer.toString(record.partition()));
        add(headers, EventHeaders.DLQ_OFFSET, Long.toString(record.offset()));
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<Record<String, byte[]>> message = Message.of(Record.of(record.key(), record.value()),
                Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build()),
                () -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        (deploymentsStream ? deployments : incidents).send(message);
        return acked;
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
