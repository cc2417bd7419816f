package io.dorastream.connector.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.dorastream.connector.ConnectorTestResources;
import io.dorastream.connector.TopicReader;
import io.dorastream.events.Stream;
import io.dorastream.events.SyncWatermark;
import io.dorastream.events.Topics;
import io.dorastream.events.serde.SyncWatermarkDeserializer;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The first watermark of a sync key in a process covers what was published for the key before it
 * (by an earlier process, or a replica that stopped between a window and its watermark): it lists the
 * event topic's end offsets; later ones add the offsets of this process's own records.
 */
@QuarkusTest
@ConnectorTestResources
class WatermarkOffsetsTest {

    @Inject
    EventPublisher publisher;

    @Test
    void theFirstWatermarkOfAKeyCoversTheTopicUpToThenAndLaterOnesTheirOwnRecords() throws Exception {
        Instant t = Instant.parse("2026-06-01T12:00:00Z");
        UUID before = UUID.randomUUID();
        UUID connection = UUID.randomUUID();
        // a record this process did not write for the key (as if an earlier process had)
        publisher.publishTombstone(Stream.DEPLOYMENTS, before, "e1", "datadoghq.com", 2, t).get();
        publisher.publishWatermark(connection, Stream.DEPLOYMENTS, t, t).get();
        publisher.publishTombstone(Stream.DEPLOYMENTS, connection, "e2", "datadoghq.com", 2, t).get();
        publisher.publishWatermark(connection, Stream.DEPLOYMENTS, t.plusSeconds(60), t).get();

        try (TopicReader events = new TopicReader(Topics.DEPLOYMENTS); TopicReader sync = new TopicReader(Topics.SYNC)) {
            List<ConsumerRecord<String, byte[]>> records = events.readUntil(
                    r -> r.key().equals(before + ":e1") || r.key().equals(connection + ":e2"), rs -> rs.size() == 2,
                    Duration.ofSeconds(30));
            List<ConsumerRecord<String, byte[]>> marks = sync.readUntil(r -> r.key().equals(connection + ":deployments"),
                    rs -> rs.size() == 2, Duration.ofSeconds(30));
            assertEquals(2, records.size());
            assertEquals(2, marks.size());
            SyncWatermarkDeserializer reader = new SyncWatermarkDeserializer();
            Map<Integer, Long> first = reader.deserialize(Topics.SYNC, marks.get(0).value()).offsets();
            Map<Integer, Long> second = reader.deserialize(Topics.SYNC, marks.get(1).value()).offsets();
            ConsumerRecord<String, byte[]> e1 = records.stream().filter(r -> r.key().endsWith(":e1")).findFirst().orElseThrow();
            ConsumerRecord<String, byte[]> e2 = records.stream().filter(r -> r.key().endsWith(":e2")).findFirst().orElseThrow();
            assertTrue(first.getOrDefault(e1.partition(), 0L) > e1.offset(), "the first watermark covers e1: " + first);
            assertTrue(first.getOrDefault(e2.partition(), Long.MAX_VALUE) <= e2.offset(), "but not what followed it: " + first);
            assertTrue(second.getOrDefault(e2.partition(), 0L) > e2.offset(), "the next one covers its own e2: " + second);
            assertEquals(SyncWatermark.SCHEMA_VERSION, reader.deserialize(Topics.SYNC, marks.get(1).value()).schemaVersion());
        }
    }
}
