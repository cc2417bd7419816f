package io.dorastream.connector.sync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.connector.ConnectorTestResources;
import io.dorastream.connector.TestConnections;
import io.dorastream.connector.TopicReader;
import io.dorastream.devstack.simulator.DatadogSimulator;
import io.dorastream.devstack.simulator.Dataset;
import io.dorastream.devstack.simulator.DatasetSpec;
import io.dorastream.devstack.simulator.FaultConfig;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.devstack.testing.SimulatorTestResource;
import io.dorastream.events.EventKey;
import io.dorastream.events.EventRecords;
import io.dorastream.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Injected 429s, 5xx answers, dropped connections and malformed or truncated bodies delay a
 * backfill but lose nothing: the topics end with exactly the simulator's events, version 1 each.
 */
@QuarkusTest
@ConnectorTestResources
class FaultySyncTest {

    @AfterEach
    void deleteConnections() {
        TestConnections.deleteAll(); // a connection left polling would spend the shared key's rate budget
    }

    @Test
    void faultsDelayTheSyncButLoseNothing() throws Exception {
        DatadogSimulator sim = SimulatorTestResource.simulator();
        Dataset dataset = sim.generate(DatasetSpec.demo().withSeed(11).withServices(4).withMonthsBack(2));
        Set<String> deployments = ids(dataset.deployments());
        Set<String> failures = ids(dataset.failures());
        // Created first: creation validates live and answers 503 when Datadog fails (no retry while a user waits).
        // Its own organisation (API key): the 429s it meets pause that organisation's rate budget, not the other tests'.
        String id = given().header("Authorization", "Bearer test-internal-token").contentType(ContentType.JSON)
                .body(Map.of("name", "faulty", "site", "datadoghq.com", "apiKey", SimulatorTestResource.SECOND_API_KEY,
                        "appKey", SimulatorConfig.DEFAULT_APP_KEY, "backfillDays", 70))
                .when().post("/internal/connections").then().statusCode(201).extract().path("id");
        sim.stats().reset();
        // Few 429s: each one rightly waits out X-RateLimit-Reset (up to the simulator's 60 s period).
        sim.faults(FaultConfig.none().withSeed(3).withError5xx(0.08).withRateLimited429(0.01).withTimeout(0.03)
                .withTimeoutHoldMillis(300).withMalformedJson(0.04).withTruncatedJson(0.04));
        try {
            String connection = id;
            Awaitility.await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> given()
                    .header("Authorization", "Bearer test-internal-token").when().get("/internal/connections/" + connection + "/sync")
                    .then().statusCode(200)
                    .body("streams.deployments.state", org.hamcrest.Matchers.equalTo("live"))
                    .body("streams.failures.state", org.hamcrest.Matchers.equalTo("live")));
            long errors = sim.stats().byEndpoint().values().stream().flatMap(m -> m.entrySet().stream())
                    .filter(e -> e.getKey() >= 500).mapToLong(Map.Entry::getValue).sum();
            assertTrue(errors > 0, "5xx faults were met: " + sim.stats().byEndpoint());
        } finally {
            sim.faults(FaultConfig.none());
        }

        String prefix = id + ":";
        try (TopicReader reader = new TopicReader(Topics.DEPLOYMENTS, Topics.INCIDENTS)) {
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(r -> r.key().startsWith(prefix),
                    rs -> rs.size() >= deployments.size() + failures.size(), Duration.ofSeconds(60));
            Map<String, Long> latest = new HashMap<>();
            for (ConsumerRecord<String, byte[]> r : records) {
                latest.merge(r.topic() + "/" + EventKey.parse(r.key()).eventId(), EventRecords.version(r.headers()), Math::max);
            }
            assertEquals(deployments, keys(latest, Topics.DEPLOYMENTS));
            assertEquals(failures, keys(latest, Topics.INCIDENTS));
            assertTrue(latest.values().stream().allMatch(v -> v == 1), "nothing changed, so every event has version 1");
        }
    }

    private static Set<String> keys(Map<String, Long> latest, String topic) {
        return latest.keySet().stream().filter(k -> k.startsWith(topic + "/")).map(k -> k.substring(topic.length() + 1))
                .collect(Collectors.toSet());
    }

    private static Set<String> ids(List<ObjectNode> events) {
        return events.stream().map(e -> e.get("id").asText()).collect(Collectors.toSet());
    }
}
