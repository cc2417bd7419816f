package io.dorastream.connector.sync;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.dorastream.connector.ConnectorTestResources;
import io.dorastream.connector.TestConnections;
import io.dorastream.connector.connection.ConnectionEntity;
import io.dorastream.connector.connection.StreamStateEntity;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * A query Datadog refuses while polling (400, as after Datadog tightened its query syntax; a new query
 * it refuses is answered 422 at once by the create or PATCH that brings it) is not an outage: the
 * streams stop in {@code invalid_query} with Datadog's own detail, are not polled again, do not touch
 * the connection's status or breaker, and resume when the query is changed.
 */
@QuarkusTest
@ConnectorTestResources
class InvalidQueryTest {

    @AfterEach
    void deleteConnections() {
        TestConnections.deleteAll();
    }

    private static RequestSpecification internal() {
        return given().header("Authorization", "Bearer test-internal-token").contentType(ContentType.JSON);
    }

    private static String lastErrorAt(String id) {
        return internal().when().get("/internal/connections/" + id + "/sync").then().statusCode(200)
                .extract().path("streams.deployments.lastError.at");
    }

    @Test
    void aRefusedQueryStopsTheStreamsUntilTheQueryChanges() {
        String id = internal().body(Map.of("name", "query-refused-later", "site", "datadoghq.com",
                "apiKey", SimulatorConfig.DEFAULT_API_KEY, "appKey", SimulatorConfig.DEFAULT_APP_KEY,
                "query", "service:checkout", "backfillDays", 1, "pollIntervalSeconds", 10))
                .when().post("/internal/connections").then().statusCode(201).extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> internal()
                .when().get("/internal/connections/" + id + "/sync").then()
                .body("streams.deployments.state", equalTo("live")).body("streams.failures.state", equalTo("live")));

        // the stored query is one Datadog no longer accepts
        UUID connection = UUID.fromString(id);
        QuarkusTransaction.requiringNew().run(() -> {
            ConnectionEntity.update("query = ?1 where id = ?2", "service:(checkout", connection);
            StreamStateEntity.update("nextPollAt = ?1 where connectionId = ?2", Instant.now(), connection);
        });

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> internal()
                .when().get("/internal/connections/" + id + "/sync").then().statusCode(200)
                .body("streams.deployments.state", equalTo("invalid_query"))
                .body("streams.failures.state", equalTo("invalid_query"))
                .body("streams.deployments.lastError.source", equalTo("datadog"))
                .body("streams.deployments.lastError.kind", equalTo("datadog-invalid-query"))
                // Datadog's own detail, as the simulator words it
                .body("streams.deployments.lastError.message", containsString("missing ')'"))
                .body("streams.deployments.nextProbeAt", nullValue()));
        internal().when().get("/internal/connections/" + id).then().body("status", equalTo("active"));

        // not polled again (a retry would be due within 1 to 4 s in the test profile)
        String refusedAt = lastErrorAt(id);
        Awaitility.await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> org.junit.jupiter.api.Assertions.assertEquals(refusedAt, lastErrorAt(id)));

        internal().body(Map.of("query", "service:checkout")).when().patch("/internal/connections/" + id)
                .then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> internal()
                .when().get("/internal/connections/" + id + "/sync").then()
                .body("streams.deployments.state", equalTo("live")).body("streams.failures.state", equalTo("live"))
                .body("streams.deployments.lastError", nullValue()).body("streams.failures.lastError", nullValue()));
    }
}
