package io.dorastream.connector.datadog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.dorastream.devstack.simulator.DatadogSimulator;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.events.Stream;

/**
 * Calls paced by the budget against the simulator's real rate limiter: no 429 although callers of
 * every priority compete for a small limit, live calls always get through, and reconciliation
 * takes less than backfill; each named bucket ({@code X-RateLimit-Name}) has its own budget, and
 * endpoints whose answers name the same bucket share one. Time is the simulator's clock, moved by the tests: the budget reads
 * the same clock, so nothing depends on how fast the machine is, and a call's waiting is observed
 * ({@link RateBudget#parked}) rather than guessed from elapsed time.
 */
@Timeout(60) // a call parked for good fails its test, not the build
class RateBudgetTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration STEP = Duration.ofMillis(10);
    private static final Duration LIVE_EVERY = Duration.ofMillis(300);
    private static final String DEPLOYMENTS = "list_deployments";
    private static final String FAILURES = "list_failures";
    /** The endpoint of the tests that need only one. */
    private static final String LIST = DEPLOYMENTS;

    /**
     * Seven seconds of a limit of 30 calls per 2 s, in steps of 10 ms: at each step every caller
     * (a live poll every 300 ms, two backfills, two reconciliations) calls if the budget lets it
     * go at once, else tries again at the next step.
     */
    @Test
    void competingCallersNeverMeetA429() throws Exception {
        try (DatadogSimulator sim = DatadogSimulator.start(SimulatorConfig.builder().rateLimit(30, 2).build())) {
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            sim.clock().set(start);
            RateBudget budget = new RateBudget(clock(sim.clock()::now));
            String key = RateBudget.key(sim.baseUri().toString(), SimulatorConfig.DEFAULT_API_KEY);
            Map<Priority, Integer> calls = new EnumMap<>(Priority.class);
            List<Priority> callers = List.of(Priority.LIVE, Priority.BACKFILL, Priority.BACKFILL, Priority.RECONCILE,
                    Priority.RECONCILE);
            Instant nextLive = start;
            Instant end = start.plusSeconds(7);
            while (sim.clock().now().isBefore(end)) {
                Instant now = sim.clock().now();
                for (Priority p : callers) {
                    if (p == Priority.LIVE && now.isBefore(nextLive)) {
                        continue;
                    }
                    RateBudget.Call call;
                    try {
                        call = budget.acquire(key, LIST, p, Duration.ZERO);
                    } catch (RateBudget.Exhausted e) {
                        continue; // not now: paced, or the budget is used up
                    }
                    HttpResponse<String> r = list(sim.baseUri(), Stream.DEPLOYMENTS);
                    call.done(rateLimit(r), r.statusCode());
                    calls.merge(p, 1, Integer::sum);
                    if (p == Priority.LIVE) {
                        nextLive = now.plus(LIVE_EVERY);
                    }
                }
                sim.clock().advance(STEP);
            }

            assertEquals(0, sim.stats().rateLimited(), "no call was refused for the rate limit: " + calls);
            assertTrue(calls.getOrDefault(Priority.LIVE, 0) >= 5, "live calls got through: " + calls);
            assertTrue(calls.getOrDefault(Priority.RECONCILE, 0) < calls.getOrDefault(Priority.BACKFILL, 0),
                    "reconciliation leaves budget to backfill: " + calls);
            assertTrue(sim.stats().total() > 30, "the budget was used, not just waited on: " + sim.stats().total());
        }
    }

    /**
     * Both streams' backfills call whenever the budget lets them, for six seconds of a limit of 30
     * calls per 2 s, in steps of 10 ms. With a bucket per stream each gets nearly its bucket's whole
     * budget, more than half of one shared bucket could give it; with one shared bucket they share
     * its budget. Never a 429 either way.
     */
    @ParameterizedTest(name = "separate buckets: {0}")
    @ValueSource(booleans = { true, false })
    void eachNamedBucketIsPacedOnItsOwn(boolean separate) throws Exception {
        try (DatadogSimulator sim = DatadogSimulator.start(SimulatorConfig.builder().rateLimit(30, 2)
                .separateBuckets(separate).build())) {
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            sim.clock().set(start);
            RateBudget budget = new RateBudget(clock(sim.clock()::now));
            String key = RateBudget.key(sim.baseUri().toString(), SimulatorConfig.DEFAULT_API_KEY);
            Map<Stream, Integer> calls = new EnumMap<>(Stream.class);
            List<Stream> order = new ArrayList<>(List.of(Stream.values()));
            while (sim.clock().now().isBefore(start.plusSeconds(6))) {
                Collections.reverse(order); // neither stream always asks first
                for (Stream stream : order) {
                    RateBudget.Call call;
                    try {
                        call = budget.acquire(key, endpoint(stream), Priority.BACKFILL, Duration.ZERO);
                    } catch (RateBudget.Exhausted e) {
                        continue; // not now: paced, or the bucket is used up
                    }
                    HttpResponse<String> r = list(sim.baseUri(), stream);
                    call.done(rateLimit(r), r.statusCode());
                    calls.merge(stream, 1, Integer::sum);
                }
                sim.clock().advance(STEP);
            }

            assertEquals(0, sim.stats().rateLimited(), "no 429: " + calls);
            if (separate) {
                // 3 periods of 30, less the twentieth backfill leaves to live polls: up to 84 each
                for (Stream stream : Stream.values()) {
                    assertTrue(calls.getOrDefault(stream, 0) > 60, "each stream at its bucket's full speed: " + calls);
                }
                assertEquals("dora_deployments_list", budget.bucketName(key, endpoint(Stream.DEPLOYMENTS)));
                assertEquals("dora_failures_list", budget.bucketName(key, endpoint(Stream.FAILURES)));
            } else {
                // Both paced by one budget, else the two would have spent twice the bucket and met 429s.
                // (Which stream takes a slot depends on who asks first at that step: no share is asserted.)
                for (Stream stream : Stream.values()) {
                    assertTrue(calls.getOrDefault(stream, 0) > 0, "both streams went: " + calls);
                }
                int total = calls.values().stream().mapToInt(Integer::intValue).sum();
                assertTrue(total > 60, "the shared bucket was used, not just waited on: " + calls);
                assertEquals("dora_metrics", budget.bucketName(key, endpoint(Stream.DEPLOYMENTS)));
                assertEquals("dora_metrics", budget.bucketName(key, endpoint(Stream.FAILURES)));
            }
        }
    }

    @Test
    void a429OnOneBucketDoesNotPauseAnother() throws Exception {
        Instant[] now = { Instant.parse("2026-01-01T00:00:00Z") };
        RateBudget budget = new RateBudget(clock(() -> now[0]));
        // interactive calls: not spread over the period, so the frozen clock need not move
        budget.acquire("k", DEPLOYMENTS, Priority.INTERACTIVE, Duration.ZERO)
                .done(new RateLimit(100, 60, 40, 30, "dora_deployments_list"), 200);
        budget.acquire("k", FAILURES, Priority.INTERACTIVE, Duration.ZERO)
                .done(new RateLimit(100, 60, 70, 30, "dora_failures_list"), 200);
        budget.acquire("k", DEPLOYMENTS, Priority.INTERACTIVE, Duration.ZERO)
                .done(new RateLimit(100, 60, 0, 30, "dora_deployments_list"), 429);

        assertEquals(0, budget.remaining("k", DEPLOYMENTS));
        assertEquals(70, budget.remaining("k", FAILURES), "one bucket's Remaining never overwrites another's");
        RateBudget.Exhausted e = assertThrows(RateBudget.Exhausted.class,
                () -> budget.acquire("k", DEPLOYMENTS, Priority.INTERACTIVE, Duration.ofSeconds(10)));
        assertEquals(Duration.ofSeconds(30), e.retryAfter());
        now[0] = now[0].plusSeconds(1);
        budget.acquire("k", FAILURES, Priority.LIVE, Duration.ZERO) // 70 left for 29 s: due at once
                .done(new RateLimit(100, 60, 69, 29, "dora_failures_list"), 200);
        assertEquals(69, budget.remaining("k", FAILURES));
    }

    @Test
    void oneBucketsRemainingNeverPacesAnother() throws Exception {
        Instant[] now = { Instant.parse("2026-01-01T00:00:00Z") };
        RateBudget budget = new RateBudget(clock(() -> now[0]));
        budget.acquire("k", DEPLOYMENTS, Priority.INTERACTIVE, Duration.ZERO)
                .done(new RateLimit(100, 60, 2, 50, "dora_deployments_list"), 200);
        budget.acquire("k", FAILURES, Priority.INTERACTIVE, Duration.ZERO)
                .done(new RateLimit(100, 60, 90, 50, "dora_failures_list"), 200);
        now[0] = now[0].plusSeconds(1);

        // 2 left for 49 s: the next live deployments call is spaced ~16 s after the last one
        assertThrows(RateBudget.Exhausted.class, () -> budget.acquire("k", DEPLOYMENTS, Priority.LIVE, Duration.ZERO));
        // 90 left for 49 s: a failures call every ~0.5 s, due now
        budget.acquire("k", FAILURES, Priority.LIVE, Duration.ZERO)
                .done(new RateLimit(100, 60, 89, 49, "dora_failures_list"), 200);
        assertEquals(2, budget.remaining("k", DEPLOYMENTS));
        assertEquals(89, budget.remaining("k", FAILURES));
    }

    @Test
    void endpointsNamingTheSameBucketShareItsBudget() throws Exception {
        Instant[] now = { Instant.parse("2026-01-01T00:00:00Z") };
        RateBudget budget = new RateBudget(clock(() -> now[0]));
        budget.acquire("k", FAILURES, Priority.INTERACTIVE, Duration.ZERO).done(new RateLimit(100, 60, 50, 30, "dora"), 200);
        budget.acquire("k", DEPLOYMENTS, Priority.INTERACTIVE, Duration.ZERO).done(new RateLimit(100, 60, 0, 30, "dora"), 429);

        assertEquals(0, budget.remaining("k", FAILURES), "the deployments' 429 used up the failures' bucket too");
        assertThrows(RateBudget.Exhausted.class, () -> budget.acquire("k", FAILURES, Priority.INTERACTIVE, Duration.ofSeconds(1)));
        assertNull(budget.remaining("other-org", FAILURES), "organisations stay apart");
        budget.acquire("other-org", FAILURES, Priority.INTERACTIVE, Duration.ZERO)
                .done(new RateLimit(100, 60, 99, 30, "dora"), 200);
        assertEquals(99, budget.remaining("other-org", FAILURES));
    }

    /**
     * A call waiting in the bucket its endpoint's answers named moves, at once, to the one a later
     * answer names (Datadog may regroup its endpoints): it is then paced by that bucket alone.
     */
    @Test
    void aWaitingCallMovesWhenItsEndpointsBucketChanges() throws Exception {
        Instant[] now = { Instant.parse("2026-01-01T00:00:00Z") };
        RateBudget budget = new RateBudget(clock(() -> now[0]));
        RateBudget.Call first = budget.acquire("k", LIST, Priority.LIVE); // unpaced: nothing is known yet
        RateBudget.Call second = budget.acquire("k", LIST, Priority.LIVE);
        first.done(new RateLimit(100, 60, 0, 30, "dora"), 429);
        Thread waiter = acquiring(budget, Priority.LIVE, null);
        awaitParkedAfter(budget, 0);

        second.done(new RateLimit(100, 60, 50, 30, "dora_deployments_list"), 200);
        assertEquals("dora_deployments_list", budget.bucketName("k", LIST));
        // 50 left for 30 s: spaced 0.6 s after the last call, it waits there (no longer for the reset)
        awaitParkedAfter(budget, 0);
        moveClock(budget, now, Duration.ofMillis(300));
        assertTrue(waiter.isAlive(), "paced by its new bucket");
        now[0] = now[0].plusMillis(400);
        budget.clockMoved();
        waiter.join(5000);
        assertFalse(waiter.isAlive(), "it went 0.7 s later, not after the old bucket's 30 s");
    }

    @Test
    void a429EmptiesTheBudgetUntilTheReset() throws Exception {
        Instant[] now = { Instant.parse("2026-01-01T00:00:00Z") };
        RateBudget budget = new RateBudget(clock(() -> now[0]));
        budget.acquire("k", LIST, Priority.LIVE).done(new RateLimit(100, 60, 0, 30, "dora"), 429);
        assertEquals(0, budget.remaining("k", LIST));
        Thread waiter = acquiring(budget, Priority.LIVE, null);
        awaitParkedAfter(budget, 0);
        moveClock(budget, now, Duration.ofSeconds(29));
        assertTrue(waiter.isAlive(), "nothing goes before the reset");
        now[0] = now[0].plusSeconds(2);
        budget.clockMoved();
        waiter.join(5000);
        assertFalse(waiter.isAlive(), "the first call after the reset goes");
    }

    @Test
    void anInteractiveCallGoesAheadOfEveryQueueAndIsNotPaced() throws Exception {
        Instant[] now = { Instant.parse("2026-01-01T00:00:00Z") };
        RateBudget budget = new RateBudget(clock(() -> now[0]));
        // 3 calls left for 50 s: a live call would be spaced ~12 s after the last one
        budget.acquire("k", LIST, Priority.LIVE).done(new RateLimit(100, 60, 3, 50, "dora"), 200);
        Thread live = acquiring(budget, Priority.LIVE, null);
        awaitParkedAfter(budget, 0);
        assertTrue(live.isAlive(), "the next live call is paced");
        budget.acquire("k", LIST, Priority.INTERACTIVE, Duration.ofSeconds(10)); // at once, although live waits
        moveClock(budget, now, Duration.ofSeconds(1));
        assertTrue(live.isAlive(), "the live call is still waiting");
        now[0] = now[0].plusSeconds(50);
        budget.clockMoved();
        live.join(5000);
        assertFalse(live.isAlive());
    }

    @Test
    void anInteractiveCallGivesUpOnABudgetUsedUpLongerThanItMayWait() throws Exception {
        Instant[] now = { Instant.parse("2026-01-01T00:00:00Z") };
        RateBudget budget = new RateBudget(clock(() -> now[0]));
        RateBudget.Call first = budget.acquire("k", LIST, Priority.LIVE);
        RateBudget.Call second = budget.acquire("k", LIST, Priority.LIVE); // both in flight, both refused
        first.done(new RateLimit(100, 60, 0, 42, "dora"), 429);
        RateBudget.Exhausted e = assertThrows(RateBudget.Exhausted.class,
                () -> budget.acquire("k", LIST, Priority.INTERACTIVE, Duration.ofSeconds(10)));
        assertEquals(0, budget.parks("k", LIST), "refused at once, not after waiting");
        assertEquals(Duration.ofSeconds(42), e.retryAfter());
        assertTrue(e.getMessage().contains("42 more seconds"), e.getMessage());

        // a reset within the wait: the call goes when it comes
        second.done(new RateLimit(100, 60, 0, 5, "dora"), 429);
        Thread waiter = acquiring(budget, Priority.INTERACTIVE, Duration.ofSeconds(10));
        awaitParkedAfter(budget, 0);
        moveClock(budget, now, Duration.ofSeconds(4));
        assertTrue(waiter.isAlive(), "it waits for a reset close enough");
        now[0] = now[0].plusSeconds(2);
        budget.clockMoved();
        waiter.join(5000);
        assertFalse(waiter.isAlive(), "and goes after it");
    }

    /** Moves the clock and waits until the one parked call has looked at it and parked again. */
    private static void moveClock(RateBudget budget, Instant[] now, Duration by) throws InterruptedException {
        long parks = budget.parks("k", LIST);
        now[0] = now[0].plus(by);
        budget.clockMoved();
        awaitParkedAfter(budget, parks);
    }

    /** Waits (at most 5 s) until one call is parked, having parked more than {@code parks} times in all. */
    private static void awaitParkedAfter(RateBudget budget, long parks) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (budget.parked("k", LIST) != 1 || budget.parks("k", LIST) <= parks) {
            if (System.nanoTime() > deadline) {
                fail("no call parked: " + budget.parked("k", LIST) + " parked, " + budget.parks("k", LIST) + " parks");
            }
            Thread.sleep(1);
        }
    }

    /** A started thread waiting for the budget (null: as long as it takes). */
    private static Thread acquiring(RateBudget budget, Priority priority, Duration maxWait) {
        Thread t = new Thread(() -> {
            try {
                budget.acquire("k", LIST, priority, maxWait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static Clock clock(Supplier<Instant> now) {
        return new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
    }

    private static RateLimit rateLimit(HttpResponse<?> r) {
        return new RateLimit(header(r, "X-RateLimit-Limit"), header(r, "X-RateLimit-Period"),
                header(r, "X-RateLimit-Remaining"), header(r, "X-RateLimit-Reset"),
                r.headers().firstValue("X-RateLimit-Name").orElse(null));
    }

    private static String endpoint(Stream stream) {
        return "list_" + stream.id();
    }

    private static HttpResponse<String> list(URI base, Stream stream) throws Exception {
        String body = DatadogClient.listRequestBody(stream, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-02T00:00:00Z"), 1, null);
        return HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v2/dora/" + stream.id()))
                .header("Content-Type", "application/json")
                .header("DD-API-KEY", SimulatorConfig.DEFAULT_API_KEY)
                .header("DD-APPLICATION-KEY", SimulatorConfig.DEFAULT_APP_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Integer header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).map(v -> Integer.valueOf(v.trim())).orElse(null);
    }
}
