package io.dorastream.connector.connection;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.dorastream.connector.ConnectorTestResources;
import io.dorastream.connector.TestConnections;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** A stream the keys could not read at creation starts by itself once a re-probe can read it. */
@QuarkusTest
@ConnectorTestResources
class SourceReprobeTest {

    @AfterEach
    void deleteConnections() {
        TestConnections.deleteAll(); // a connection left polling would spend the shared key's rate budget
    }

    @Inject
    SourceReprobe reprobe;

    @Test
    void anUnavailableStreamThatBecameReadableStartsItsBackfill() {
        String id = given().header("Authorization", "Bearer test-internal-token").contentType(ContentType.JSON)
                .body(Map.of("name", "reprobe", "site", "datadoghq.com", "apiKey", SimulatorConfig.DEFAULT_API_KEY,
                        "appKey", SimulatorConfig.DEFAULT_APP_KEY, "backfillDays", 1))
                .when().post("/internal/connections").then().statusCode(201).extract().path("id");
        UUID connection = UUID.fromString(id);
        // As if Datadog had refused the failures probe at creation.
        QuarkusTransaction.requiringNew().run(() -> StreamStateEntity.update(
                "available = false, availabilityDetail = 'Forbidden', state = 'unavailable' where connectionId = ?1 and stream = 'failures'",
                connection));

        reprobe.scheduled();

        StreamStateEntity failures = QuarkusTransaction.requiringNew().call(() -> StreamStateEntity.findById(
                new StreamStateEntity.Key(connection, "failures")));
        assertTrue(failures.available);
        assertEquals(null, failures.availabilityDetail);
        assertTrue(failures.state == StreamState.BACKFILLING || failures.state == StreamState.LIVE, failures.state.spelling());

        given().header("Authorization", "Bearer test-internal-token").when().delete("/internal/connections/" + id)
                .then().statusCode(204);
    }
}
