package io.dorastream.devstack.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fixed-window rate limit per API key, its headers, 429 and recovery. */
class RateLimitTest {

    private DatadogSimulator simulator;

    @BeforeEach
    void start() {
        simulator = DatadogSimulator.start(SimulatorConfig.builder().apiKeys("org-a", "org-b")
                .rateLimit(3, 10).build());
        simulator.clock().set(Instant.parse("2026-03-01T00:00:02Z"));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void countsDownThenAnswers429UntilTheWindowEnds() {
        SimClient orgA = new SimClient(simulator).withKeys("org-a", SimulatorConfig.DEFAULT_APP_KEY);
        for (int remaining = 2; remaining >= 0; remaining--) {
            SimClient.Reply reply = orgA.get("/api/v1/validate");
            assertEquals(200, reply.status());
            assertHeaders(reply, remaining, 8);
        }
        SimClient.Reply limited = orgA.listDeployments("{}");
        assertEquals(429, limited.status());
        assertEquals(Recordings.read("{\"errors\":[\"Too many requests\"]}"), limited.json());
        assertHeaders(limited, 0, 8);

        simulator.clock().advance(Duration.ofSeconds(7));
        SimClient.Reply stillLimited = orgA.get("/api/v1/validate");
        assertEquals(429, stillLimited.status());
        assertHeaders(stillLimited, 0, 1);

        simulator.clock().advance(Duration.ofSeconds(1));
        SimClient.Reply recovered = orgA.get("/api/v1/validate");
        assertEquals(200, recovered.status());
        assertHeaders(recovered, 2, 10);

        assertEquals(2, simulator.stats().rateLimited());
        assertEquals(0, simulator.stats().injectedRateLimited());
        assertEquals(1, simulator.stats().count("GET /api/v1/validate", 429));
        assertEquals(1, simulator.stats().count("POST /api/v2/dora/deployments", 429));
        assertEquals(5, simulator.stats().count("GET /api/v1/validate"));
    }

    @Test
    void eachApiKeyIsItsOwnOrganisation() {
        SimClient orgA = new SimClient(simulator).withKeys("org-a", null);
        SimClient orgB = new SimClient(simulator).withKeys("org-b", null);
        for (int i = 0; i < 3; i++) {
            orgA.get("/api/v1/validate");
        }
        assertEquals(429, orgA.get("/api/v1/validate").status());
        SimClient.Reply other = orgB.get("/api/v1/validate");
        assertEquals(200, other.status());
        assertHeaders(other, 2, 8);
    }

    @Test
    void everyApiAnswerCarriesTheHeadersAdminAnswersNone() {
        SimClient client = new SimClient(simulator).withKeys("org-a", "unknown-app");
        for (SimClient.Reply reply : List.of(client.listDeployments("{}"), client.get("/api/v2/dora/failures/none"),
                client.get("/api/v2/nothing-here"), client.withKeys(null, null).get("/api/v1/validate"))) {
            assertEquals("3", reply.header("X-RateLimit-Limit"), reply.body());
        }
        assertNull(client.get("/_sim/stats").header("X-RateLimit-Limit"));
    }

    @Test
    void separateBucketsCountEachListEndpointOnItsOwn() {
        simulator.close();
        simulator = DatadogSimulator.start(SimulatorConfig.builder().apiKeys("org-a").rateLimit(3, 10)
                .separateBuckets(true).build());
        simulator.clock().set(Instant.parse("2026-03-01T00:00:02Z"));
        SimClient orgA = new SimClient(simulator).withKeys("org-a", SimulatorConfig.DEFAULT_APP_KEY);
        for (int remaining = 2; remaining >= 0; remaining--) {
            SimClient.Reply reply = orgA.listDeployments("{}");
            assertEquals(200, reply.status(), reply.body());
            assertEquals(Integer.toString(remaining), reply.header("X-RateLimit-Remaining"));
            assertEquals("dora_deployments_list", reply.header("X-RateLimit-Name"));
        }
        SimClient.Reply limited = orgA.listDeployments("{}");
        assertEquals(429, limited.status());
        assertEquals("dora_deployments_list", limited.header("X-RateLimit-Name"));

        SimClient.Reply failures = orgA.listFailures("{}");
        assertEquals(200, failures.status(), "the failures' bucket is untouched by the deployments' calls");
        assertEquals("2", failures.header("X-RateLimit-Remaining"));
        assertEquals("dora_failures_list", failures.header("X-RateLimit-Name"));
        SimClient.Reply validate = orgA.get("/api/v1/validate");
        assertEquals(200, validate.status());
        assertEquals("dora_metrics", validate.header("X-RateLimit-Name"));
    }

    @Test
    void byDefaultBothListEndpointsShareOneBucket() {
        SimClient orgA = new SimClient(simulator).withKeys("org-a", SimulatorConfig.DEFAULT_APP_KEY);
        assertEquals("2", orgA.listDeployments("{}").header("X-RateLimit-Remaining"));
        SimClient.Reply failures = orgA.listFailures("{}");
        assertEquals("1", failures.header("X-RateLimit-Remaining"));
        assertEquals("dora_metrics", failures.header("X-RateLimit-Name"));
    }

    @Test
    void bucketsCanBeSeparatedWhileRunning() {
        SimClient orgA = new SimClient(simulator).withKeys("org-a", SimulatorConfig.DEFAULT_APP_KEY);
        assertEquals("dora_metrics", orgA.listDeployments("{}").header("X-RateLimit-Name"));
        simulator.separateBuckets(true);
        assertTrue(simulator.separateBuckets());
        SimClient.Reply deployments = orgA.listDeployments("{}");
        assertEquals("dora_deployments_list", deployments.header("X-RateLimit-Name"));
        assertEquals("2", deployments.header("X-RateLimit-Remaining"), "a bucket of its own, untouched so far");
        assertEquals("dora_failures_list", orgA.listFailures("{}").header("X-RateLimit-Name"));
        simulator.separateBuckets(false);
        SimClient.Reply shared = orgA.listFailures("{}");
        assertEquals("dora_metrics", shared.header("X-RateLimit-Name"));
        assertEquals("1", shared.header("X-RateLimit-Remaining"), "the shared bucket kept its count");
    }

    private static void assertHeaders(SimClient.Reply reply, int remaining, long reset) {
        assertEquals("3", reply.header("X-RateLimit-Limit"));
        assertEquals("10", reply.header("X-RateLimit-Period"));
        assertEquals(Integer.toString(remaining), reply.header("X-RateLimit-Remaining"));
        assertEquals(Long.toString(reset), reply.header("X-RateLimit-Reset"));
        assertEquals("dora_metrics", reply.header("X-RateLimit-Name"));
    }
}
