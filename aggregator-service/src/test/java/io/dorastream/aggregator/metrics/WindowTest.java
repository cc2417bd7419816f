package io.dorastream.aggregator.metrics;

import static io.dorastream.aggregator.metrics.Fixtures.d;
import static io.dorastream.aggregator.metrics.Fixtures.t;
import static io.dorastream.aggregator.metrics.Fixtures.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** March 2026 starts on a Sunday: its ISO weeks start on Mondays 2, 9, 16, 23 and 30. */
class WindowTest {

    @Test
    void daysAreFractional() {
        assertEquals(30.0, window("2026-03-01", "2026-03-31").days());
        // 12 hours = 43200 s / 86400 = 0.5
        assertEquals(0.5, window("2026-03-01T00:00", "2026-03-01T12:00").days());
        // 7 days 6 hours = 7.25
        assertEquals(7.25, window("2026-03-02T06:00", "2026-03-09T12:00").days());
    }

    @Test
    void isHalfOpen() {
        Window w = window("2026-03-02", "2026-03-09");
        assertTrue(w.contains(t("2026-03-02T00:00")));
        assertTrue(w.contains(t("2026-03-08T23:59:59.999999999Z")));
        assertFalse(w.contains(t("2026-03-09T00:00")));
        assertFalse(w.contains(null));
        assertEquals(d("2026-03-02"), w.firstDate());
        assertEquals(d("2026-03-08"), w.lastDate()); // 'to' is excluded: its date is not touched
        assertThrows(IllegalArgumentException.class, () -> window("2026-03-02", "2026-03-02"));
        assertThrows(IllegalArgumentException.class, () -> window("2026-03-03", "2026-03-02"));
    }

    @Test
    void wholeWeeksOnly() {
        // [Sun 1 Mar, Tue 31 Mar): whole weeks Mon 2–8, 9–15, 16–22, 23–29; Sun 1 and Mon 30 belong to partial weeks
        List<Window.Bucket> weeks = window("2026-03-01", "2026-03-31").weeks();
        assertEquals(List.of(d("2026-03-02"), d("2026-03-09"), d("2026-03-16"), d("2026-03-23")),
                weeks.stream().map(Window.Bucket::start).toList());
        assertTrue(weeks.stream().allMatch(b -> b.whole() && b.countedDays() == 7));
    }

    @Test
    void noWholeWeekTakesEveryIntersectingWeekWithItsDaysInside() {
        // [Wed 4, Thu 12 Mar): no whole week; week of 2 Mar counts 4..8 (5 days), week of 9 Mar counts 9..11 (3 days)
        List<Window.Bucket> weeks = window("2026-03-04", "2026-03-12").weeks();
        assertEquals(2, weeks.size());
        assertEquals(new Window.Bucket(d("2026-03-02"), d("2026-03-09"), false, d("2026-03-04"), d("2026-03-08")), weeks.get(0));
        assertEquals(new Window.Bucket(d("2026-03-09"), d("2026-03-16"), false, d("2026-03-09"), d("2026-03-11")), weeks.get(1));
        assertEquals(5, weeks.get(0).countedDays());
        assertEquals(3, weeks.get(1).countedDays());
    }

    @Test
    void sevenDaysCutInHalfHoldNoWholeWeek() {
        // [Mon 2 Mar 12:00, Mon 9 Mar 12:00): 7 days long, but the week of 2 Mar starts before 'from'
        // and the week of 9 Mar ends after 'to' → both weeks, each with the dates the window touches
        Window w = window("2026-03-02T12:00", "2026-03-09T12:00");
        assertEquals(7.0, w.days());
        List<Window.Bucket> weeks = w.weeks();
        assertEquals(2, weeks.size());
        assertFalse(weeks.get(0).whole());
        assertEquals(7, weeks.get(0).countedDays()); // 2..8, the 2nd counted for its afternoon
        assertEquals(1, weeks.get(1).countedDays()); // the morning of the 9th
        assertTrue(weeks.get(1).holds(d("2026-03-09")));
        assertFalse(weeks.get(1).holds(d("2026-03-10")));
    }

    @Test
    void exactlyOneWeek() {
        List<Window.Bucket> weeks = window("2026-03-02", "2026-03-09").weeks();
        assertEquals(1, weeks.size());
        assertTrue(weeks.get(0).whole());
    }

    @Test
    void wholeMonthsOnly() {
        // [15 Jan, 15 Apr): whole months February and March; January and April are partial
        List<Window.Bucket> months = window("2026-01-15", "2026-04-15").months();
        assertEquals(List.of(d("2026-02-01"), d("2026-03-01")), months.stream().map(Window.Bucket::start).toList());
        assertEquals(28, months.get(0).countedDays());
        assertEquals(31, months.get(1).countedDays());
    }

    @Test
    void noWholeMonthTakesEveryIntersectingMonthWithItsDaysInside() {
        // [15 Jan, 10 Feb): January counts 15..31 (17 days), February 1..9 (9 days)
        List<Window.Bucket> months = window("2026-01-15", "2026-02-10").months();
        assertEquals(2, months.size());
        assertEquals(17, months.get(0).countedDays());
        assertEquals(9, months.get(1).countedDays());
        // [1 Mar, 31 Mar): March misses its last day → not whole; it alone counts, 1..30
        List<Window.Bucket> march = window("2026-03-01", "2026-03-31").months();
        assertEquals(1, march.size());
        assertFalse(march.get(0).whole());
        assertEquals(30, march.get(0).countedDays());
    }

    @Test
    void exactlyOneMonth() {
        List<Window.Bucket> months = window("2026-02-01", "2026-03-01").months();
        assertEquals(1, months.size());
        assertTrue(months.get(0).whole());
    }

    @Test
    void medianOfDeploymentDaysCountsEmptyBucketsAsZero() {
        // four whole weeks of March; deployment days: 3 in week 1, 0, 0, 1 in week 4 → sorted 0,0,1,3 → (0+1)/2 = 0.5
        Window w = window("2026-03-02", "2026-03-30");
        Set<java.time.LocalDate> days = Set.of(d("2026-03-02"), d("2026-03-03"), d("2026-03-08"), d("2026-03-29"));
        assertEquals(0.5, Window.medianDeploymentDays(w.weeks(), days));
    }
}
