package io.dorastream.connector.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.connector.ConnectorTestResources;
import io.dorastream.connector.TopicReader;
import io.dorastream.events.Deployment;
import io.dorastream.events.DoraJson;
import io.dorastream.events.EventEnvelope;
import io.dorastream.events.Stream;
import io.dorastream.events.Topics;
import io.dorastream.events.schema.ContractSchemas;
import io.quarkus.test.junit.QuarkusTest;

/** A deployment with 5,000 commits (several MB of JSON) goes through the real broker whole. */
@QuarkusTest
@ConnectorTestResources
class LargeRecordTest {

    @Inject
    EventPublisher publisher;

    @Test
    void aDeploymentWith5000CommitsFits() throws Exception {
        Instant t = Instant.parse("2026-06-01T12:00:00Z");
        List<Deployment.Commit> commits = new ArrayList<>();
        ObjectNode raw = DoraJson.mapper().createObjectNode().put("service", "monolith").put("started_at", t.toString());
        ArrayNode rawCommits = raw.putArray("commits");
        for (int i = 0; i < 5000; i++) {
            String sha = String.format("%040x", i * 7919L);
            Instant when = t.minusSeconds(3600L + i);
            commits.add(new Deployment.Commit(sha, when, new Deployment.Author(null, null, false),
                    "fix: change number " + i + " of the big release", "https://github.com/org/repo/commit/" + sha,
                    3600.0 + i, 60.0));
            rawCommits.addObject().put("sha", sha).put("timestamp", when.toString()).put("message", "fix: change number " + i)
                    .put("change_lead_time", 3600 + i);
        }
        Deployment d = new Deployment("monolith", "production", "core", "v9", t, t.plusSeconds(60), List.of(), null, null,
                null, null, "standard", commits, null, 5000, null, 60.0, null, null, null);
        UUID connection = UUID.randomUUID();
        EventEnvelope<Deployment> envelope = new EventEnvelope<>("big-release", connection, "datadoghq.com", t, 1,
                EventEnvelope.SCHEMA_VERSION, d, raw);
        int jsonBytes = DoraJson.mapper().writeValueAsBytes(envelope).length;
        assertTrue(jsonBytes > 2 * 1024 * 1024, "larger than Kafka's 1 MiB default: " + jsonBytes);

        publisher.publish(Stream.DEPLOYMENTS, envelope).get();

        try (TopicReader reader = new TopicReader(Topics.DEPLOYMENTS)) {
            List<ConsumerRecord<String, byte[]>> got = reader.readUntil(r -> r.key().equals(connection + ":big-release"),
                    rs -> !rs.isEmpty(), Duration.ofSeconds(30));
            assertEquals(1, got.size());
            assertEquals(5000, DoraJson.mapper().readTree(got.get(0).value()).path("event").path("commits").size());
            assertTrue(ContractSchemas.validateRecord(Topics.DEPLOYMENTS, got.get(0).key(), got.get(0).value(),
                    got.get(0).headers()).isEmpty());
        }
    }
}
