package io.dorastream.connector.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.connector.ConnectorTestResources;
import io.dorastream.connector.TestConnections;
import io.dorastream.devstack.simulator.Dataset;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.devstack.testing.SimulatorTestResource;
import io.dorastream.events.DoraJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** The connect checklist names the culprit and says what to fix, against the simulator's answers. */
@QuarkusTest
@ConnectorTestResources
class ConnectChecklistTest {

    @AfterEach
    void restore() {
        TestConnections.deleteAll();
        SimulatorTestResource.simulator().validateKeys(true);
        SimulatorTestResource.simulator().load(Dataset.empty());
    }

    static RequestSpecification api() {
        return given().header("Authorization", ConnectionApiTest.TOKEN).contentType(ContentType.JSON);
    }

    static Map<String, Object> body(String apiKey, String appKey, int backfillDays) {
        return Map.of("name", "checklist", "site", "datadoghq.com", "apiKey", apiKey, "appKey", appKey,
                "backfillDays", backfillDays);
    }

    @Test
    void aRefusedApplicationKeyIsNamedOnceTheApiKeyPassed() {
        api().body(body(SimulatorConfig.DEFAULT_API_KEY, "not-an-app-key", 30))
                .when().post("/internal/connections")
                .then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("refused the application key"))
                .body("checks.name", equalTo(List.of("apiKey", "appKey")))
                .body("checks[0].ok", is(true))
                .body("checks[1].ok", is(false))
                .body("checks[1].hint", containsString("refuses the application key"));
    }

    @Test
    void withBothKeysValidARefusedStreamNamesTheMissingPermission() {
        api().body(body(SimulatorConfig.DEFAULT_API_KEY, SimulatorTestResource.APP_KEY_WITHOUT_READ, 30))
                .when().post("/internal/connections")
                .then().statusCode(422)
                .body("detail", containsString("dora_metrics_read"))
                .body("checks.find { it.name == 'appKey' }.ok", is(true))
                .body("checks.find { it.name == 'deployments' }.ok", is(false))
                .body("checks.find { it.name == 'deployments' }.hint",
                        allOf(containsString("both keys are valid"), containsString("lacks the dora_metrics_read permission")));
    }

    @Test
    void aSiteWithoutValidateKeysFallsBackToTheStreamProbes() {
        SimulatorTestResource.simulator().validateKeys(false);
        api().body(body(SimulatorConfig.DEFAULT_API_KEY, "not-an-app-key", 30))
                .when().post("/internal/connections")
                .then().statusCode(422)
                .body("checks.name", equalTo(List.of("apiKey", "deployments", "failures")))
                .body("checks.find { it.name == 'failures' }.hint",
                        containsString("the application key is wrong, or lacks the dora_metrics_read permission"));
        api().body(body(SimulatorConfig.DEFAULT_API_KEY, SimulatorConfig.DEFAULT_APP_KEY, 30))
                .when().post("/internal/connections")
                .then().statusCode(201)
                .body("checks.name", equalTo(List.of("apiKey", "deployments", "failures")));
    }

    @Test
    void aRefusedApiKeyPointsAtTheSite() {
        api().body(body("not-a-key", SimulatorConfig.DEFAULT_APP_KEY, 30))
                .when().post("/internal/connections")
                .then().statusCode(422)
                .body("checks.name", equalTo(List.of("apiKey")))
                .body("checks[0].hint", allOf(containsString("check the site (this connection's is datadoghq.com)"),
                        containsString("keys from datadoghq.eu used on datadoghq.com are refused as forbidden")));
    }

    @Test
    void eachStreamIsProbedOverTheWholeBackfillRangeTellingEmptyFromReadableAndNamingTheSource() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // 20 days back: only a probe of the whole 30-day backfill range sees it
        SimulatorTestResource.simulator().load(new Dataset(List.of(deployment("checklist-d1", now.minus(Duration.ofDays(20)))),
                List.of()));

        JsonPath created = api().body(body(SimulatorConfig.DEFAULT_API_KEY, SimulatorConfig.DEFAULT_APP_KEY, 30))
                .when().post("/internal/connections")
                .then().statusCode(201)
                .body("checks.name", equalTo(List.of("apiKey", "appKey", "deployments", "failures")))
                .body("checks.find { it.name == 'deployments' }.hasEvents", is(true))
                .body("checks.find { it.name == 'failures' }.ok", is(true))
                .body("checks.find { it.name == 'failures' }.hasEvents", is(false))
                .body("checks.find { it.name == 'failures' }.eventSource", nullValue())
                .body("sources.failures.available", is(true))
                .body("sources.failures.detail", equalTo("readable, but no failure events in the last 30 days — is Datadog"
                        + " receiving them? (Incident Management, the DORA API, or an incident integration)"))
                .extract().jsonPath();
        String source = created.getString("checks.find { it.name == 'deployments' }.eventSource");
        assertTrue(List.of("apm_deployments", "api").contains(source), "the simulator's live shapes say apm_deployments or api: " + source);
        assertEquals("readable: deployment events found (source " + source + ")", created.getString("sources.deployments.detail"));

        // the detail is kept with the connection; a query change validates again and answers its checklist
        String id = created.getString("id");
        api().when().get("/internal/connections/" + id).then().statusCode(200)
                .body("checks", nullValue())
                .body("sources.failures.detail", containsString("no failure events in the last 30 days"));
        api().body(Map.of("query", "service:nothing-matches")).when().patch("/internal/connections/" + id)
                .then().statusCode(200)
                .body("checks.find { it.name == 'deployments' }.hasEvents", is(false))
                .body("sources.deployments.detail", containsString("no deployment events matching the query in the last 30 days"))
                .body("sources.deployments.detail", containsString("does the query leave them out?"));
    }

    @Test
    void governmentSitesAreRefusedAsSuchNotAsUnknown() {
        api().body(Map.of("name", "gov", "site", "us2.ddog-gov.com", "apiKey", "k", "appKey", "k"))
                .when().post("/internal/connections")
                .then().statusCode(400)
                .body("errors.site", allOf(containsString("US2-FED"), containsString("does not offer DORA metrics"),
                        not(containsString("unknown"))));
    }

    private static ObjectNode deployment(String id, Instant started) {
        ObjectNode item = DoraJson.mapper().createObjectNode().put("id", id).put("type", "dora_deployment");
        item.putObject("attributes").put("service", "checkout").put("env", "production").put("team", "payments")
                .put("version", "v1").put("started_at", started.toString())
                .put("finished_at", started.plusSeconds(300).toString());
        return item;
    }
}
