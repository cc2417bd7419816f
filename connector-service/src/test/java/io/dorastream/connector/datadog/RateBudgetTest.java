package io.dorastream.connector.datadog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.dorastream.devstack.simulator.DatadogSimulator;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.events.Stream;

/**
 * Calls paced by the budget against the simulator's real rate limiter: no 429 although several
 * callers of every priority compete for a small limit, live calls always get through, and
 * reconciliation takes less than backfill.
 */
class RateBudgetTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void competingCallersNeverMeetA429() throws Exception {
        try (DatadogSimulator sim = DatadogSimulator.start(SimulatorConfig.builder().rateLimit(30, 2).build())) {
            RateBudget budget = new RateBudget(Clock.systemUTC());
            String key = RateBudget.key(sim.baseUri().toString(), SimulatorConfig.DEFAULT_API_KEY);
            Map<Priority, AtomicInteger> calls = new EnumMap<>(Priority.class);
            for (Priority p : Priority.values()) {
                calls.put(p, new AtomicInteger());
            }
            AtomicBoolean stop = new AtomicBoolean();
            List<Priority> callers = List.of(Priority.BACKFILL, Priority.BACKFILL, Priority.RECONCILE, Priority.RECONCILE,
                    Priority.LIVE);
            ExecutorService threads = Executors.newFixedThreadPool(callers.size());
            List<Future<?>> running = new ArrayList<>();
            for (Priority p : callers) {
                running.add(threads.submit(() -> {
                    while (!stop.get()) {
                        budget.acquire(key, p);
                        HttpResponse<String> r = list(sim.baseUri());
                        budget.observe(key, new RateLimit(header(r, "X-RateLimit-Limit"), header(r, "X-RateLimit-Period"),
                                header(r, "X-RateLimit-Remaining"), header(r, "X-RateLimit-Reset"), null), r.statusCode());
                        calls.get(p).incrementAndGet();
                        if (p == Priority.LIVE) {
                            Thread.sleep(300); // a live poll now and then
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(Duration.ofSeconds(7).toMillis());
            stop.set(true);
            for (Future<?> f : running) {
                f.get();
            }
            threads.shutdown();

            assertEquals(0, sim.stats().rateLimited(), "no call was refused for the rate limit: " + calls);
            assertTrue(calls.get(Priority.LIVE).get() >= 5, "live calls got through: " + calls);
            assertTrue(calls.get(Priority.RECONCILE).get() < calls.get(Priority.BACKFILL).get(),
                    "reconciliation leaves budget to backfill: " + calls);
            assertTrue(sim.stats().total() > 30, "the budget was used, not just waited on: " + sim.stats().total());
        }
    }

    @Test
    void a429EmptiesTheBudgetUntilTheReset() throws Exception {
        Instant[] now = { Instant.parse("2026-01-01T00:00:00Z") };
        Clock clock = clock(now);
        RateBudget budget = new RateBudget(clock);
        budget.acquire("k", Priority.LIVE);
        budget.observe("k", new RateLimit(100, 60, 0, 30, "dora"), 429);
        assertEquals(0, budget.remaining("k"));
        Thread waiter = acquiring(budget, Priority.LIVE, null);
        waiter.join(300);
        assertTrue(waiter.isAlive(), "nothing goes before the reset");
        now[0] = now[0].plusSeconds(31);
        waiter.join(5000);
        assertTrue(!waiter.isAlive(), "the first call after the reset goes");
    }

    @Test
    void anInteractiveCallGoesAheadOfEveryQueueAndIsNotPaced() throws Exception {
        Instant[] now = { Instant.parse("2026-01-01T00:00:00Z") };
        RateBudget budget = new RateBudget(clock(now));
        budget.acquire("k", Priority.LIVE);
        // 3 calls left for 50 s: a live call would be spaced ~12 s after the last one
        budget.observe("k", new RateLimit(100, 60, 3, 50, "dora"), 200);
        Thread live = acquiring(budget, Priority.LIVE, null);
        live.join(300);
        assertTrue(live.isAlive(), "the next live call is paced");
        budget.acquire("k", Priority.INTERACTIVE, Duration.ofSeconds(10)); // at once, although live waits
        assertTrue(live.isAlive(), "the live call is still waiting");
        now[0] = now[0].plusSeconds(51);
        live.join(5000);
        assertTrue(!live.isAlive());
    }

    @Test
    void anInteractiveCallGivesUpOnABudgetUsedUpLongerThanItMayWait() throws Exception {
        Instant[] now = { Instant.parse("2026-01-01T00:00:00Z") };
        RateBudget budget = new RateBudget(clock(now));
        budget.acquire("k", Priority.LIVE);
        budget.observe("k", new RateLimit(100, 60, 0, 42, "dora"), 429);
        long start = System.nanoTime();
        RateBudget.Exhausted e = assertThrows(RateBudget.Exhausted.class,
                () -> budget.acquire("k", Priority.INTERACTIVE, Duration.ofSeconds(10)));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "refused at once, not after waiting");
        assertEquals(Duration.ofSeconds(42), e.retryAfter());
        assertTrue(e.getMessage().contains("42 more seconds"), e.getMessage());

        // a reset within the wait: the call goes when it comes
        budget.observe("k", new RateLimit(100, 60, 0, 5, "dora"), 429);
        Thread waiter = acquiring(budget, Priority.INTERACTIVE, Duration.ofSeconds(10));
        waiter.join(300);
        assertTrue(waiter.isAlive(), "it waits for a reset close enough");
        now[0] = now[0].plusSeconds(6);
        waiter.join(5000);
        assertTrue(!waiter.isAlive(), "and goes after it");
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
        t.start();
        return t;
    }

    private static Clock clock(Instant[] now) {
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
                return now[0];
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
