package io.dorastream.devstack.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each injected fault, reproducibility, and that {@code /_sim} is never affected. */
class FaultInjectionTest {

    private static final String LIST = "{\"from\":\"2026-03-01T00:00:00Z\",\"to\":\"2026-03-02T00:00:00Z\"}";
    private DatadogSimulator simulator;
    private SimClient client;

    @BeforeEach
    void start() {
        simulator = DatadogSimulator.start(SimulatorConfig.defaults());
        simulator.clock().set(Instant.parse("2026-03-02T00:00:00Z"));
        simulator.load(new Dataset(List.of(TestEvents.deployment("d1", "svc", "prod", "2026-03-01T10:00:00Z", null)),
                List.of()));
        client = new SimClient(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void serverErrors() {
        simulator.faults(FaultConfig.none().withError5xx(1));
        for (int i = 0; i < 5; i++) {
            SimClient.Reply reply = client.listDeployments(LIST);
            assertTrue(Set.of(500, 502, 503, 504).contains(reply.status()), "status " + reply.status());
            assertTrue(reply.json().get("errors").get(0).isTextual());
            assertEquals("1000", reply.header("X-RateLimit-Limit"));
        }
    }

    @Test
    void injectedRateLimitIsCountedApartFromTheRealOne() {
        simulator.faults(FaultConfig.none().withRateLimited429(1));
        SimClient.Reply reply = client.listDeployments(LIST);
        assertEquals(429, reply.status());
        assertEquals("0", reply.header("X-RateLimit-Remaining"));
        assertEquals(1, simulator.stats().injectedRateLimited());
        assertEquals(0, simulator.stats().rateLimited());
    }

    @Test
    void timeoutHoldsThenDropsTheConnection() throws Exception {
        simulator.faults(FaultConfig.none().withTimeout(1).withTimeoutHoldMillis(300));
        long start = System.nanoTime();
        CompletableFuture<SimClient.Reply> held = CompletableFuture.supplyAsync(() -> {
            try {
                return client.sendOrThrow("POST", "/api/v2/dora/deployments",
                        "{\"data\":{\"type\":\"dora_deployments_list_request\",\"attributes\":{}}}", Duration.ofSeconds(5));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertTrue(simulator.stats().awaitHolding(1, Duration.ofSeconds(5)), "the simulator holds the request");
        ExecutionException failure = assertThrows(ExecutionException.class, () -> held.get(5, TimeUnit.SECONDS));
        assertTrue(failure.getCause() instanceof UncheckedIOException, failure.toString());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300), "held for the configured time");
        assertEquals(1, simulator.stats().timeouts());
        assertEquals(0, simulator.stats().holding(), "dropped after the hold");
    }

    @Test
    void closeReleasesHeldRequestsAtOnce() throws Exception {
        simulator.faults(FaultConfig.none().withTimeout(1).withTimeoutHoldMillis(60_000));
        CompletableFuture<SimClient.Reply> held = CompletableFuture.supplyAsync(() -> client.listDeployments(LIST));
        assertTrue(simulator.stats().awaitHolding(1, Duration.ofSeconds(5)), "the simulator holds the request");
        long start = System.nanoTime();
        simulator.close();
        ExecutionException failure = assertThrows(ExecutionException.class, () -> held.get(5, TimeUnit.SECONDS));
        assertTrue(failure.getCause() instanceof UncheckedIOException, failure.toString());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
    }

    @Test
    void malformedBodiesAreNotJson() {
        simulator.faults(FaultConfig.none().withMalformedJson(1));
        SimClient.Reply reply = client.get("/api/v2/dora/deployments/d1");
        assertEquals(200, reply.status());
        assertThrows(UncheckedIOException.class, reply::json);
    }

    @Test
    void truncatedBodiesAreAPrefixOfTheRealOne() {
        String whole = client.listDeployments(LIST).body();
        simulator.faults(FaultConfig.none().withTruncatedJson(1));
        SimClient.Reply reply = client.listDeployments(LIST);
        assertEquals(200, reply.status());
        assertTrue(whole.startsWith(reply.body()) && reply.body().length() < whole.length(), reply.body());
        assertThrows(UncheckedIOException.class, reply::json);
    }

    @Test
    void latencyDelaysEveryAnswer() {
        simulator.faults(FaultConfig.none().withLatencyMillis(150));
        long start = System.nanoTime();
        assertEquals(200, client.get("/api/v1/validate").status());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(150));
    }

    @Test
    void theSameSeedGivesTheSameFaults() {
        FaultConfig config = FaultConfig.none().withSeed(7).withError5xx(0.3).withRateLimited429(0.2);
        simulator.faults(config);
        List<Integer> first = statuses(30);
        simulator.faults(config);
        assertEquals(first, statuses(30));
        simulator.faults(config.withSeed(8));
        assertNotEquals(first, statuses(30));
        assertTrue(first.contains(200) && first.contains(429) && first.stream().anyMatch(s -> s >= 500));
    }

    @Test
    void adminEndpointsAreNeverFaulty() {
        simulator.faults(FaultConfig.none().withError5xx(1));
        assertEquals(200, client.get("/_sim/stats").status());
        assertEquals(200, client.get("/_sim/dataset").status());
    }

    @Test
    void sharesAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> FaultConfig.none().withError5xx(1.5));
        assertThrows(IllegalArgumentException.class, () -> FaultConfig.none().withError5xx(0.6).withTimeout(0.6));
    }

    private List<Integer> statuses(int count) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(client.get("/api/v1/validate").status());
        }
        return statuses;
    }
}
