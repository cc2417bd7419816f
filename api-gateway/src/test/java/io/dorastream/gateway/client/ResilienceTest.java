package io.dorastream.gateway.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.github.tomakehurst.wiremock.http.Fault;

import io.dorastream.gateway.testing.Fixtures;
import io.dorastream.gateway.testing.GatewayTestBase;
import io.dorastream.gateway.testing.WireMockBackends;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * Backends that cannot be reached: 503 problems naming them, retries of reads only, one circuit
 * breaker per backend that fails fast and recovers by itself, metrics saying which backend is down,
 * and a gateway that stays ready whatever its backends do.
 */
@QuarkusTest
@WithTestResource(value = WireMockBackends.class, scope = TestResourceScope.GLOBAL)
class ResilienceTest extends GatewayTestBase {

    private static final String ID = Fixtures.CONNECTION_ID;

    private static void assertUnavailable(ValidatableResponse r, String backend) {
        r.statusCode(503)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(503))
                .body("title", equalTo("Service Unavailable"))
                .body("type", equalTo("https://dorastream.io/problems/service-unavailable"))
                .body("detail", equalTo(backend + " is unavailable"));
    }

    private static ValidatableResponse summary() {
        return summaryUntil("2026-04-01");
    }

    /** A summary of another window: one the metrics cache has not seen. */
    private static ValidatableResponse summaryUntil(String to) {
        return asViewer().queryParam("from", "2026-03-01").queryParam("to", to).when().get(METRICS).then();
    }

    private void stubSummary() {
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_SUMMARY)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.SUMMARY)));
    }

    private static CircuitBreakerState breaker(String backend) {
        return CircuitBreakerMaintenance.get().currentState(backend);
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE"})
    void aggregatorFaultIs503NamingIt(Fault fault) {
        wireMock.stubFor(get(urlPathMatching(WireMockBackends.AGGREGATOR + "/internal/.*")).willReturn(aResponse().withFault(fault)));

        assertUnavailable(summary(), "aggregator-service");
        assertUnavailable(asViewer().queryParam("from", "2026-03-01").queryParam("to", "2026-04-01")
                .when().get("/api/v1/deployments").then(), "aggregator-service");
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE"})
    void connectorFaultIs503NamingIt(Fault fault) {
        wireMock.stubFor(get(urlPathMatching(INTERNAL_CONNECTIONS + ".*")).willReturn(aResponse().withFault(fault)));
        wireMock.stubFor(post(urlPathMatching(INTERNAL_CONNECTIONS + ".*")).willReturn(aResponse().withFault(fault)));

        assertUnavailable(asViewer().when().get(CONNECTIONS).then(), "connector-service");
        assertUnavailable(asViewer().when().get(CONNECTIONS + "/" + ID + "/sync").then(), "connector-service");
        assertUnavailable(asAdmin().contentType("application/json").body("{\"name\":\"acme\"}")
                .when().post(CONNECTIONS).then(), "connector-service");
    }

    @Test
    void aReadIsRetriedAfterAFailedTry() {
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_SUMMARY)).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("recovered"));
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_SUMMARY)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(Fixtures.SUMMARY)));

        summary().statusCode(200).body("benchmark", equalTo("dora-2023"));
        wireMock.verify(2, getRequestedFor(urlPathEqualTo(INTERNAL_SUMMARY)));
    }

    @Test
    void aReadIsTriedAtMostThreeTimes() {
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_SUMMARY)).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

        assertUnavailable(summary(), "aggregator-service");
        wireMock.verify(3, getRequestedFor(urlPathEqualTo(INTERNAL_SUMMARY)));
    }

    @Test
    void aWriteIsNeverRetried() {
        wireMock.stubFor(post(urlPathEqualTo(INTERNAL_CONNECTIONS)).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        wireMock.stubFor(patch(urlPathEqualTo(INTERNAL_CONNECTIONS + "/" + ID)).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        wireMock.stubFor(post(urlPathEqualTo(INTERNAL_CONNECTIONS + "/" + ID + "/sync")).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

        assertUnavailable(asAdmin().contentType("application/json").body("{\"name\":\"acme\"}").when().post(CONNECTIONS).then(),
                "connector-service");
        assertUnavailable(asAdmin().contentType("application/json").body("{\"paused\":true}")
                .when().patch(CONNECTIONS + "/" + ID).then(), "connector-service");
        assertUnavailable(asAdmin().when().post(CONNECTIONS + "/" + ID + "/sync").then(), "connector-service");

        wireMock.verify(1, postRequestedFor(urlPathEqualTo(INTERNAL_CONNECTIONS)));
        wireMock.verify(1, patchRequestedFor(urlPathEqualTo(INTERNAL_CONNECTIONS + "/" + ID)));
        wireMock.verify(1, postRequestedFor(urlPathEqualTo(INTERNAL_CONNECTIONS + "/" + ID + "/sync")));
    }

    @Test
    void aBackendsOwnErrorIsForwardedNotRetriedAndDoesNotOpenTheBreaker() {
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_SUMMARY)).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", PROBLEM_JSON)
                .withBody("{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500}")));

        for (int i = 0; i < 6; i++) {
            summary().statusCode(500).body("status", equalTo(500));
        }
        wireMock.verify(6, getRequestedFor(urlPathEqualTo(INTERNAL_SUMMARY)));
        assertEquals(CircuitBreakerState.CLOSED, breaker("aggregator-service"));
    }

    /** The breaker opens after failures, then fails fast without calling, then closes once the backend answers again. */
    @Test
    void openBreakerFailsFastAndRecoversByItself() {
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_SUMMARY)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertUnavailable(summary(), "aggregator-service");
        assertUnavailable(summary(), "aggregator-service");
        assertEquals(CircuitBreakerState.OPEN, breaker("aggregator-service"));
        assertEquals(CircuitBreakerState.CLOSED, breaker("connector-service"), "one breaker per backend");

        int calls = wireMock.findAll(getRequestedFor(urlPathEqualTo(INTERNAL_SUMMARY))).size();
        assertUnavailable(summary(), "aggregator-service");
        assertUnavailable(asViewer().queryParam("from", "2026-03-01").queryParam("to", "2026-04-01").queryParam("interval", "week")
                .when().get(METRICS + "/timeseries").then(), "aggregator-service");
        wireMock.verify(calls, getRequestedFor(urlPathEqualTo(INTERNAL_SUMMARY)));
        wireMock.verify(0, getRequestedFor(urlPathEqualTo(INTERNAL_TIMESERIES)));

        wireMock.resetAll();
        stubSummary();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> summary().statusCode(200).body("benchmark", equalTo("dora-2023")));
        assertEquals(CircuitBreakerState.CLOSED, breaker("aggregator-service"));
    }

    /** Both backends stopped (nothing listens on their port): 503s within 2 s, answers again within 10 s of their return. */
    @Test
    void stoppedBackendsGive503AndTheGatewayRecoversWhenTheyReturn() {
        stubSummary();
        summary().statusCode(200);
        wireMock.stop();
        try {
            // a cached answer is still served…
            summary().statusCode(200);
            // …any other is a 503 naming the aggregator
            await().atMost(Duration.ofSeconds(2)).until(() -> summaryUntil("2026-04-02").extract().statusCode() == 503);
            assertUnavailable(summaryUntil("2026-04-03"), "aggregator-service");
            assertUnavailable(asViewer().when().get(CONNECTIONS).then(), "connector-service");
            // the gateway itself stays ready
            management().when().get("/q/health/ready").then().statusCode(200);
            // /api/v1/status answers and says which backend is down
            asViewer().when().get("/api/v1/status").then().statusCode(200)
                    .body("status", equalTo("degraded"))
                    .body("backends.find { it.name == 'aggregator-service' }.status", equalTo("down"))
                    .body("backends.find { it.name == 'connector-service' }.status", equalTo("down"))
                    .body("connections", equalTo(null));
            management().when().get("/q/metrics").then().statusCode(200)
                    .body(containsString("dorastream_gateway_backend_up{backend=\"aggregator-service\"} 0.0"));
        } finally {
            wireMock.start();
        }
        stubSummary();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> summaryUntil("2026-04-04").statusCode(200).body("benchmark", equalTo("dora-2023")));
        management().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("dorastream_gateway_backend_up{backend=\"aggregator-service\"} 1.0"));
    }

    @Test
    void readinessDoesNotDependOnTheBackends() {
        wireMock.stubFor(get(urlPathMatching(".*")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertUnavailable(summary(), "aggregator-service");
        assertUnavailable(asViewer().when().get(CONNECTIONS).then(), "connector-service");

        management().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        management().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void aFloodOfSlowQueriesGetsBusyAnswersInsteadOfTheWholeBackend() throws Exception {
        // every summary takes 2 s at the aggregator; 7 callers at once, distinct windows (no shared cache entry)
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_SUMMARY)).willReturn(aResponse().withStatus(200).withFixedDelay(2000)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.SUMMARY)));
        int callers = 7;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String to = "2025-0" + (i + 1) + "-15";
                answers.add(pool.submit(() -> asViewer().queryParam("from", "2025-01-01").queryParam("to", to).when().get(METRICS)));
            }
            int ok = 0;
            int busy = 0;
            for (var f : answers) {
                Response r = f.get(30, TimeUnit.SECONDS);
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    assertEquals(503, r.statusCode(), r.asString());
                    assertTrue(r.contentType().startsWith(PROBLEM_JSON), r.contentType());
                    assertEquals("1", r.header("Retry-After"));
                    assertTrue(r.jsonPath().getString("detail").contains("aggregator-service is busy"),
                            r.asString());
                    busy++;
                }
            }
            assertEquals(4, ok, "max-concurrent-calls reached the aggregator");
            assertEquals(callers - 4, busy, "the others were told to retry, without reaching it");
            wireMock.verify(4, getRequestedFor(urlPathEqualTo(INTERNAL_SUMMARY)));
            assertEquals(CircuitBreakerState.CLOSED, breaker("aggregator-service"), "busy answers are no backend failure");
        } finally {
            pool.shutdownNow();
        }
    }
}
