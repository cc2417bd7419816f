package io.dorastream.connector.sync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.connector.ConnectorTestResources;
import io.dorastream.connector.TestConnections;
import io.dorastream.connector.TopicReader;
import io.dorastream.devstack.simulator.Dataset;
import io.dorastream.devstack.simulator.DatasetSpec;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.devstack.testing.SimulatorTestResource;
import io.dorastream.events.DoraJson;
import io.dorastream.events.EventKey;
import io.dorastream.events.EventRecords;
import io.dorastream.events.Topics;
import io.dorastream.events.schema.ContractSchemas;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A backfill of 24 months of a 50-service organisation publishes exactly the simulator's events,
 * each once, version 1, valid against the contract's schemas, with no credential in any record; a
 * dense hour of 1,000 deployments forces window splitting (the test profile reads pages of 100),
 * and the pacing keeps every request under the simulator's rate limit.
 */
@QuarkusTest
@ConnectorTestResources
class BackfillTest {

    /** Metrics are served on the management interface. */
    @TestHTTPResource(value = "/", management = true)
    URI management;

    @AfterEach
    void deleteConnections() {
        TestConnections.deleteAll(); // a connection left polling would spend the shared key's rate budget
    }

    @Test
    void publishesExactlyTheSimulatorsEvents() throws Exception {
        // Only the ids are kept: the simulator holds the events, a second copy would double the heap.
        Set<String> failures = new HashSet<>();
        Set<String> deployments = generate(failures);
        assertTrue(deployments.size() > 50_000, "24 months of 50 services: " + deployments.size());

        SimulatorTestResource.simulator().stats().reset();
        long start = System.nanoTime();
        String id = given().header("Authorization", "Bearer test-internal-token").contentType(ContentType.JSON)
                .body(Map.of("name", "backfill", "site", "datadoghq.com", "apiKey", SimulatorConfig.DEFAULT_API_KEY,
                        "appKey", SimulatorConfig.DEFAULT_APP_KEY, "backfillDays", 730))
                .when().post("/internal/connections").then().statusCode(201).extract().path("id");

        try (TopicReader reader = new TopicReader(Topics.DEPLOYMENTS, Topics.INCIDENTS)) {
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(r -> r.key().startsWith(id + ":"),
                    rs -> rs.size() >= deployments.size() + failures.size(), Duration.ofSeconds(600));
            System.out.printf("backfill of %d events: on the topics after %.1f s, %d list requests%n",
                    deployments.size() + failures.size(), (System.nanoTime() - start) / 1e9,
                    SimulatorTestResource.simulator().stats().total());

            Set<String> seenDeployments = new HashSet<>();
            Set<String> seenFailures = new HashSet<>();
            for (ConsumerRecord<String, byte[]> r : records) {
                String eventId = EventKey.parse(r.key()).eventId();
                boolean added = (r.topic().equals(Topics.DEPLOYMENTS) ? seenDeployments : seenFailures).add(eventId);
                assertTrue(added, "published once: " + r.key());
                assertEquals(1, EventRecords.version(r.headers()), r.key());
                List<String> errors = ContractSchemas.validateRecord(r.topic(), r.key(), r.value(), r.headers());
                assertTrue(errors.isEmpty(), r.key() + " " + errors);
                String value = new String(r.value(), StandardCharsets.UTF_8);
                assertFalse(value.contains(SimulatorConfig.DEFAULT_API_KEY) || value.contains(SimulatorConfig.DEFAULT_APP_KEY));
                for (var commit : DoraJson.mapper().readTree(r.value()).path("raw").path("commits")) {
                    assertFalse(commit.path("author").has("email") || commit.path("author").has("canonical_email"),
                            "author emails are dropped by default: " + r.key());
                }
            }
            assertEquals(deployments, seenDeployments);
            assertEquals(failures, seenFailures);
            System.out.printf("backfill records checked after %.1f s%n", (System.nanoTime() - start) / 1e9);
        }

        // The records are on the topic before the window that carried them is saved: wait for the state.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given()
                .header("Authorization", "Bearer test-internal-token").when().get("/internal/connections/" + id + "/sync")
                .then().statusCode(200)
                .body("streams.deployments.state", org.hamcrest.Matchers.equalTo("live"))
                .body("streams.failures.state", org.hamcrest.Matchers.equalTo("live"))
                .body("streams.deployments.eventsPublished", org.hamcrest.Matchers.equalTo(deployments.size()))
                .body("streams.failures.eventsPublished", org.hamcrest.Matchers.equalTo(failures.size())));

        // Over a thousand list requests against a limit of 1,000 a minute, paced from the headers.
        assertEquals(0, SimulatorTestResource.simulator().stats().rateLimited(), "no request met a 429");

        given().when().get(management.resolve("/q/metrics")).then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("dora_datadog_requests_total{endpoint=\"list_deployments\",status=\"200\""))
                .body(org.hamcrest.Matchers.containsString("dora_events_published_total{kind=\"version\",stream=\"deployments\""))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(SimulatorConfig.DEFAULT_API_KEY)));

        try (TopicReader sync = new TopicReader(Topics.SYNC)) {
            List<ConsumerRecord<String, byte[]>> marks = sync.readUntil(r -> r.key().startsWith(id + ":"),
                    rs -> rs.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).size() == 2, Duration.ofSeconds(30));
            assertEquals(Set.of(id + ":deployments", id + ":failures"),
                    marks.stream().map(ConsumerRecord::key).collect(Collectors.toSet()));
            for (ConsumerRecord<String, byte[]> m : marks) {
                assertTrue(ContractSchemas.validateSyncWatermark(m.value()).isEmpty());
            }
        }
    }

    /** Loads the dataset into the simulator; returns its deployment ids and adds its failure ids to {@code failures}. */
    private static Set<String> generate(Set<String> failures) {
        Dataset dataset = SimulatorTestResource.simulator()
                .generate(DatasetSpec.demo().withSeed(7).withServices(50).withMonthsBack(24).withDenseHourDeployments(1000));
        failures.addAll(ids(dataset.failures()));
        return ids(dataset.deployments());
    }

    private static Set<String> ids(List<ObjectNode> events) {
        return events.stream().map(e -> e.get("id").asText()).collect(Collectors.toSet());
    }

}
