package io.dorastream.connector.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.dorastream.events.Stream;

/** Backfill windows planned from the density read so far, instead of a fixed step. */
class BackfillPlanTest {

    private static final Duration STEP = Duration.ofDays(7);
    private static final UUID CONNECTION = UUID.randomUUID();
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private final BackfillPlan plan = new BackfillPlan(STEP, 900);

    @Test
    void firstWindowIsTheConfiguredStep() {
        assertEquals(STEP, plan.next(CONNECTION, Stream.DEPLOYMENTS, T0));
    }

    @Test
    void nextWindowHoldsAboutAPageAtTheDensityRead() {
        Instant to = T0.plus(STEP);
        plan.read(CONNECTION, Stream.DEPLOYMENTS, T0, to, 385); // 55 a day
        long expected = (long) Math.floor(STEP.toSeconds() * 900.0 / 385);
        assertEquals(Duration.ofSeconds(expected), plan.next(CONNECTION, Stream.DEPLOYMENTS, to));
        // the other stream of the connection knows nothing yet
        assertEquals(STEP, plan.next(CONNECTION, Stream.FAILURES, to));
    }

    @Test
    void aDenseWindowMakesTheNextShorter() {
        Instant to = T0.plus(STEP);
        plan.read(CONNECTION, Stream.DEPLOYMENTS, T0, to, 1800);
        assertEquals(Duration.ofSeconds(STEP.toSeconds() / 2), plan.next(CONNECTION, Stream.DEPLOYMENTS, to));
    }

    @Test
    void growthIsBounded() {
        Instant to = T0.plus(STEP);
        plan.read(CONNECTION, Stream.DEPLOYMENTS, T0, to, 0);
        assertEquals(STEP.multipliedBy(BackfillPlan.MAX_GROWTH), plan.next(CONNECTION, Stream.DEPLOYMENTS, to));
        plan.read(CONNECTION, Stream.DEPLOYMENTS, T0, to, 3);
        assertEquals(STEP.multipliedBy(BackfillPlan.MAX_GROWTH), plan.next(CONNECTION, Stream.DEPLOYMENTS, to));
    }

    @Test
    void neverShorterThanASecond() {
        Instant to = T0.plusSeconds(1);
        plan.read(CONNECTION, Stream.DEPLOYMENTS, T0, to, 5000);
        assertEquals(Duration.ofSeconds(1), plan.next(CONNECTION, Stream.DEPLOYMENTS, to));
    }

    @Test
    void anotherStartThanWhereTheLastWindowEndedProbesAgain() {
        Instant to = T0.plus(STEP);
        plan.read(CONNECTION, Stream.DEPLOYMENTS, T0, to, 100);
        // the window was not saved (the poll failed after reading) or another replica moved the position
        assertEquals(STEP, plan.next(CONNECTION, Stream.DEPLOYMENTS, T0));
        assertEquals(STEP, plan.next(CONNECTION, Stream.DEPLOYMENTS, to.plusSeconds(60)));
    }

    @Test
    void aLiveStreamIsForgotten() {
        Instant to = T0.plus(STEP);
        plan.read(CONNECTION, Stream.DEPLOYMENTS, T0, to, 100);
        plan.forget(CONNECTION, Stream.DEPLOYMENTS);
        assertEquals(STEP, plan.next(CONNECTION, Stream.DEPLOYMENTS, to));
    }

    @Test
    void refusesANonPositiveStep() {
        assertThrows(IllegalArgumentException.class, () -> new BackfillPlan(Duration.ZERO, 900));
    }
}
