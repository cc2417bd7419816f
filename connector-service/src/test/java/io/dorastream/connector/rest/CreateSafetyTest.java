package io.dorastream.connector.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.dorastream.api.query.IdempotencyKey;
import io.dorastream.connector.ConnectorTestResources;
import io.dorastream.connector.TestConnections;
import io.dorastream.devstack.simulator.Dataset;
import io.dorastream.devstack.simulator.DatasetSpec;
import io.dorastream.devstack.simulator.FaultConfig;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.devstack.testing.SimulatorTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Creating a connection safely: a second one reading the same site with the same API key and query is refused with
 * 409 naming the first (also when both are created at once, and on a change that would make one); an
 * {@code Idempotency-Key} makes a repeated create answer the first answer; the live validation answers within its
 * deadline ({@code %test}: 5 s) and then writes nothing.
 */
@QuarkusTest
@ConnectorTestResources
class CreateSafetyTest {

    @AfterEach
    void cleanUp() {
        SimulatorTestResource.simulator().faults(FaultConfig.none());
        TestConnections.deleteAll(); // a connection left polling would spend the shared key's rate budget
    }

    static RequestSpecification api() {
        return given().header("Authorization", "Bearer test-internal-token").contentType(ContentType.JSON);
    }

    static Map<String, Object> body(String name, String site, String apiKey, String query) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "site", site, "apiKey", apiKey,
                "appKey", SimulatorConfig.DEFAULT_APP_KEY, "backfillDays", 30));
        if (query != null) {
            body.put("query", query);
        }
        return body;
    }

    static Map<String, Object> body(String name, String query) {
        return body(name, "us1.datadoghq.com", SimulatorConfig.DEFAULT_API_KEY, query);
    }

    static int connections() {
        return api().when().get("/internal/connections").then().statusCode(200).extract().jsonPath().getList("items").size();
    }

    @Test
    void aSecondConnectionToTheSameSiteKeyAndQueryIsRefusedNamingTheFirst() {
        String first = api().body(body("acme", "env:production")).when().post("/internal/connections")
                .then().statusCode(201).extract().path("id");
        // the same site spelled otherwise, the key and the query with spaces around: still the same source
        api().body(body("acme again", "datadoghq.com", " " + SimulatorConfig.DEFAULT_API_KEY, " env:production "))
                .when().post("/internal/connections")
                .then().statusCode(409).contentType("application/problem+json")
                .body("title", equalTo("Conflict"))
                .body("detail", containsString(first))
                .body("detail", containsString("'acme'"))
                .body("connection.id", equalTo(first))
                .body("connection.name", equalTo("acme"));
        // another query on the same key reads other events: allowed
        String staging = api().body(body("acme staging", "env:staging")).when().post("/internal/connections")
                .then().statusCode(201).extract().path("id");
        assertEquals(2, connections());

        // a change that would make the second read what the first reads: refused too, nothing changed
        api().body(Map.of("query", "env:production")).when().patch("/internal/connections/" + staging)
                .then().statusCode(409).contentType("application/problem+json")
                .body("connection.id", equalTo(first));
        api().when().get("/internal/connections/" + staging).then().statusCode(200).body("query", equalTo("env:staging"));
        // a change of other fields, or back to what it reads, is no conflict
        api().body(Map.of("name", "acme staging 2", "query", "env:staging")).when().patch("/internal/connections/" + staging)
                .then().statusCode(200);

        // once the first is gone, its source is free again
        api().when().delete("/internal/connections/" + first).then().statusCode(204);
        api().body(body("acme again", "env:production")).when().post("/internal/connections").then().statusCode(201);
    }

    @Test
    void ofConcurrentCreatesOfTheSameSourceExactlyOneWins() throws Exception {
        int racers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                Map<String, Object> body = body("racer-" + i, "env:race");
                answers.add(pool.submit(() -> {
                    start.await();
                    return api().body(body).when().post("/internal/connections");
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> a : answers) {
                statuses.add(a.get().statusCode());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), "statuses " + statuses);
            assertEquals(racers - 1, statuses.stream().filter(s -> s == 409).count(), "statuses " + statuses);
            assertEquals(1, connections());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRepeatWithTheSameIdempotencyKeyGetsTheFirstAnswerWithoutValidatingAgain() {
        Map<String, Object> body = body("idem", "env:idem");
        Response first = api().header(IdempotencyKey.HEADER, "create-idem-1").body(body).when().post("/internal/connections");
        first.then().statusCode(201).header(IdempotencyKey.REPLAYED_HEADER, nullValue());

        // Datadog now fails every call: a repeat that validated again could not succeed
        SimulatorTestResource.simulator().faults(FaultConfig.none().withError5xx(1.0));
        api().header(IdempotencyKey.HEADER, "create-idem-1").body(body).when().post("/internal/connections")
                .then().statusCode(201)
                .header(IdempotencyKey.REPLAYED_HEADER, equalTo("true"))
                .body(equalTo(first.asString()));
        assertEquals(1, connections());

        // the same key with another request: refused, nothing written
        api().header(IdempotencyKey.HEADER, "create-idem-1").body(body("idem other", "env:other"))
                .when().post("/internal/connections")
                .then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("different request"));
        assertEquals(1, connections());
    }

    @Test
    void aKeyWhoseCreateWroteNothingIsFreeForTheRepeat() {
        Map<String, Object> body = body("idem retry", "env:retry");
        SimulatorTestResource.simulator().faults(FaultConfig.none().withError5xx(1.0));
        api().header(IdempotencyKey.HEADER, "create-retry").body(body).when().post("/internal/connections")
                .then().statusCode(503);
        SimulatorTestResource.simulator().faults(FaultConfig.none());
        api().header(IdempotencyKey.HEADER, "create-retry").body(body).when().post("/internal/connections")
                .then().statusCode(201).header(IdempotencyKey.REPLAYED_HEADER, nullValue());
        assertEquals(1, connections());
    }

    @Test
    void aRepeatWhileTheFirstStillRunsIsAConflict() throws Exception {
        Map<String, Object> body = body("idem slow", "env:slow");
        SimulatorTestResource.simulator().faults(FaultConfig.none().withLatencyMillis(700));
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(
                () -> api().header(IdempotencyKey.HEADER, "create-slow").body(body).when().post("/internal/connections"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> api()
                .header(IdempotencyKey.HEADER, "create-slow").body(body).when().post("/internal/connections")
                .statusCode() == 409);
        first.get().then().statusCode(201);
        assertEquals(1, connections());
    }

    @Test
    void aMalformedIdempotencyKeyIsRefused() {
        for (String key : List.of("k".repeat(IdempotencyKey.MAX_LENGTH + 1), "a\tb")) {
            api().header(IdempotencyKey.HEADER, key).body(body("bad key", "env:bad")).when().post("/internal/connections")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors", hasKey(IdempotencyKey.HEADER));
        }
        assertEquals(0, connections());
    }

    @Test
    void aValidationDatadogDoesNotAnswerInTimeEndsAtTheDeadlineAndWritesNothing() {
        // every answer 6 s late: past the whole validation's 5 s deadline at the first call
        SimulatorTestResource.simulator().faults(FaultConfig.none().withLatencyMillis(6_000));
        long started = System.nanoTime();
        api().header(IdempotencyKey.HEADER, "create-late").body(body("late", "env:late")).when().post("/internal/connections")
                .then().statusCode(504).contentType("application/problem+json")
                .header("Retry-After", equalTo("5"))
                .body("detail", containsString("within 5 s; nothing was created"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(true, took.compareTo(Duration.ofSeconds(20)) < 0, "answered after " + took);
        SimulatorTestResource.simulator().faults(FaultConfig.none());
        assertEquals(0, connections());
        // the key was released: the repeat runs and creates
        api().header(IdempotencyKey.HEADER, "create-late").body(body("late", "env:late")).when().post("/internal/connections")
                .then().statusCode(201).header(IdempotencyKey.REPLAYED_HEADER, nullValue());
    }

    @Test
    void aNewConnectionWhoseFirstEventsAnotherAlreadyPublishedIsWarned() {
        SimulatorTestResource.simulator().generate(DatasetSpec.demo().withSeed(14).withServices(1).withMonthsBack(1));
        try {
            warnsOfEventsSeenUnderAnotherConnection();
        } finally {
            SimulatorTestResource.simulator().load(Dataset.empty());
        }
    }

    private void warnsOfEventsSeenUnderAnotherConnection() {
        String first = api().body(body("warned first", null)).when().post("/internal/connections")
                .then().statusCode(201).body("$", not(hasKey("warnings"))).extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> api()
                .when().get("/internal/connections/" + first + "/sync").then().statusCode(200)
                .body("streams.deployments.state", equalTo("live"))
                .body("streams.failures.state", equalTo("live")));
        // another query matching every event: what a second key to the same organisation looks like
        api().body(body("warned second", "-warning_test:x")).when().post("/internal/connections")
                .then().statusCode(201)
                .body("warnings[0].code", equalTo("events-seen-under-another-connection"))
                .body("warnings[0].connectionId", equalTo(first))
                .body("warnings[0].name", equalTo("warned first"))
                .body("warnings.size()", equalTo(1));
    }
}
