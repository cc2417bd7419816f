package io.dorastream.connector.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.dorastream.connector.config.ConnectorConfig;
import io.dorastream.connector.sync.ConnectionBreakers.Outcome;

/**
 * Each connection has its own breaker: one connection's failing Datadog does not stop another's
 * polls. A plain unit test: outside a container SmallRye's guards come from its standalone
 * implementation (a test dependency).
 */
class ConnectionBreakersTest {

    // long enough that a test thread stalled by a loaded machine does not see the breaker half-open too early
    private static final Duration DELAY = Duration.ofSeconds(2);

    private final ConnectionBreakers breakers = new ConnectionBreakers(new ConnectorConfig.Datadog.Breaker() {
        @Override
        public int window() {
            return 4;
        }

        @Override
        public double failureRatio() {
            return 0.75;
        }

        @Override
        public Duration delay() {
            return DELAY;
        }
    });

    @Test
    void aFailingConnectionIsPausedAloneThenTriedAgain() throws Exception {
        UUID failing = UUID.randomUUID();
        UUID healthy = UUID.randomUUID();
        AtomicInteger failingRuns = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            assertEquals(Outcome.FAILED, breakers.run(failing, () -> {
                failingRuns.incrementAndGet();
                return false;
            }));
            assertEquals(Outcome.SUCCEEDED, breakers.run(healthy, () -> true));
        }
        assertEquals(Outcome.PREVENTED, breakers.run(failing, () -> {
            failingRuns.incrementAndGet();
            return true;
        }));
        assertEquals(4, failingRuns.get(), "an open breaker does not run the poll");
        assertEquals(Outcome.SUCCEEDED, breakers.run(healthy, () -> true), "the other connection goes on");

        Thread.sleep(DELAY.toMillis() + 100);
        assertEquals(Outcome.SUCCEEDED, breakers.run(failing, () -> true), "after the delay a poll is tried, and closes it");
        assertEquals(Outcome.SUCCEEDED, breakers.run(failing, () -> true));
    }

    @Test
    void occasionalFailuresDoNotOpenIt() {
        UUID id = UUID.randomUUID();
        for (int i = 0; i < 20; i++) {
            boolean ok = i % 2 == 0;
            assertEquals(ok ? Outcome.SUCCEEDED : Outcome.FAILED, breakers.run(id, () -> ok));
        }
    }
}
