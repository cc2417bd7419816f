package io.dorastream.connector.sync;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

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
 * connection of another organisation goes on; its keys are probed again with a doubling backoff, and
 * once the key works again the connection resumes by itself, without anyone re-entering it.
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

    private static String nextProbe(String id) {
        return internal().when().get("/internal/connections/" + id + "/sync").then().statusCode(200)
                .extract().path("streams.deployments.nextProbeAt");
    }

    @Test
    void aRevokedKeyStopsItsConnectionOnlyUntilTheKeyWorksAgain() {
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
                        // whichever stream met the refusal first, both say why they stopped and when the keys are tried again
                        .body("streams.deployments.lastError.message", containsString("403"))
                        .body("streams.failures.lastError.message", containsString("403"))
                        .body("streams.deployments.lastError.source", equalTo("datadog"))
                        .body("streams.deployments.lastError.kind", equalTo("datadog-unauthorized"))
                        .body("streams.deployments.nextProbeAt", notNullValue())
                        .body("streams.failures.nextProbeAt", notNullValue());
            });
            String stoppedAt = lastSuccess(revoked);
            // the keys are probed again (2 s, then 4 s in the test profile) and refused again
            String firstProbe = nextProbe(revoked);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                String next = nextProbe(revoked);
                return next != null && Instant.parse(next).isAfter(Instant.parse(firstProbe));
            });
            Instant before = Instant.parse(lastSuccess(other));
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> Instant.parse(lastSuccess(other)).isAfter(before.plusSeconds(2)));
            internal().when().get("/internal/connections/" + other).then().body("status", equalTo("active"));
            org.junit.jupiter.api.Assertions.assertEquals(stoppedAt, lastSuccess(revoked), "no successful poll of the revoked connection");
        } finally {
            SimulatorTestResource.simulator().restoreApiKey(SimulatorTestResource.SECOND_API_KEY);
        }

        // nobody re-enters the keys: the next probe finds them working and both streams resume
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            internal().when().get("/internal/connections/" + revoked).then().body("status", equalTo("active"));
            internal().when().get("/internal/connections/" + revoked + "/sync").then()
                    .body("streams.deployments.state", equalTo("live")).body("streams.failures.state", equalTo("live"))
                    .body("streams.deployments.lastError", nullValue()).body("streams.failures.lastError", nullValue())
                    .body("streams.deployments.nextProbeAt", nullValue());
        });

        internal().when().delete("/internal/connections/" + revoked).then().statusCode(204);
        internal().when().delete("/internal/connections/" + other).then().statusCode(204);
    }
}
