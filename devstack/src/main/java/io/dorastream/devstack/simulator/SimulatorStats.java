package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the {@code /api} requests a simulator answered ({@code /_sim} requests are not
 * counted). Endpoints are named by method and path template, e.g.
 * {@code POST /api/v2/dora/deployments} or {@code GET /api/v2/dora/deployments/{id}};
 * requests matching no endpoint count under {@code "unknown"}.
 */
public final class SimulatorStats {

    private final Map<String, Map<Integer, LongAdder>> byEndpoint = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder injectedRateLimited = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    /** Requests an injected timeout holds right now; guarded by {@code this}. */
    private int holding;

    SimulatorStats() {
    }

    void recordAnswer(String endpoint, int status) {
        total.increment();
        byEndpoint.computeIfAbsent(endpoint, e -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, s -> new LongAdder())
                .increment();
    }

    void recordRateLimited() {
        rateLimited.increment();
    }

    void recordInjectedRateLimited() {
        injectedRateLimited.increment();
    }

    void recordTimeout() {
        total.increment();
        timeouts.increment();
    }

    synchronized void holdStarted() {
        holding++;
        notifyAll();
    }

    synchronized void holdEnded() {
        holding--;
        notifyAll();
    }

    /** Requests an injected timeout holds right now (not yet dropped). */
    public synchronized int holding() {
        return holding;
    }

    /**
     * Waits until an injected timeout holds {@code count} requests at once (a test's proof that a
     * request is held, rather than a guess that it arrived by then).
     *
     * @return false when {@code timeout} passed first
     */
    public synchronized boolean awaitHolding(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (holding < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** All requests, answered or dropped by an injected timeout. */
    public long total() {
        return total.sum();
    }

    /** 429 answers because the real rate limit was reached. */
    public long rateLimited() {
        return rateLimited.sum();
    }

    /** 429 answers injected by the fault configuration. */
    public long injectedRateLimited() {
        return injectedRateLimited.sum();
    }

    /** Requests held and dropped by an injected timeout (they have no status). */
    public long timeouts() {
        return timeouts.sum();
    }

    /** Answers of one endpoint with one status. */
    public long count(String endpoint, int status) {
        Map<Integer, LongAdder> statuses = byEndpoint.get(endpoint);
        LongAdder counter = statuses == null ? null : statuses.get(status);
        return counter == null ? 0 : counter.sum();
    }

    /** Answers of one endpoint, any status. */
    public long count(String endpoint) {
        Map<Integer, LongAdder> statuses = byEndpoint.get(endpoint);
        return statuses == null ? 0 : statuses.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** A sorted snapshot: endpoint → status → answers. */
    public Map<String, Map<Integer, Long>> byEndpoint() {
        Map<String, Map<Integer, Long>> snapshot = new TreeMap<>();
        byEndpoint.forEach((endpoint, statuses) -> {
            Map<Integer, Long> counts = new TreeMap<>();
            statuses.forEach((status, counter) -> counts.put(status, counter.sum()));
            snapshot.put(endpoint, counts);
        });
        return snapshot;
    }

    /** Sets every counter to zero. */
    public void reset() {
        byEndpoint.clear();
        total.reset();
        rateLimited.reset();
        injectedRateLimited.reset();
        timeouts.reset();
    }

    /** The counters as JSON (served by {@code GET /_sim/stats}). */
    ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("total", total());
        ObjectNode limited = json.putObject("rateLimited");
        limited.put("real", rateLimited());
        limited.put("injected", injectedRateLimited());
        json.put("timeouts", timeouts());
        json.put("holding", holding());
        ObjectNode endpoints = json.putObject("byEndpoint");
        byEndpoint().forEach((endpoint, statuses) -> {
            ObjectNode counts = endpoints.putObject(endpoint);
            statuses.forEach((status, count) -> counts.put(Integer.toString(status), count));
        });
        return json;
    }
}
