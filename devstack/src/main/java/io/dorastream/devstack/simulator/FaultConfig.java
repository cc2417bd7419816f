package io.dorastream.devstack.simulator;

/**
 * Faults injected into answers of {@code /api/...} requests (never {@code /_sim/...}).
 *
 * <p>For each request one number is drawn from a {@link java.util.Random} seeded with
 * {@link #seed()} (reset whenever a configuration is applied), so a given request sequence
 * meets the same faults on every run. The shares are probabilities in [0, 1] whose sum must
 * not exceed 1:
 * <ul>
 *   <li>{@code error5xx}: answer 500, 502, 503 or 504 with {@code {"errors":["..."]}};</li>
 *   <li>{@code rateLimited429}: answer 429 as if the rate limit were reached;</li>
 *   <li>{@code timeout}: hold the request {@code timeoutHoldMillis} without answering, then
 *       drop the connection;</li>
 *   <li>{@code malformedJson}: process the request, then send a body that is not JSON;</li>
 *   <li>{@code truncatedJson}: process the request, then send only the first half of the body.</li>
 * </ul>
 * {@code latencyMillis} is added to every answer (faulty or not).
 *
 * @param seed              seed of the decision sequence
 * @param error5xx          share of 5xx answers
 * @param rateLimited429    share of injected 429 answers
 * @param timeout           share of requests held, then dropped
 * @param malformedJson     share of answers with a body that is not JSON
 * @param truncatedJson     share of answers with a truncated body
 * @param latencyMillis     delay added before every answer
 * @param timeoutHoldMillis how long a timed-out request is held before the connection drops
 */
public record FaultConfig(long seed, double error5xx, double rateLimited429, double timeout,
                          double malformedJson, double truncatedJson, long latencyMillis,
                          long timeoutHoldMillis) {

    /** Hold time of an injected timeout unless configured otherwise. */
    public static final long DEFAULT_TIMEOUT_HOLD_MILLIS = 15_000;

    /** Validates shares and durations. */
    public FaultConfig {
        requireShare("error5xx", error5xx);
        requireShare("rateLimited429", rateLimited429);
        requireShare("timeout", timeout);
        requireShare("malformedJson", malformedJson);
        requireShare("truncatedJson", truncatedJson);
        if (error5xx + rateLimited429 + timeout + malformedJson + truncatedJson > 1.0 + 1e-9) {
            throw new IllegalArgumentException("fault shares add up to more than 1");
        }
        if (latencyMillis < 0 || timeoutHoldMillis < 0) {
            throw new IllegalArgumentException("latencyMillis and timeoutHoldMillis must not be negative");
        }
    }

    /** No faults, no latency. */
    public static FaultConfig none() {
        return new FaultConfig(0, 0, 0, 0, 0, 0, 0, DEFAULT_TIMEOUT_HOLD_MILLIS);
    }

    /** A copy with another seed. */
    public FaultConfig withSeed(long value) {
        return new FaultConfig(value, error5xx, rateLimited429, timeout, malformedJson, truncatedJson,
                latencyMillis, timeoutHoldMillis);
    }

    /** A copy with another share of 5xx answers. */
    public FaultConfig withError5xx(double share) {
        return new FaultConfig(seed, share, rateLimited429, timeout, malformedJson, truncatedJson,
                latencyMillis, timeoutHoldMillis);
    }

    /** A copy with another share of injected 429 answers. */
    public FaultConfig withRateLimited429(double share) {
        return new FaultConfig(seed, error5xx, share, timeout, malformedJson, truncatedJson,
                latencyMillis, timeoutHoldMillis);
    }

    /** A copy with another share of timeouts. */
    public FaultConfig withTimeout(double share) {
        return new FaultConfig(seed, error5xx, rateLimited429, share, malformedJson, truncatedJson,
                latencyMillis, timeoutHoldMillis);
    }

    /** A copy with another share of malformed bodies. */
    public FaultConfig withMalformedJson(double share) {
        return new FaultConfig(seed, error5xx, rateLimited429, timeout, share, truncatedJson,
                latencyMillis, timeoutHoldMillis);
    }

    /** A copy with another share of truncated bodies. */
    public FaultConfig withTruncatedJson(double share) {
        return new FaultConfig(seed, error5xx, rateLimited429, timeout, malformedJson, share,
                latencyMillis, timeoutHoldMillis);
    }

    /** A copy with another latency added to every answer. */
    public FaultConfig withLatencyMillis(long millis) {
        return new FaultConfig(seed, error5xx, rateLimited429, timeout, malformedJson, truncatedJson,
                millis, timeoutHoldMillis);
    }

    /** A copy with another hold time for injected timeouts. */
    public FaultConfig withTimeoutHoldMillis(long millis) {
        return new FaultConfig(seed, error5xx, rateLimited429, timeout, malformedJson, truncatedJson,
                latencyMillis, millis);
    }

    private static void requireShare(String name, double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(name + " must be within [0, 1], got " + share);
        }
    }
}
