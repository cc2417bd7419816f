package io.dorastream.connector.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.dorastream.connector.ConnectorTestResources;
import io.dorastream.connector.TestConnections;
import io.dorastream.devstack.simulator.FaultConfig;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.devstack.testing.SimulatorTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@ConnectorTestResources
class ConnectionApiTest {

    static final String TOKEN = "Bearer test-internal-token";

    @AfterEach
    void noFaults() {
        TestConnections.deleteAll();
        SimulatorTestResource.simulator().faults(FaultConfig.none());
    }

    static Map<String, Object> body(String apiKey, String appKey) {
        return Map.of("name", "acme", "site", "us1.datadoghq.com", "apiKey", apiKey, "appKey", appKey,
                "query", "env:production", "backfillDays", 30);
    }

    @Test
    void createValidatesLiveStoresAndShowsOnlyHints() {
        String id = given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(body(SimulatorConfig.DEFAULT_API_KEY, SimulatorConfig.DEFAULT_APP_KEY))
                .when().post("/internal/connections")
                .then().statusCode(201)
                .body("site", equalTo("datadoghq.com"))
                .body("apiKeyHint", equalTo("…" + SimulatorConfig.DEFAULT_API_KEY.substring(SimulatorConfig.DEFAULT_API_KEY.length() - 4)))
                .body("query", equalTo("env:production"))
                .body("backfillDays", equalTo(30))
                .body("pollIntervalSeconds", equalTo(10))
                .body("status", equalTo("active"))
                .body("sources.deployments.available", equalTo(true))
                .body("sources.failures.available", equalTo(true))
                .body(not(containsString(SimulatorConfig.DEFAULT_API_KEY)))
                .body(not(containsString(SimulatorConfig.DEFAULT_APP_KEY)))
                .extract().path("id");

        given().header("Authorization", TOKEN).when().get("/internal/connections/" + id)
                .then().statusCode(200).body("name", equalTo("acme"));
        given().header("Authorization", TOKEN).when().get("/internal/connections")
                .then().statusCode(200).body("items.id", hasItem(id));
        given().header("Authorization", TOKEN).when().get("/internal/connections/" + id + "/sync")
                .then().statusCode(200)
                .body("connectionId", equalTo(id))
                .body("streams.deployments.state", notNullValue())
                .body("streams.failures.eventsRejected", equalTo(0));
    }

    @Test
    void refusesABadApiKeyNamingTheCheck() {
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(body("not-a-key", SimulatorConfig.DEFAULT_APP_KEY))
                .when().post("/internal/connections")
                .then().statusCode(422).contentType("application/problem+json")
                .body("checks[0].name", equalTo("apiKey"))
                .body("checks[0].ok", equalTo(false))
                .body("detail", containsString("API key"));
    }

    @Test
    void refusesKeysThatCanReadNoStream() {
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(body(SimulatorConfig.DEFAULT_API_KEY, SimulatorTestResource.APP_KEY_WITHOUT_READ))
                .when().post("/internal/connections")
                .then().statusCode(422)
                .body("checks.find { it.name == 'deployments' }.ok", equalTo(false))
                .body("checks.find { it.name == 'failures' }.ok", equalTo(false))
                .body("checks.find { it.name == 'failures' }.detail", notNullValue());
    }

    @Test
    void datadogFailingAnswers503NamingDatadog() {
        SimulatorTestResource.simulator().faults(FaultConfig.none().withError5xx(1.0));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(body(SimulatorConfig.DEFAULT_API_KEY, SimulatorConfig.DEFAULT_APP_KEY))
                .when().post("/internal/connections")
                .then().statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("Datadog"));
    }

    @Test
    void datadogRateLimitingAnswers503WithRetryAfter() {
        SimulatorTestResource.simulator().faults(FaultConfig.none().withRateLimited429(1.0));
        String retryAfter = given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(body(SimulatorTestResource.THROTTLED_API_KEY, SimulatorConfig.DEFAULT_APP_KEY))
                .when().post("/internal/connections")
                .then().statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("HTTP 429"))
                .extract().header("Retry-After");
        int seconds = Integer.parseInt(retryAfter);
        org.junit.jupiter.api.Assertions.assertTrue(seconds >= 1 && seconds <= 60, "Retry-After " + retryAfter);
    }

    @Test
    void rejectsInvalidFieldsNamingEach() {
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(Map.of("name", " ", "site", "ddog-gov.com", "apiKey", "k", "backfillDays", 731))
                .when().post("/internal/connections")
                .then().statusCode(400)
                .body("errors.name", notNullValue())
                .body("errors.site", containsString("US1-FED"))
                .body("errors.appKey", notNullValue())
                .body("errors.backfillDays", notNullValue());
    }

    @Test
    void internalApiNeedsTheServiceToken() {
        given().when().get("/internal/connections").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").when().get("/internal/connections").then().statusCode(401);
        given().header("Authorization", TOKEN).when().get("/internal/connections/" + java.util.UUID.randomUUID())
                .then().statusCode(404);
    }
}
