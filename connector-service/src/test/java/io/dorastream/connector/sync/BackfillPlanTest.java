package io.dorastream.connector.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.dorastream.events.Stream;

/** Backfill windows planned from the stream's week and recent level, instead of a fixed step. */
class BackfillPlanTest {

    private static final Duration STEP = Duration.ofDays(7);
    private static final UUID CONNECTION = UUID.randomUUID();
    /** A Monday, midnight UTC. */
    private static final Instant T0 = Instant.parse("2025-01-06T00:00:00Z");
    private static final int PAGE = 900;

    private final BackfillPlan plan = new BackfillPlan(STEP, PAGE, 1000);

    @Test
    void firstWindowIsTheConfiguredStep() {
        assertEquals(STEP, plan.next(CONNECTION, Stream.DEPLOYMENTS, T0));
    }

    @Test
    void nextWindowHoldsAboutAPageAtAnEvenDensity() {
        Instant to = T0.plus(STEP);
        plan.read(CONNECTION, Stream.DEPLOYMENTS, T0, to, even(T0, to, 385)); // 55 a day, evenly
        long expected = (long) Math.floor(STEP.toSeconds() * (double) PAGE / 385);
        long planned = plan.next(CONNECTION, Stream.DEPLOYMENTS, to).toSeconds();
        assertTrue(Math.abs(planned - expected) < expected / 50, planned + " s where an even density gives " + expected);
        // the other stream of the connection knows nothing yet
        assertEquals(STEP, plan.next(CONNECTION, Stream.FAILURES, to));
    }

    /**
     * A window predicted to hold n events holds n ± √n by chance: for pages of 100 that alone would fill one window in
     * six planned for 90, so small pages are planned for 77 (77 + 2.5 √77 ≈ 100); pages of 1000 keep the 90 %.
     */
    @Test
    void aSmallPageLeavesRoomForChance() {
        BackfillPlan small = new BackfillPlan(STEP, 90, 100);
        Instant to = T0.plus(STEP);
        small.read(CONNECTION, Stream.DEPLOYMENTS, T0, to, even(T0, to, 385));
        long expected = (long) Math.floor(STEP.toSeconds() * 77.0 / 385);
        long planned = small.next(CONNECTION, Stream.DEPLOYMENTS, to).toSeconds();
        assertTrue(Math.abs(planned - expected) < expected / 50, planned + " s where 77 events at an even density give " + expected);
    }

    /**
     * The case the plan is for: deployments on working days only. A window sized by the last one's density holds
     * six to eight working days' worth whichever weekends it spans; sized by the week, each holds a page.
     */
    @Test
    void everyWindowHoldsAPageOfAWorkingWeek() {
        Instant end = T0.plus(Duration.ofDays(7 * 20));
        List<Instant> events = working(T0, end, 10); // 400 a week, 09:00–17:00 on weekdays
        Instant from = T0;
        int windows = 0;
        while (from.isBefore(end)) {
            Duration length = plan.next(CONNECTION, Stream.DEPLOYMENTS, from);
            Instant to = from.plus(length);
            if (to.isAfter(end)) {
                break;
            }
            List<Instant> held = between(events, from, to);
            if (windows > 0) {
                assertTrue(held.size() > PAGE - 20 && held.size() <= PAGE,
                        "window " + windows + " [" + from + ", " + to + ") holds " + held.size() + " events");
            }
            plan.read(CONNECTION, Stream.DEPLOYMENTS, from, to, held);
            from = to;
            windows++;
        }
        assertTrue(windows >= 8, "windows read: " + windows);
    }

    /** The week gives the shape; the last four weeks the level: a stream twice as busy as before is planned for it. */
    @Test
    void theRecentLevelScalesTheWeek() {
        Instant busy = T0.plus(Duration.ofDays(28));
        Instant end = busy.plus(Duration.ofDays(35));
        List<Instant> events = new ArrayList<>(working(T0, busy, 10));
        events.addAll(working(busy, end.plus(Duration.ofDays(60)), 20));
        // read the history in whole weeks, as earlier windows would have
        for (Instant from = T0; from.isBefore(end); from = from.plus(STEP)) {
            plan.read(CONNECTION, Stream.DEPLOYMENTS, from, from.plus(STEP), between(events, from, from.plus(STEP)));
        }
        Instant to = end.plus(plan.next(CONNECTION, Stream.DEPLOYMENTS, end));
        int held = between(events, end, to).size();
        assertTrue(held > PAGE - 40 && held <= PAGE + 20, "the window [" + end + ", " + to + ") holds " + held);
    }

    @Test
    void growthIsBounded() {
        Instant to = T0.plus(STEP);
        plan.read(CONNECTION, Stream.DEPLOYMENTS, T0, to, List.of());
        assertEquals(STEP.multipliedBy(BackfillPlan.MAX_GROWTH), plan.next(CONNECTION, Stream.DEPLOYMENTS, to));
        Instant later = to.plus(STEP);
        plan.read(CONNECTION, Stream.DEPLOYMENTS, to, later, even(to, later, 3));
        assertEquals(STEP.multipliedBy(BackfillPlan.MAX_GROWTH), plan.next(CONNECTION, Stream.DEPLOYMENTS, later));
    }

    @Test
    void neverShorterThanASecond() {
        Instant to = T0.plusSeconds(1);
        plan.read(CONNECTION, Stream.DEPLOYMENTS, T0, to, Collections.nCopies(5000, T0));
        assertEquals(Duration.ofSeconds(1), plan.next(CONNECTION, Stream.DEPLOYMENTS, to));
    }

    @Test
    void eventsOutsideTheWindowAreNotItsOwn() {
        Instant to = T0.plus(STEP);
        // the reader returns events up to a second outside the window: only those inside shape the plan
        List<Instant> times = new ArrayList<>(even(T0, to, 385));
        times.addAll(Collections.nCopies(5000, to));
        times.addAll(Collections.nCopies(5000, T0.minusSeconds(1)));
        plan.read(CONNECTION, Stream.DEPLOYMENTS, T0, to, times);
        assertTrue(plan.next(CONNECTION, Stream.DEPLOYMENTS, to).compareTo(Duration.ofDays(14)) > 0);
    }

    @Test
    void anotherStartThanWhereTheLastWindowEndedProbesAgain() {
        Instant to = T0.plus(STEP);
        plan.read(CONNECTION, Stream.DEPLOYMENTS, T0, to, even(T0, to, 100));
        // the window was not saved (the poll failed after reading) or another replica moved the position
        assertEquals(STEP, plan.next(CONNECTION, Stream.DEPLOYMENTS, T0));
        assertEquals(STEP, plan.next(CONNECTION, Stream.DEPLOYMENTS, to.plusSeconds(60)));
    }

    @Test
    void aLiveStreamIsForgotten() {
        Instant to = T0.plus(STEP);
        plan.read(CONNECTION, Stream.DEPLOYMENTS, T0, to, even(T0, to, 100));
        plan.forget(CONNECTION, Stream.DEPLOYMENTS);
        assertEquals(STEP, plan.next(CONNECTION, Stream.DEPLOYMENTS, to));
    }

    @Test
    void refusesANonPositiveStep() {
        assertThrows(IllegalArgumentException.class, () -> new BackfillPlan(Duration.ZERO, 900, 1000));
        assertThrows(IllegalArgumentException.class, () -> new BackfillPlan(STEP, 900, 100));
    }

    /** {@code n} events spread evenly over {@code [from, to)}. */
    private static List<Instant> even(Instant from, Instant to, int n) {
        long span = Duration.between(from, to).toSeconds();
        List<Instant> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(from.plusSeconds(span * i / n));
        }
        return out;
    }

    /** {@code perHour} events an hour, evenly, from 09:00 to 17:00 UTC on weekdays. */
    private static List<Instant> working(Instant from, Instant to, int perHour) {
        List<Instant> out = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plusSeconds(3600 / perHour)) {
            var at = t.atZone(ZoneOffset.UTC);
            boolean weekday = at.getDayOfWeek() != DayOfWeek.SATURDAY && at.getDayOfWeek() != DayOfWeek.SUNDAY;
            if (weekday && at.getHour() >= 9 && at.getHour() < 17) {
                out.add(t);
            }
        }
        return out;
    }

    private static List<Instant> between(List<Instant> events, Instant from, Instant to) {
        return events.stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).toList();
    }
}
