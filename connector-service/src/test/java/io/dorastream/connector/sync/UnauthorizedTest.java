package io.dorastream.connector.sync;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.dorastream.connector.ConnectorTestResources;
import io.dorastream.connector.TestConnections;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.devstack.testing.SimulatorTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * A key revoked mid-run puts its connection in {@code unauthorized} and stops its polls, while a
 * connection of another organisation goes on; updating the keys brings it back.
 */
@QuarkusTest
@ConnectorTestResources
class UnauthorizedTest {

    @AfterEach
    void deleteConnections() {
        TestConnections.deleteAll(); // a connection left polling would spend the shared key's rate budget
    }

    private static RequestSpecification internal() {
        return given().header("Authorization", "Bearer test-internal-token").contentType(ContentType.JSON);
    }

    private static String create(String name, String apiKey) {
        return internal().body(Map.of("name", name, "site", "datadoghq.com", "apiKey", apiKey,
                "appKey", SimulatorConfig.DEFAULT_APP_KEY, "backfillDays", 1, "pollIntervalSeconds", 10))
                .when().post("/internal/connections").then().statusCode(201).extract().path("id");
    }

    private static String lastSuccess(String id) {
        return internal().when().get("/internal/connections/" + id + "/sync").then().statusCode(200)
                .extract().path("streams.deployments.lastSuccessAt");
    }

    @Test
    void aRevokedKeyStopsItsConnectionOnly() {
        String revoked = create("to-be-revoked", SimulatorTestResource.SECOND_API_KEY);
        String other = create("goes-on", SimulatorConfig.DEFAULT_API_KEY);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> lastSuccess(revoked) != null && lastSuccess(other) != null);
        try {
            SimulatorTestResource.simulator().revokeApiKey(SimulatorTestResource.SECOND_API_KEY);
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                internal().when().get("/internal/connections/" + revoked).then().statusCode(200)
                        .body("status", equalTo("unauthorized"));
                internal().when().get("/internal/connections/" + revoked + "/sync").then().statusCode(200)
                        .body("streams.deployments.state", equalTo("unauthorized"))
                        .body("streams.failures.state", equalTo("unauthorized"))
                        // whichever stream met the refusal first, both say why they stopped
                        .body("streams.deployments.lastError", containsString("403"))
                        .body("streams.failures.lastError", containsString("403"));
            });
            String stoppedAt = lastSuccess(revoked);
            Instant before = Instant.parse(lastSuccess(other));
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> Instant.parse(lastSuccess(other)).isAfter(before.plusSeconds(2)));
            internal().when().get("/internal/connections/" + other).then().body("status", equalTo("active"));
            org.junit.jupiter.api.Assertions.assertEquals(stoppedAt, lastSuccess(revoked), "no poll of the revoked connection");
        } finally {
            SimulatorTestResource.simulator().restoreApiKey(SimulatorTestResource.SECOND_API_KEY);
        }

        internal().body(Map.of("apiKey", SimulatorTestResource.SECOND_API_KEY)).when().patch("/internal/connections/" + revoked)
                .then().statusCode(200).body("status", equalTo("active"));
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> internal()
                .when().get("/internal/connections/" + revoked + "/sync").then()
                .body("streams.deployments.state", equalTo("live")).body("streams.failures.state", equalTo("live")));

        internal().when().delete("/internal/connections/" + revoked).then().statusCode(204);
        internal().when().delete("/internal/connections/" + other).then().statusCode(204);
    }

    @Test
    void aRefusalIsProbedAgainWithBackoffAndTheConnectionResumesByItself() {
        String id = create("comes-back", SimulatorTestResource.SECOND_API_KEY);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> lastSuccess(id) != null);
        try {
            SimulatorTestResource.simulator().revokeApiKey(SimulatorTestResource.SECOND_API_KEY);
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> internal()
                    .when().get("/internal/connections/" + id + "/sync").then().statusCode(200)
                    .body("streams.deployments.state", equalTo("unauthorized"))
                    // the sync status says when the keys are tried again
                    .body("streams.deployments.nextProbeAt", org.hamcrest.Matchers.notNullValue())
                    .body("streams.failures.nextProbeAt", org.hamcrest.Matchers.notNullValue()));
            Instant firstProbe = Instant.parse(internal().when().get("/internal/connections/" + id + "/sync").then()
                    .extract().path("streams.deployments.nextProbeAt"));
            // refused probes push the next one back (3 s, then 6 s in the test profile)
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                String next = internal().when().get("/internal/connections/" + id + "/sync").then()
                        .extract().path("streams.deployments.nextProbeAt");
                return next != null && Instant.parse(next).isAfter(firstProbe);
            });
            internal().when().get("/internal/connections/" + id).then().body("status", equalTo("unauthorized"));
        } finally {
            SimulatorTestResource.simulator().restoreApiKey(SimulatorTestResource.SECOND_API_KEY);
        }
        // nobody re-enters the keys: a probe finds them working and the connection resumes
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            internal().when().get("/internal/connections/" + id).then().body("status", equalTo("active"));
            internal().when().get("/internal/connections/" + id + "/sync").then()
                    .body("streams.deployments.state", equalTo("live")).body("streams.failures.state", equalTo("live"))
                    .body("streams.deployments.nextProbeAt", org.hamcrest.Matchers.nullValue())
                    .body("streams.deployments.lastError", org.hamcrest.Matchers.nullValue());
        });
        Instant resumed = Instant.now();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Instant.parse(lastSuccess(id)).isAfter(resumed));
    }
}
