package io.dorastream.devstack.simulator;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Fixed-window rate limit per API key (an organisation) and named bucket: windows of
 * {@code period} seconds aligned on the epoch of the {@link SimClock}. Datadog counts each named
 * bucket ({@code X-RateLimit-Name}) separately; by default every endpoint shares one bucket, with
 * {@link SimulatorConfig#separateBuckets()} the two DORA list endpoints (and their single-event
 * reads) each have their own.
 */
final class RateLimiter {

    /** The bucket every endpoint shares unless buckets are separate, and that of the others then. */
    static final String NAME = "dora_metrics";
    /** The deployments' bucket when buckets are separate. */
    static final String DEPLOYMENTS = "dora_deployments_list";
    /** The failures' bucket when buckets are separate. */
    static final String FAILURES = "dora_failures_list";
    private static final int MAX_TRACKED_KEYS = 1024;

    /**
     * The state a response's rate-limit headers report.
     *
     * @param allowed      whether the request may proceed
     * @param limit        requests per period
     * @param period       period in seconds
     * @param remaining    requests left in the current window
     * @param resetSeconds seconds until the current window ends
     * @param name         the bucket, sent in {@code X-RateLimit-Name}
     */
    record Quota(boolean allowed, int limit, int period, int remaining, long resetSeconds, String name) {

        /** The same quota reported as exhausted (for an injected 429). */
        Quota exhausted() {
            return new Quota(false, limit, period, 0, resetSeconds, name);
        }
    }

    private record Window(long index, int used) {
    }

    private final int limit;
    private final int period;
    private volatile boolean separateBuckets;
    private final SimClock clock;
    private final Map<String, Window> windows = new HashMap<>();

    RateLimiter(int limit, int periodSeconds, boolean separateBuckets, SimClock clock) {
        this.limit = limit;
        this.period = periodSeconds;
        this.separateBuckets = separateBuckets;
        this.clock = clock;
    }

    /** Counts the two DORA list endpoints in buckets of their own (true) or in the shared one from now on. */
    void separateBuckets(boolean value) {
        separateBuckets = value;
    }

    boolean separateBuckets() {
        return separateBuckets;
    }

    /** The bucket a request to {@code endpoint} (null: no endpoint matched) counts against. */
    String bucket(Endpoint endpoint) {
        if (!separateBuckets || endpoint == null) {
            return NAME;
        }
        return switch (endpoint) {
            case LIST_DEPLOYMENTS, GET_DEPLOYMENT -> DEPLOYMENTS;
            case LIST_FAILURES, GET_FAILURE -> FAILURES;
            default -> NAME;
        };
    }

    /** Counts one request of {@code apiKey} in {@code bucket} if the window allows it. */
    synchronized Quota acquire(String apiKey, String bucket) {
        return take(apiKey, bucket, true);
    }

    /** The current quota of {@code apiKey} in {@code bucket} without counting a request. */
    synchronized Quota peek(String apiKey, String bucket) {
        return take(apiKey, bucket, false);
    }

    private Quota take(String apiKey, String bucket, boolean count) {
        Instant now = clock.now();
        long index = Math.floorDiv(now.getEpochSecond(), period);
        String key = (apiKey == null ? "" : apiKey) + '\n' + bucket;
        Window window = windows.get(key);
        int used = window != null && window.index() == index ? window.used() : 0;
        boolean allowed = used < limit;
        if (count && allowed) {
            used++;
            if (windows.size() >= MAX_TRACKED_KEYS && !windows.containsKey(key)) {
                windows.values().removeIf(w -> w.index() < index);
            }
            windows.put(key, new Window(index, used));
        }
        long reset = (index + 1) * period - now.getEpochSecond();
        return new Quota(allowed, limit, period, limit - used, reset, bucket);
    }
}
