package io.dorastream.connector.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.dorastream.api.query.InputText;
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

    @Test
    void controlCharactersInAnyTextFieldAreRefusedByNameOnCreateAndChange() {
        for (String bad : new String[] { "k\u0001ey", "k\u007fey", "k\u0000ey", "key\r", "\u0085key" }) {
            given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                    .body(Map.of("name", "acme" + bad, "site", "us1.datadoghq.com" + bad, "apiKey", bad, "appKey", bad,
                            "query", "env:production" + bad))
                    .when().post("/internal/connections")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.name", equalTo(InputText.CONTROL_CHARACTER))
                    .body("errors.site", equalTo(InputText.CONTROL_CHARACTER))
                    .body("errors.apiKey", equalTo(InputText.CONTROL_CHARACTER))
                    .body("errors.appKey", equalTo(InputText.CONTROL_CHARACTER))
                    .body("errors.query", equalTo(InputText.CONTROL_CHARACTER))
                    .body(not(containsString("key")));
            given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                    .body(Map.of("name", "acme" + bad, "apiKey", bad, "appKey", bad, "query", bad))
                    .when().patch("/internal/connections/" + java.util.UUID.randomUUID())
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.keySet()", hasItems("name", "apiKey", "appKey", "query"));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"paused\":\"maybe\"}|paused|must be true or false",
            "{\"pollIntervalSeconds\":\"a word\"}|pollIntervalSeconds|must be a whole number",
            "{\"pollIntervalSeconds\":1e400}|pollIntervalSeconds|",
            "{\"pollIntervalSeconds\":1180591620717411303424}|pollIntervalSeconds|is out of range for a whole number",
            "{\"name\":{\"a\":1}}|name|must be a string",
            "{\"name\":[\"a\"]}|name|must be a string" })
    void wrongJsonTypesAreProblemsNamingTheField(String body, String field, String message) {
        var answer = given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body)
                .when().patch("/internal/connections/" + java.util.UUID.randomUUID())
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors." + field, notNullValue());
        if (message != null) {
            answer.body("errors." + field, equalTo(message));
        }
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body("{\"site\":[\"us1.datadoghq.com\"]}")
                .when().post("/internal/connections")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.site", equalTo("must be a string"));
    }

    @Test
    void malformedBodiesAndFrameworkRefusalsAreProblems() {
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body("{\"name\":\"a\\uZZ\"}")
                .when().post("/internal/connections")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"));
        given().header("Authorization", TOKEN).contentType(ContentType.TEXT).body("hi")
                .when().post("/internal/connections")
                .then().statusCode(415).contentType("application/problem+json");
        given().header("Authorization", TOKEN).when().put("/internal/connections")
                .then().statusCode(405).contentType("application/problem+json");
        given().header("Authorization", TOKEN).when().get("/internal/nothing-here")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = { "yes", "1", "no", "TRUE" })
    void purgeIsTrueOrFalseAndNothingElse(String purge) {
        given().header("Authorization", TOKEN).queryParam("purge", purge)
                .when().delete("/internal/connections/" + java.util.UUID.randomUUID())
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.purge", containsString("neither true nor false"));
    }
}
