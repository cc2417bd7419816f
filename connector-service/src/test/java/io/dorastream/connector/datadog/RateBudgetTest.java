package io.dorastream.connector.datadog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.dorastream.devstack.simulator.DatadogSimulator;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.events.Stream;

/**
 * Calls paced by the budget against the simulator's real rate limiter: no 429 although callers of
 * every priority compete for a small limit, live calls always get through, and reconciliation
 * takes less than backfill. Time is the simulator's clock, moved by the tests: the budget reads
 * the same clock, so nothing depends on how fast the machine is, and a call's waiting is observed
 * ({@link RateBudget#parked}) rather than guessed from elapsed time.
 */
class RateBudgetTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration STEP = Duration.ofMillis(10);
    private static final Duration LIVE_EVERY = Duration.ofMillis(300);

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
                    try {
                        budget.acquire(key, p, Duration.ZERO);
                    } catch (RateBudget.Exhausted e) {
                        continue; // not now: paced, or the budget is used up
                    }
                    HttpResponse<String> r = list(sim.baseUri());
                    budget.observe(key, new RateLimit(header(r, "X-RateLimit-Limit"), header(r, "X-RateLimit-Period"),
                            header(r, "X-RateLimit-Remaining"), header(r, "X-RateLimit-Reset"), null), r.statusCode());
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

    @Test
    void a429EmptiesTheBudgetUntilTheReset() throws Exception {
        Instant[] now = { Instant.parse("2026-01-01T00:00:00Z") };
        RateBudget budget = new RateBudget(clock(() -> now[0]));
        budget.acquire("k", Priority.LIVE);
        budget.observe("k", new RateLimit(100, 60, 0, 30, "dora"), 429);
        assertEquals(0, budget.remaining("k"));
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
        budget.acquire("k", Priority.LIVE);
        // 3 calls left for 50 s: a live call would be spaced ~12 s after the last one
        budget.observe("k", new RateLimit(100, 60, 3, 50, "dora"), 200);
        Thread live = acquiring(budget, Priority.LIVE, null);
        awaitParkedAfter(budget, 0);
        assertTrue(live.isAlive(), "the next live call is paced");
        budget.acquire("k", Priority.INTERACTIVE, Duration.ofSeconds(10)); // at once, although live waits
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
        budget.acquire("k", Priority.LIVE);
        budget.observe("k", new RateLimit(100, 60, 0, 42, "dora"), 429);
        RateBudget.Exhausted e = assertThrows(RateBudget.Exhausted.class,
                () -> budget.acquire("k", Priority.INTERACTIVE, Duration.ofSeconds(10)));
        assertEquals(0, budget.parks("k"), "refused at once, not after waiting");
        assertEquals(Duration.ofSeconds(42), e.retryAfter());
        assertTrue(e.getMessage().contains("42 more seconds"), e.getMessage());

        // a reset within the wait: the call goes when it comes
        budget.observe("k", new RateLimit(100, 60, 0, 5, "dora"), 429);
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
        long parks = budget.parks("k");
        now[0] = now[0].plus(by);
        budget.clockMoved();
        awaitParkedAfter(budget, parks);
    }

    /** Waits (at most 5 s) until one call is parked, having parked more than {@code parks} times in all. */
    private static void awaitParkedAfter(RateBudget budget, long parks) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (budget.parked("k") != 1 || budget.parks("k") <= parks) {
            if (System.nanoTime() > deadline) {
                fail("no call parked: " + budget.parked("k") + " parked, " + budget.parks("k") + " parks");
            }
            Thread.sleep(1);
        }
    }

    /** A started thread waiting for the budget (null: as long as it takes). */
    private static Thread acquiring(RateBudget budget, Priority priority, Duration maxWait) {
        Thread t = new Thread(() -> {
            try {
                budget.acquire("k", priority, maxWait);
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

    private static HttpResponse<String> list(URI base) throws Exception {
        String body = DatadogClient.listRequestBody(Stream.DEPLOYMENTS, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-02T00:00:00Z"), 1, null);
        return HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v2/dora/deployments"))
                .header("Content-Type", "application/json")
                .header("DD-API-KEY", SimulatorConfig.DEFAULT_API_KEY)
                .header("DD-APPLICATION-KEY", SimulatorConfig.DEFAULT_APP_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Integer header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).map(v -> Integer.valueOf(v.trim())).orElse(null);
    }
}
