package io.dorastream.connector.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.dorastream.connector.ConnectorTestResources;
import io.dorastream.connector.TestConnections;
import io.dorastream.connector.TopicReader;
import io.dorastream.devstack.simulator.Dataset;
import io.dorastream.devstack.simulator.DatasetSpec;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.devstack.testing.SimulatorTestResource;
import io.dorastream.events.EventHeaders;
import io.dorastream.events.EventKey;
import io.dorastream.events.EventRecords;
import io.dorastream.events.SyncWatermark;
import io.dorastream.events.Topics;
import io.dorastream.events.schema.ContractSchemas;
import io.dorastream.events.serde.SyncWatermarkDeserializer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@ConnectorTestResources
class ConnectionLifecycleTest {

    @AfterEach
    void deleteConnections() {
        TestConnections.deleteAll(); // a connection left polling would spend the shared key's rate budget
    }

    static RequestSpecification api() {
        return given().header("Authorization", "Bearer test-internal-token").contentType(ContentType.JSON);
    }

    static String create(int backfillDays) {
        return api().body(Map.of("name", "lifecycle", "site", "datadoghq.com", "apiKey", SimulatorConfig.DEFAULT_API_KEY,
                "appKey", SimulatorConfig.DEFAULT_APP_KEY, "backfillDays", backfillDays))
                .when().post("/internal/connections").then().statusCode(201).extract().path("id");
    }

    @Test
    void renamesPausesAndChangesTheInterval() {
        String id = create(5);
        api().body(Map.of("name", "renamed", "paused", true, "pollIntervalSeconds", 120))
                .when().patch("/internal/connections/" + id)
                .then().statusCode(200)
                .body("name", equalTo("renamed"))
                .body("status", equalTo("paused"))
                .body("pollIntervalSeconds", equalTo(120));
        api().when().get("/internal/connections/" + id + "/sync").then().statusCode(200)
                .body("streams.deployments.state", equalTo("paused"));
        api().body(Map.of("paused", false)).when().patch("/internal/connections/" + id)
                .then().statusCode(200).body("status", equalTo("active"));
    }

    @Test
    void keyRotationIsValidatedLikeCreation() {
        String id = create(5);
        String hint = api().when().get("/internal/connections/" + id).then().extract().path("appKeyHint");
        api().body(Map.of("appKey", SimulatorTestResource.APP_KEY_WITHOUT_READ))
                .when().patch("/internal/connections/" + id)
                .then().statusCode(422).body("checks.find { it.name == 'deployments' }.ok", equalTo(false));
        api().body(Map.of("apiKey", "revoked-key")).when().patch("/internal/connections/" + id)
                .then().statusCode(422).body("checks[0].name", equalTo("apiKey"));
        api().when().get("/internal/connections/" + id).then().body("appKeyHint", equalTo(hint));
        api().body(Map.of("apiKey", SimulatorConfig.DEFAULT_API_KEY, "appKey", SimulatorConfig.DEFAULT_APP_KEY))
                .when().patch("/internal/connections/" + id)
                .then().statusCode(200).body("status", equalTo("active"));
    }

    @Test
    void refusesWhatItCannotChange() {
        String id = create(5);
        api().body(Map.of("query", "env:" + "x".repeat(1000), "pollIntervalSeconds", 1)).when().patch("/internal/connections/" + id)
                .then().statusCode(400).body("errors.query", notNullValue()).body("errors.pollIntervalSeconds", notNullValue());
        api().body(Map.of("name", "x")).when().patch("/internal/connections/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void deleteStopsAndPurgeTombstonesEveryEvent() {
        Dataset dataset = SimulatorTestResource.simulator()
                .generate(DatasetSpec.demo().withSeed(3).withServices(2).withMonthsBack(1));
        Set<String> ids = dataset.deployments().stream().map(d -> d.get("id").asText()).collect(Collectors.toSet());
        String id = create(40);
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> api()
                .when().get("/internal/connections/" + id + "/sync").then()
                .body("streams.deployments.state", equalTo("live"))
                .body("streams.deployments.eventsPublished", equalTo(ids.size())));

        api().when().delete("/internal/connections/" + id + "?purge=true").then().statusCode(204);
        api().when().get("/internal/connections/" + id).then().statusCode(404);
        api().when().delete("/internal/connections/" + id).then().statusCode(404);

        try (TopicReader reader = new TopicReader(Topics.DEPLOYMENTS)) {
            List<ConsumerRecord<String, byte[]>> tombstones = reader.readUntil(
                    r -> r.key().startsWith(id + ":") && r.value() == null, rs -> rs.size() >= ids.size(), Duration.ofSeconds(30));
            assertEquals(ids, tombstones.stream().map(r -> EventKey.parse(r.key()).eventId()).collect(Collectors.toSet()));
            for (ConsumerRecord<String, byte[]> t : tombstones) {
                assertNull(t.value());
                assertEquals(2, EventRecords.version(t.headers()), "the tombstone is the next version");
                assertTrue(EventRecords.text(t.headers(), EventHeaders.CE_TYPE).endsWith(EventHeaders.CE_TYPE_DELETED_SUFFIX));
            }
        }
    }

    @Test
    void watermarksCarryTheOffsetsOfTheirEventsAndADeletionRetiresTheConnection() {
        Dataset dataset = SimulatorTestResource.simulator()
                .generate(DatasetSpec.demo().withSeed(5).withServices(2).withMonthsBack(1));
        int deployments = dataset.deployments().size();
        String id = create(40);
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> api()
                .when().get("/internal/connections/" + id + "/sync").then()
                .body("streams.deployments.state", equalTo("live"))
                .body("streams.deployments.eventsPublished", equalTo(deployments))
                .body("streams.failures.state", equalTo("live")));

        api().when().delete("/internal/connections/" + id).then().statusCode(204);
        api().when().get("/internal/connections/" + id).then().statusCode(404);

        try (TopicReader sync = new TopicReader(Topics.SYNC); TopicReader events = new TopicReader(Topics.DEPLOYMENTS)) {
            List<ConsumerRecord<String, byte[]>> versions = events.readUntil(r -> r.key().startsWith(id + ":"),
                    rs -> rs.size() >= deployments, Duration.ofSeconds(30));
            assertEquals(deployments, versions.size());
            SyncWatermarkDeserializer reader = new SyncWatermarkDeserializer();
            // a watermark of the deployments lists, per partition, an offset past each of the connection's versions
            java.util.function.Predicate<ConsumerRecord<String, byte[]>> covering = m -> m.value() != null
                    && m.key().equals(id + ":deployments") && versions.stream().allMatch(v -> reader.deserialize(Topics.SYNC,
                            m.value()).offsets().getOrDefault(v.partition(), 0L) > v.offset());
            // and each stream's key ends with a retirement: a record without a value
            List<ConsumerRecord<String, byte[]>> marks = sync.readUntil(r -> r.key().startsWith(id + ":"),
                    rs -> rs.stream().filter(r -> r.value() == null).count() == 2 && rs.stream().anyMatch(covering),
                    Duration.ofSeconds(30));
            assertEquals(Set.of(id + ":deployments", id + ":failures"),
                    marks.stream().filter(r -> r.value() == null).map(ConsumerRecord::key).collect(Collectors.toSet()));
            ConsumerRecord<String, byte[]> last = marks.stream().filter(covering).findFirst().orElseThrow(
                    () -> new AssertionError("no watermark covers the connection's deployment versions"));
            assertEquals(List.of(), ContractSchemas.validateSyncWatermark(last.value()));
            assertEquals(SyncWatermark.SCHEMA_VERSION, reader.deserialize(Topics.SYNC, last.value()).schemaVersion());
        }
    }
}
