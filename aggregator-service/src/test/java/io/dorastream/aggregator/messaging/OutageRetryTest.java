package io.dorastream.aggregator.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The consumer's retry: waits out transient failures however many, lets any other through at once, bounded waits.
 * A {@code @QuarkusTest} only because SmallRye Fault Tolerance's {@code Guard} needs the container (the module's
 * one shared boot).
 */
@QuarkusTest
class OutageRetryTest extends AggregatorTestBase {

    private static RuntimeException outage() {
        return new IllegalStateException("pool", new SQLException("connection refused", "08001"));
    }

    @Test
    void waitsOutAnOutageOfManyAttempts() {
        OutageRetry retry = new OutageRetry(Duration.ofMillis(2));
        AtomicInteger attempts = new AtomicInteger();
        // more attempts than the library's default (3) or its exponential backoff survives without overflowing (~55)
        String result = retry.call(() -> {
            if (attempts.incrementAndGet() <= 80) {
                throw outage();
            }
            return "applied";
        });
        assertEquals("applied", result);
        assertEquals(81, attempts.get());
    }

    @Test
    void anotherFailureIsThrownAtOnce() {
        OutageRetry retry = new OutageRetry(Duration.ofMillis(2));
        AtomicInteger attempts = new AtomicInteger();
        RuntimeException refused = new IllegalStateException("refused", new SQLException("value too long", "22001"));
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> retry.call(() -> {
            attempts.incrementAndGet();
            throw refused;
        }));
        assertSame(refused, thrown);
        assertEquals(1, attempts.get());
    }

    @Test
    void waitsGrowFromTheFirstDelayToTheCapWithJitterAndStayThere() {
        OutageRetry.Backoff backoff = new OutageRetry.Backoff(200, 30_000);
        backoff.init(0);
        long[] ceilings = { 200, 400, 800, 1_600, 3_200, 6_400, 12_800, 25_600, 30_000 };
        for (long c : ceilings) {
            long d = backoff.nextDelayInMillis(null);
            assertTrue(d >= c / 2 && d <= c, d + " outside [" + c / 2 + ", " + c + "]");
        }
        for (int i = 0; i < 1_000; i++) { // far past where a doubling delay would overflow a long
            long d = backoff.nextDelayInMillis(null);
            assertTrue(d >= 15_000 && d <= 30_000, "wait " + d + " at retry " + (i + 10));
        }
    }

    @Test
    void aNonPositiveCapIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new OutageRetry(Duration.ZERO));
    }
}
