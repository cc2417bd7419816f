package io.dorastream.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.dorastream.gateway.auth.RateLimiter.Decision;
import io.dorastream.gateway.auth.RateLimiter.Limit;

class RateLimiterTest {

    /** Caffeine drops expired entries in steps of about 1.07 s (2^30 ns) of its timer wheel. */
    private static final long SWEEP_MILLIS = 1_100;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private RateLimiter limiter(boolean enabled, Limit defaults, Map<String, Limit> perToken) {
        return new RateLimiter(enabled, defaults, perToken, nanos::get);
    }

    private void advanceMillis(long ms) {
        nanos.addAndGet(ms * 1_000_000L);
    }

    @Test
    void aFullBucketLetsTheBurstThroughThenRefusesWithTheWait() {
        RateLimiter l = limiter(true, new Limit(2, 3), Map.of());
        for (int i = 0; i < 3; i++) {
            assertTrue(l.acquire("ci").allowed());
        }
        Decision refused = l.acquire("ci");
        assertFalse(refused.allowed());
        assertEquals(1, refused.retryAfterSeconds()); // half a second at 2/s, rounded up to whole seconds
    }

    @Test
    void theBucketRefillsAtTheRateUpToTheBurst() {
        RateLimiter l = limiter(true, new Limit(2, 3), Map.of());
        for (int i = 0; i < 3; i++) {
            l.acquire("ci");
        }
        advanceMillis(499);
        assertFalse(l.acquire("ci").allowed());
        advanceMillis(2);
        assertTrue(l.acquire("ci").allowed());
        advanceMillis(60_000); // a long pause refills to the burst, not beyond
        for (int i = 0; i < 3; i++) {
            assertTrue(l.acquire("ci").allowed());
        }
        assertFalse(l.acquire("ci").allowed());
    }

    @Test
    void eachTokenNameHasItsOwnBucket() {
        RateLimiter l = limiter(true, new Limit(1, 1), Map.of());
        assertTrue(l.acquire("ci").allowed());
        assertFalse(l.acquire("ci").allowed());
        assertTrue(l.acquire("grafana").allowed());
    }

    @Test
    void aTokenMayHaveItsOwnLimit() {
        RateLimiter l = limiter(true, new Limit(100, 100), Map.of("slow", new Limit(0.01, 1)));
        assertTrue(l.acquire("slow").allowed());
        Decision refused = l.acquire("slow");
        assertFalse(refused.allowed());
        assertEquals(100, refused.retryAfterSeconds());
        assertTrue(l.acquire("fast").allowed());
    }

    @Test
    void disabledLetsEverythingThrough() {
        RateLimiter l = limiter(false, new Limit(1, 1), Map.of());
        for (int i = 0; i < 100; i++) {
            assertTrue(l.acquire("ci").allowed());
        }
    }

    @Test
    void nonsenseLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Limit(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Limit(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Limit(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new Limit(1, 0));
    }

    @Test
    void anUnusedBucketIsForgottenOnceItWouldBeFullAgainWhichChangesNoAnswer() {
        RateLimiter l = limiter(true, new Limit(2, 4), Map.of()); // empty to full: 2 s
        for (int i = 0; i < 4; i++) {
            assertTrue(l.acquire("oidc:alice").allowed());
        }
        assertFalse(l.acquire("oidc:alice").allowed());
        advanceMillis(1_999);
        assertEquals(1, l.buckets(), "not yet full again: kept");
        advanceMillis(SWEEP_MILLIS);
        assertEquals(0, l.buckets(), "full again: forgotten");
        for (int i = 0; i < 4; i++) {
            assertTrue(l.acquire("oidc:alice").allowed(), "a whole burst, as the kept bucket would have allowed");
        }
        assertFalse(l.acquire("oidc:alice").allowed());
    }

    @Test
    void eachBucketExpiresAfterItsOwnTokensRefillTime() {
        RateLimiter l = limiter(true, new Limit(10, 10), Map.of("slow", new Limit(0.01, 3))); // 1 s and 300 s
        l.acquire("oidc:bob");
        l.acquire("slow");
        advanceMillis(1_000 + SWEEP_MILLIS);
        assertEquals(1, l.buckets(), "oidc:bob forgotten, slow kept");
        advanceMillis(300_000);
        assertEquals(0, l.buckets());
    }

    @Test
    void manyCallersLeaveNoBucketsBehindAndNeverMoreThanTheBound() {
        RateLimiter l = limiter(true, new Limit(20, 40), Map.of());
        for (int i = 0; i < RateLimiter.MAX_BUCKETS + 500; i++) {
            l.acquire("oidc:subject-" + i);
        }
        assertTrue(l.buckets() <= RateLimiter.MAX_BUCKETS, "bounded: " + l.buckets());
        advanceMillis(2_000 + SWEEP_MILLIS);
        assertEquals(0, l.buckets());
    }
}
