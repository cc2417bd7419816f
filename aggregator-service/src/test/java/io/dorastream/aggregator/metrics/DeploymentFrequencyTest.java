package io.dorastream.aggregator.metrics;

import static io.dorastream.aggregator.metrics.Fixtures.d;
import static io.dorastream.aggregator.metrics.Fixtures.dora2021;
import static io.dorastream.aggregator.metrics.Fixtures.dora2023;
import static io.dorastream.aggregator.metrics.Fixtures.window;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import io.dorastream.api.metrics.DeploymentFrequency;
import io.dorastream.api.metrics.Level;

class DeploymentFrequencyTest {

    @Test
    void fromDailyCounts() {
        // [Mon 2 Mar, Mon 30 Mar): D = 28, four whole weeks; March is not whole → March alone, counted on 2..29
        Map<LocalDate, Long> perDay = new TreeMap<>(Map.of(
                d("2026-03-02"), 2L, d("2026-03-03"), 1L, d("2026-03-04"), 1L,           // week 1: 3 days
                d("2026-03-09"), 1L, d("2026-03-10"), 3L, d("2026-03-11"), 1L, d("2026-03-12"), 1L,
                d("2026-03-13"), 1L,                                                      // week 2: 5 days
                d("2026-03-27"), 1L));                                                    // week 3: 0, week 4: 1
        DeploymentFrequency f = Figures.deploymentFrequency(window("2026-03-02", "2026-03-30"), perDay, dora2023());
        // count 2+1+1 + 1+3+1+1+1 + 1 = 12; perDay 12/28
        assertEquals(12, f.count());
        assertEquals(12.0 / 28, f.perDay(), 1e-15);
        assertEquals(9, f.deploymentDays());
        // weeks 3, 5, 0, 1 → sorted 0,1,3,5 → (1+3)/2 = 2
        assertEquals(2.0, f.medianDeploymentDaysPerWeek());
        // one (partial) month holding all 9 days
        assertEquals(9.0, f.medianDeploymentDaysPerMonth());
        assertEquals(Level.HIGH, f.level()); // 2 ≥ 1 per week, < 5
    }

    @Test
    void weeksWithoutDeploymentsCountZero() {
        // every day of week 1 only: weeks 7, 0, 0, 0 → median (0+0)/2 = 0; March (partial) holds 7 days → medium
        Map<LocalDate, Long> perDay = new TreeMap<>();
        for (int i = 2; i <= 8; i++) {
            perDay.put(LocalDate.of(2026, 3, i), 1L);
        }
        DeploymentFrequency f = Figures.deploymentFrequency(window("2026-03-02", "2026-03-30"), perDay, dora2023());
        assertEquals(0.0, f.medianDeploymentDaysPerWeek());
        assertEquals(7.0, f.medianDeploymentDaysPerMonth());
        assertEquals(Level.MEDIUM, f.level());
    }

    @Test
    void monthsWithoutDeploymentsCountZero() {
        // [1 Jan, 1 Apr): whole months Jan, Feb, Mar; deployment days: 2 in January only → 2, 0, 0 → median 0
        Map<LocalDate, Long> perDay = Map.of(d("2026-01-05"), 1L, d("2026-01-06"), 4L);
        DeploymentFrequency f = Figures.deploymentFrequency(window("2026-01-01", "2026-04-01"), perDay, dora2023());
        assertEquals(5, f.count());
        assertEquals(2, f.deploymentDays());
        assertEquals(0.0, f.medianDeploymentDaysPerWeek());
        assertEquals(0.0, f.medianDeploymentDaysPerMonth());
        assertEquals(Level.LOW, f.level());
        // dora-2021's medium: deploymentDays × 182.5 / D = 2 × 182.5 / 90 = 4.06 ≥ 1 → medium
        assertEquals(Level.MEDIUM, Figures.deploymentFrequency(window("2026-01-01", "2026-04-01"), perDay, dora2021()).level());
    }

    @Test
    void noDeploymentsIsLowNeverNull() {
        DeploymentFrequency f = Figures.deploymentFrequency(window("2026-03-02", "2026-03-30"), Map.of(), dora2023());
        assertEquals(new DeploymentFrequency(0, 0.0, 0, 0.0, 0.0, Level.LOW), f);
        assertEquals(Level.LOW, Figures.deploymentFrequency(window("2026-03-02", "2026-03-30"), Map.of(), dora2021()).level());
    }

    @Test
    void windowWithoutWholeWeekUsesPartialWeeks() {
        // [Wed 4, Thu 12 Mar): weeks of 2 Mar (4..8) and 9 Mar (9..11); deployment days 4,5,6 and 9,10,11 → 3, 3 → 3
        Map<LocalDate, Long> perDay = Map.of(d("2026-03-04"), 1L, d("2026-03-05"), 1L, d("2026-03-06"), 1L,
                d("2026-03-09"), 1L, d("2026-03-10"), 1L, d("2026-03-11"), 1L);
        DeploymentFrequency f = Figures.deploymentFrequency(window("2026-03-04", "2026-03-12"), perDay, dora2023());
        assertEquals(3.0, f.medianDeploymentDaysPerWeek());
        assertEquals(6.0, f.medianDeploymentDaysPerMonth()); // March, partial, holds all 6 days
        assertEquals(6.0 / 8, f.perDay());
        assertEquals(Level.HIGH, f.level());
    }

    @Test
    void windowCuttingDaysInHalfCountsOnlyDeploymentsInside() {
        // [Mon 2 Mar 12:00, Mon 9 Mar 12:00): D = 7; deployments at 11:00 and 13:00 on the 2nd and on the 9th: the
        // rollup's per-day counts of the window's parts (the edge days read from raw rows, SummaryQueryTest) hold the
        // 13:00 one of the 2nd and the 11:00 one of the 9th
        Window w = window("2026-03-02T12:00", "2026-03-09T12:00");
        DeploymentFrequency f = Figures.deploymentFrequency(w, Map.of(d("2026-03-02"), 1L, d("2026-03-09"), 1L), dora2023());
        // count 2, perDay 2/7, 2 days; no whole week: week of 2 Mar → 1 day, week of 9 Mar → 1 day → median 1
        assertEquals(2, f.count());
        assertEquals(2.0 / 7, f.perDay(), 1e-15);
        assertEquals(2, f.deploymentDays());
        assertEquals(1.0, f.medianDeploymentDaysPerWeek());
        assertEquals(2.0, f.medianDeploymentDaysPerMonth());
        assertEquals(Level.HIGH, f.level());
    }

    @Test
    void ignoresDatesOutsideTheWindowAndEmptyRollups() {
        // a rollup row of the day before and one brought to 0 by a deletion do not count
        Map<LocalDate, Long> perDay = Map.of(d("2026-03-01"), 5L, d("2026-03-02"), 1L, d("2026-03-03"), 0L);
        DeploymentFrequency f = Figures.deploymentFrequency(window("2026-03-02", "2026-03-09"), perDay, dora2023());
        assertEquals(1, f.count());
        assertEquals(1, f.deploymentDays());
    }

    @Test
    void weeklyMedianOfFourAndAHalfIsHigh() {
        // [2 Mar, 16 Mar): two whole weeks with 4 and 5 deployment days → median 4.5 → high (elite needs ≥ 5)
        Map<LocalDate, Long> perDay = new TreeMap<>();
        for (int i : new int[] {2, 3, 4, 5, 9, 10, 11, 12, 13}) {
            perDay.put(LocalDate.of(2026, 3, i), 1L);
        }
        DeploymentFrequency f = Figures.deploymentFrequency(window("2026-03-02", "2026-03-16"), perDay, dora2023());
        assertEquals(4.5, f.medianDeploymentDaysPerWeek());
        assertEquals(Level.HIGH, f.level());
        perDay.put(d("2026-03-06"), 1L); // now 5 and 5
        assertEquals(Level.ELITE, Figures.deploymentFrequency(window("2026-03-02", "2026-03-16"), perDay, dora2023()).level());
    }
}
