package io.dorastream.aggregator.messaging;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.dorastream.aggregator.ingest.Failures;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.smallrye.faulttolerance.api.Guard;

/**
 * Waits out a database outage: runs an action again, for as long as it takes, while it fails with what
 * {@link Failures#isTransient} calls transient; any other failure is thrown at once. The waits grow
 * exponentially from {@link #FIRST_DELAY} up to {@code maxBackoff} ({@code dorastream.ingest.max-retry-backoff}),
 * each drawn at random from its upper half ("equal jitter") so that the consumers of several streams and
 * replicas do not hit a recovering database in step.
 * <p>
 * The retry loop is SmallRye Fault Tolerance's ({@link Guard}); the backoff is a small custom strategy
 * because the library's exponential one keeps doubling past its cap, and its delay overflows after about
 * 55 retries, which an outage of half an hour reaches.
 */
final class OutageRetry {

    private static final Logger LOG = Logger.getLogger(OutageRetry.class);

    /** The first wait (or {@code maxBackoff} when shorter). */
    static final Duration FIRST_DELAY = Duration.ofMillis(200);

    private final Guard guard;

    OutageRetry(Duration maxBackoff) {
        long max = maxBackoff.toMillis();
        if (max <= 0) {
            throw new IllegalArgumentException("dorastream.ingest.max-retry-backoff must be positive, got " + maxBackoff);
        }
        this.guard = Guard.create()
                .withDescription("aggregator-database-outage")
                .withRetry()
                .maxRetries(-1) // never give up: the broker keeps the records, the channel must not die
                .maxDuration(0, java.time.temporal.ChronoUnit.MILLIS) // no limit either
                .whenException(Failures::isTransient)
                .beforeRetry(e -> LOG.warnf("database unavailable (%s); retrying", e.getMessage()))
                .withCustomBackoff().strategy(() -> new Backoff(Math.min(FIRST_DELAY.toMillis(), max), max)).done()
                .done()
                .build();
    }

    /** The action's result, once it ran without a transient failure. */
    <T> T call(Supplier<T> action) {
        @SuppressWarnings("unchecked")
        Supplier<Object> untyped = (Supplier<Object>) action;
        @SuppressWarnings("unchecked")
        T result = (T) guard.get(untyped, Object.class);
        return result;
    }

    /** Capped exponential backoff with equal jitter: the n-th wait lies in {@code [c/2, c]}, {@code c = min(max, first·2^n)}. */
    static final class Backoff implements CustomBackoffStrategy {
        private final long first;
        private final long max;
        private long ceiling;

        Backoff(long first, long max) {
            this.first = first;
            this.max = max;
        }

        @Override
        public void init(long initialDelayInMillis) {
            ceiling = 0;
        }

        @Override
        public long nextDelayInMillis(Throwable exception) {
            ceiling = ceiling == 0 ? first : Math.min(max, ceiling * 2); // stops growing at the cap: never overflows
            long half = ceiling / 2;
            return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
        }
    }
}
