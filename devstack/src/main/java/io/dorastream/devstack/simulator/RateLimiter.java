package io.dorastream.devstack.simulator;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Fixed-window rate limit per API key (an organisation): windows of {@code period} seconds
 * aligned on the epoch of the {@link SimClock}.
 */
final class RateLimiter {

    /** Name sent in {@code X-RateLimit-Name}. */
    static final String NAME = "dora_metrics";
    private static final int MAX_TRACKED_KEYS = 1024;

    /**
     * The state a response's rate-limit headers report.
     *
     * @param allowed      whether the request may proceed
     * @param limit        requests per period
     * @param period       period in seconds
     * @param remaining    requests left in the current window
     * @param resetSeconds seconds until the current window ends
     */
    record Quota(boolean allowed, int limit, int period, int remaining, long resetSeconds) {

        /** The same quota reported as exhausted (for an injected 429). */
        Quota exhausted() {
            return new Quota(false, limit, period, 0, resetSeconds);
        }
    }

    private record Window(long index, int used) {
    }

    private final int limit;
    private final int period;
    private final SimClock clock;
    private final Map<String, Window> windows = new HashMap<>();

    RateLimiter(int limit, int periodSeconds, SimClock clock) {
        this.limit = limit;
        this.period = periodSeconds;
        this.clock = clock;
    }

    /** Counts one request of {@code apiKey} if the window allows it. */
    synchronized Quota acquire(String apiKey) {
        return take(apiKey, true);
    }

    /** The current quota of {@code apiKey} without counting a request. */
    synchronized Quota peek(String apiKey) {
        return take(apiKey, false);
    }

    private Quota take(String apiKey, boolean count) {
        Instant now = clock.now();
        long index = Math.floorDiv(now.getEpochSecond(), period);
        String key = apiKey == null ? "" : apiKey;
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
        return new Quota(allowed, limit, period, limit - used, reset);
    }
}
