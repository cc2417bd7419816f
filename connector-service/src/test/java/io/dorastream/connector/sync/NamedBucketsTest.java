package io.dorastream.connector.sync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.dorastream.connector.ConnectorTestResources;
import io.dorastream.connector.TestConnections;
import io.dorastream.connector.datadog.DatadogClient;
import io.dorastream.connector.datadog.RateBudget;
import io.dorastream.devstack.simulator.DatadogSimulator;
import io.dorastream.devstack.simulator.DatasetSpec;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.devstack.simulator.SimulatorStats;
import io.dorastream.devstack.testing.SimulatorTestResource;
import io.dorastream.events.Stream;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Datadog counts the two DORA list endpoints in named rate-limit buckets that may be apart (the
 * simulator's {@code separateBuckets}): the deployments' bucket used up (by another client of the
 * same organisation) pauses the deployments stream until that bucket's reset, while the failures
 * stream goes on polling in its own bucket. Proven by the order of the calls the simulator answers,
 * read on its clock: failures answered 200 after the connector met the deployments' 429 and before
 * the deployments' window ended. On one budget per organisation, that 429 paused both streams.
 */
@QuarkusTest
@ConnectorTestResources
class NamedBucketsTest {

    private static final String TOKEN = "Bearer test-internal-token";
    private static final String DEPLOYMENTS = "POST /api/v2/dora/deployments";
    private static final String FAILURES = "POST /api/v2/dora/failures";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    RateBudget budget;

    @AfterEach
    void restore() {
        TestConnections.deleteAll();
        SimulatorTestResource.simulator().separateBuckets(false);
    }

    @Test
    void aUsedUpBucketPausesOnlyItsOwnStream() throws Exception {
        DatadogSimulator sim = SimulatorTestResource.simulator();
        assertTrue(sim.clock().isRunning(), "the simulator's clock follows time (a test froze it and did not restore it)");
        sim.separateBuckets(true);
        sim.generate(DatasetSpec.demo().withSeed(41).withServices(2).withEnvironments(1).withMonthsBack(1));
        SimulatorStats stats = sim.stats();
        String apiKey = SimulatorTestResource.BUCKETS_API_KEY;

        String id = given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(Map.of("name", "named-buckets", "site", "datadoghq.com", "apiKey", apiKey,
                        "appKey", SimulatorConfig.DEFAULT_APP_KEY, "backfillDays", 30, "pollIntervalSeconds", 10))
                .when().post("/internal/connections").then().statusCode(201).extract().path("id");
        awaitLive(id);
        String org = RateBudget.key(sim.baseUri().toString(), apiKey);
        assertEquals("dora_deployments_list", budget.bucketName(org, endpoint(Stream.DEPLOYMENTS)));
        assertEquals("dora_failures_list", budget.bucketName(org, endpoint(Stream.FAILURES)));

        // Room for a few live polls (every 10 s) within one rate-limit window of the simulator.
        int period = sim.config().ratePeriodSeconds();
        Awaitility.await().atMost(Duration.ofSeconds(period + 5)).pollInterval(Duration.ofMillis(200))
                .until(() -> secondsLeft(sim, period) >= 40);
        Instant windowEnd = windowEnd(sim, period);

        // Another client of the organisation uses up the deployments' bucket.
        long refusalsBefore = stats.count(DEPLOYMENTS, 429) + useUpDeploymentsBucket(sim, apiKey);
        awaitOnSimClock(sim, windowEnd.minusSeconds(3), () -> stats.count(DEPLOYMENTS, 429) > refusalsBefore,
                "the connector's next deployments poll met the used-up bucket");
        assertEquals(0, budget.remaining(org, endpoint(Stream.DEPLOYMENTS)), "the deployments' budget is used up");
        long failuresAnswered = stats.count(FAILURES, 200);
        long deploymentsAnswered = stats.count(DEPLOYMENTS, 200);

        awaitOnSimClock(sim, windowEnd.minusSeconds(1), () -> stats.count(FAILURES, 200) >= failuresAnswered + 2,
                "the failures stream kept polling while the deployments' bucket was used up: " + stats.byEndpoint());
        assertTrue(sim.clock().now().isBefore(windowEnd), "still within the deployments' used-up window");
        assertEquals(deploymentsAnswered, stats.count(DEPLOYMENTS, 200), "the deployments stream waits for its bucket");
        assertTrue(budget.remaining(org, endpoint(Stream.FAILURES)) > 0, "the failures' budget is its own");

        // (That the stream goes on after the bucket's reset is RateBudgetTest's: waiting for it here costs a minute of CI.)
        given().header("Authorization", TOKEN).when().get("/internal/connections/" + id).then().statusCode(200)
                .body("status", Matchers.equalTo("active"));

        // A deletion does not wait for the bucket's reset: a poll waiting for it is abandoned.
        given().header("Authorization", TOKEN).when().delete("/internal/connections/" + id).then().statusCode(204);
        assertTrue(sim.clock().now().isBefore(windowEnd), "deleted before the deployments' bucket was reset");
    }

    private static void awaitLive(String id) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> given()
                .header("Authorization", TOKEN).when().get("/internal/connections/" + id + "/sync")
                .then().statusCode(200)
                .body("streams.deployments.state", Matchers.equalTo("live"))
                .body("streams.failures.state", Matchers.equalTo("live")));
    }

    /** Waits until {@code condition} holds, failing if the simulator's clock reaches {@code before} first. */
    private static void awaitOnSimClock(DatadogSimulator sim, Instant before, java.util.concurrent.Callable<Boolean> condition,
            String what) {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> condition.call() || !sim.clock().now().isBefore(before));
            assertTrue(condition.call(), "not before " + before + ": " + what);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what, e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Lists deployments with the organisation's key until its bucket has nothing left.
     *
     * @return the 429 answers these calls met (one, when the connector's calls took the last ones)
     */
    private static int useUpDeploymentsBucket(DatadogSimulator sim, String apiKey) throws Exception {
        String body = DatadogClient.listRequestBody(Stream.DEPLOYMENTS, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:01Z"), 1, null);
        for (int i = 0; i <= sim.config().rateLimit(); i++) {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(sim.baseUri().resolve("/api/v2/dora/deployments"))
                    .header("Content-Type", "application/json").header("DD-API-KEY", apiKey)
                    .header("DD-APPLICATION-KEY", SimulatorConfig.DEFAULT_APP_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals("dora_deployments_list", r.headers().firstValue("X-RateLimit-Name").orElse(null));
            if (r.statusCode() == 429) {
                return 1;
            }
            if ("0".equals(r.headers().firstValue("X-RateLimit-Remaining").orElse(null))) {
                return 0;
            }
        }
        throw new AssertionError("the deployments' bucket was not used up by " + sim.config().rateLimit() + " calls");
    }

    private static long secondsLeft(DatadogSimulator sim, int period) {
        return period - Math.floorMod(sim.clock().now().getEpochSecond(), period);
    }

    /** The end of the simulator's current rate-limit window (windows are aligned on its clock's epoch). */
    private static Instant windowEnd(DatadogSimulator sim, int period) {
        long now = sim.clock().now().getEpochSecond();
        return Instant.ofEpochSecond(now - Math.floorMod(now, period) + period);
    }

    private static String endpoint(Stream stream) {
        return "list_" + stream.id();
    }
}
