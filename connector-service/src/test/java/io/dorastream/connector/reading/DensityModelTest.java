package io.dorastream.connector.reading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * The window sizing of a sweep without Datadog or the simulator: a position, what is known per
 * second, and the window the model plans, each expectation worked out by hand.
 */
class DensityModelTest {

    private static final long DAY = 24 * 3600;

    @Test
    void aPlannedWindowAimsALittleUnderAPage() {
        assertEquals(979, DensityModel.threshold(1000), "1000 - 1 - 1000/50");
        assertEquals(48, DensityModel.threshold(50), "50 - 1 - 50/50");
        assertEquals(0, DensityModel.threshold(1));
    }

    @Test
    void withNothingKnownTheWholeRestIsOneWindow() {
        DensityModel model = new DensityModel(1000);
        SweepPosition p = SweepPosition.begin(0, 100_000, false);
        assertEquals(100_000, model.plan(p, new TreeMap<>()));
    }

    @Test
    void aWindowHoldsWhatTheLastDensityPredictsWithAMargin() {
        DensityModel model = new DensityModel(1000);
        model.observe(100, 101.0); // 100 events in 101 s
        SweepPosition p = SweepPosition.begin(0, 100_000, false);
        // a window of len s is requested over len + 2 s ([cur - 1, cur + len]); the margin is
        // 1.02 + 1/sqrt(979) = 1.05196: 1.05196 * 100/101 * (len + 2) <= 979 up to len = 937 (978.01), not 938 (979.05)
        assertEquals(937, model.plan(p, new TreeMap<>()));
    }

    @Test
    void eventsAlreadySeenAreCountedExactly() {
        DensityModel model = new DensityModel(1000);
        TreeMap<Long, Integer> known = new TreeMap<>();
        known.put(10L, 500);
        known.put(20L, 500);
        // no density yet: only what is known counts; second 20 would bring 1000 > 979
        assertEquals(19, model.plan(SweepPosition.begin(0, 100_000, false), known));
        // descending from 100: the window [100 - len, 100) is requested from 99 - len, so second 20 joins at
        // len = 79 (500 events, fine) and second 10 at len = 89 (1000)
        assertEquals(100, model.plan(SweepPosition.begin(0, 100, true), new TreeMap<>()));
        assertEquals(88, model.plan(SweepPosition.begin(0, 100, true), known));
    }

    @Test
    void aDenseWindowReplacesThePastASparseOneIsAveragedIn() {
        DensityModel model = new DensityModel(1000);
        model.observe(10, 100.0);
        assertEquals(0.1, model.density(), 1e-12);
        model.observe(3, 100.0); // under 8 events and within a factor 4: averaged, the past weighing half
        assertEquals((10 / 2.0 + 3) / (100 / 2.0 + 100), model.density(), 1e-12);
        model.observe(0, 100.0); // far sparser: replaces, an empty window counting half an event
        assertEquals(0.005, model.density(), 1e-12);
    }

    @Test
    void theWeeklyGuessIsDistrustedDuringABurstAndTrustedAgainAfter() {
        DensityModel model = new DensityModel(100);
        // two weeks read ascending, 10 events in each day's first minute
        TreeMap<Long, Integer> known = new TreeMap<>();
        for (long day = 0; day < 14; day++) {
            known.put(day * DAY + 30, 10);
        }
        long cur = 14 * DAY;
        SweepPosition p = new SweepPosition(0, 21 * DAY, false, cur, cur, true, 0, 0, 0, Long.MAX_VALUE);
        // the next day's first minute: 10 events a week and two weeks before
        assertEquals(10.0, model.judgeWeeklyGuess(p, cur, cur + 60, 10, known), 1e-12);
        assertTrue(model.weeklyTrusted());
        // 40 events where it said 10: more than 1.5 * 10 + 0.1 * 100
        model.judgeWeeklyGuess(p, cur, cur + 60, 40, known);
        assertFalse(model.weeklyTrusted());
        model.judgeWeeklyGuess(p, cur, cur + 60, 25, known); // 25 <= 25: agrees again
        assertTrue(model.weeklyTrusted());
    }
}
