package io.dorastream.aggregator.metrics;

import static io.dorastream.aggregator.metrics.Fixtures.t;
import static io.dorastream.aggregator.metrics.Fixtures.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import io.dorastream.api.metrics.Level;

class BenchmarkTablesTest {

    private static final BenchmarkTables TABLES = BenchmarkTables.builtIn();
    private static final Window FOUR_WEEKS = window("2026-03-02", "2026-03-30");

    private static Level level(String name) {
        return name.isEmpty() ? null : Level.parse(name);
    }

    @Test
    void namedTables() {
        assertEquals(List.of("dora-2021", "dora-2023", "dora-2025"), List.copyOf(TABLES.names()));
        assertEquals("dora-2025", TABLES.defaultName());
        assertSame(TABLES.get("dora-2025"), TABLES.get(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TABLES.get("dora-2019"));
        assertTrue(e.getMessage().contains("'dora-2019'") && e.getMessage().contains("dora-2021, dora-2023, dora-2025"), e.getMessage());
    }

    /** dora-2025 scores instead of levelling: every level is null, whatever the figure. */
    @Test
    void aBenchmarkWithoutLevelsLevelsNothing() {
        BenchmarkTable t = TABLES.get("dora-2025");
        assertNull(t.deploymentFrequency(100, 20, 5, 20, FOUR_WEEKS));
        assertNull(t.deploymentFrequency(0, 0, 0, 0, FOUR_WEEKS));
        assertNull(t.changeLeadTime(60.0, 60.0, 60.0));
        assertNull(t.changeFailureRate(0, 100));
        assertNull(t.failedDeploymentRecoveryTime(60.0, 60.0));
        assertNull(t.otherwise());
    }

    // ---- deployment frequency ----

    @ParameterizedTest(name = "dora-2023 week {0} month {1} → {2}")
    @CsvSource({
        "7.0, 30.0, elite",
        "5.0, 20.0, elite",  // ≥ 5 per week
        "4.5, 20.0, high",   // 4.5 < 5
        "1.0, 4.0, high",    // ≥ 1 per week
        "0.5, 4.0, medium",  // < 1 per week, ≥ 1 per month
        "0.0, 1.0, medium",
        "0.0, 0.5, low",     // < 1 per month
        "0.0, 0.0, low",
    })
    void deploymentFrequency2023(double week, double month, String expected) {
        assertEquals(level(expected), TABLES.get("dora-2023").deploymentFrequency(10, 10, week, month, FOUR_WEEKS));
    }

    @ParameterizedTest(name = "dora-2021 week {0} month {1} days {2} → {3}")
    @CsvSource({
        "5.0, 20.0, 20, elite",
        "4.5, 20.0, 18, high",  // < 5 per week, ≥ 1 per month
        "0.0, 1.0, 1, high",
        "0.0, 0.5, 1, medium",  // 1 × 182.5 / 28 ≥ 1
        "0.0, 0.0, 0, low",     // 0 deployment days
    })
    void deploymentFrequency2021(double week, double month, long days, String expected) {
        assertEquals(level(expected), TABLES.get("dora-2021").deploymentFrequency(days, days, week, month, FOUR_WEEKS));
    }

    @Test
    void sixMonthRuleOf2021IsExact() {
        BenchmarkTable t = TABLES.get("dora-2021");
        // D = 365: 2 days × 182.5 / 365 = 1 → medium; 1 day × 182.5 / 365 = 0.5 → low
        Window year = window("2025-01-01", "2026-01-01");
        assertEquals(365.0, year.days());
        assertEquals(Level.MEDIUM, t.deploymentFrequency(2, 2, 0, 0, year));
        assertEquals(Level.LOW, t.deploymentFrequency(1, 1, 0, 0, year));
        // D = 182.5 exactly (182 days 12 h): 1 day × 182.5 / 182.5 = 1 → medium
        Window halfYear = new Window(t("2026-01-01T00:00"), t("2026-01-01T00:00").plusSeconds(182 * 86_400L + 43_200));
        assertEquals(182.5, halfYear.days());
        assertEquals(Level.MEDIUM, t.deploymentFrequency(1, 1, 0, 0, halfYear));
        // one nanosecond longer: 1 × 182.5 / (182.5 + 1 ns) < 1 → low, though a double D would round it to 182.5
        Window longer = new Window(halfYear.from(), halfYear.to().plusNanos(1));
        assertEquals(Level.LOW, t.deploymentFrequency(1, 1, 0, 0, longer));
        // dora-2023 has no such row: 0 per week and per month → low
        assertEquals(Level.LOW, TABLES.get("dora-2023").deploymentFrequency(1, 1, 0, 0, halfYear));
    }

    // ---- change lead time (median, seconds) ----

    @ParameterizedTest(name = "dora-2023 lead time {0} s → {1}")
    @CsvSource({
        "0, elite",
        "86399.999, elite", // < 1 day
        "86400, high",      // exactly 1 day
        "604799, high",     // < 1 week
        "604800, medium",   // exactly 1 week
        "2591999, medium",  // < 30 days = 2592000 s
        "2592000, low",
    })
    void leadTime2023(double median, String expected) {
        assertEquals(level(expected), TABLES.get("dora-2023").changeLeadTime(median, median, median));
    }

    @ParameterizedTest(name = "dora-2021 lead time {0} s → {1}")
    @CsvSource({
        "3599, elite",      // < 1 hour
        "3600, high",       // exactly 1 hour
        "604799, high",     // < 1 week
        "604800, medium",
        "15551999, medium", // < 180 days = 15552000 s
        "15552000, low",
    })
    void leadTime2021(double median, String expected) {
        assertEquals(level(expected), TABLES.get("dora-2021").changeLeadTime(median, median, median));
    }

    @Test
    void noLeadTimeHasNoLevel() {
        assertNull(TABLES.get("dora-2023").changeLeadTime(null, null, null));
        assertNull(TABLES.get("dora-2021").changeLeadTime(null, null, null));
    }

    // ---- change failure rate (counts) ----

    @ParameterizedTest(name = "dora-2023 {0} failed of {1} → {2}")
    @CsvSource({
        "0, 1, elite",
        "5, 100, elite",   // 500 ≤ 500
        "1, 20, elite",    // 100 ≤ 100
        "3, 60, elite",    // 300 ≤ 300
        "6, 100, high",    // 600 > 500, ≤ 1000
        "1, 19, high",     // 100 > 95, ≤ 190
        "10, 100, high",   // 1000 ≤ 1000
        "11, 100, medium",
        "15, 100, medium", // 1500 ≤ 1500
        "3, 20, medium",   // 300 ≤ 300
        "16, 100, low",
        "1, 1, low",
        "0, 0, ''",        // nothing evaluated: no level
    })
    void changeFailureRate2023(long failed, long evaluated, String expected) {
        assertEquals(level(expected), TABLES.get("dora-2023").changeFailureRate(failed, evaluated));
    }

    @ParameterizedTest(name = "dora-2021 {0} failed of {1} → {2}")
    @CsvSource({
        "15, 100, elite",  // 1500 ≤ 1500
        "3, 20, elite",
        "16, 100, high",
        "20, 100, high",   // 2000 ≤ 2000
        "7, 35, high",     // 700 ≤ 700 (7/35 = 0.2)
        "21, 100, medium",
        "3, 10, medium",   // 300 ≤ 300 (3/10 = 0.3)
        "30, 100, medium",
        "31, 100, low",
        "0, 0, ''",
    })
    void changeFailureRate2021(long failed, long evaluated, String expected) {
        assertEquals(level(expected), TABLES.get("dora-2021").changeFailureRate(failed, evaluated));
    }

    // ---- failed deployment recovery time (median, seconds); the same in both tables ----

    @ParameterizedTest(name = "{0}: recovery {1} s → {2}")
    @CsvSource({
        "dora-2023, 0, elite",
        "dora-2023, 3599, elite",   // < 1 hour
        "dora-2023, 3600, high",    // exactly 1 hour
        "dora-2023, 86399, high",   // < 1 day
        "dora-2023, 86400, medium", // exactly 1 day
        "dora-2023, 604799, medium",
        "dora-2023, 604800, low",   // exactly 1 week
        "dora-2021, 3599, elite",
        "dora-2021, 3600, high",
        "dora-2021, 86399, high",
        "dora-2021, 86400, medium",
        "dora-2021, 604799, medium",
        "dora-2021, 604800, low",
    })
    void recoveryTime(String table, double median, String expected) {
        assertEquals(level(expected), TABLES.get(table).failedDeploymentRecoveryTime(median, median));
    }

    @Test
    void noRecoveryHasNoLevel() {
        assertNull(TABLES.get("dora-2023").failedDeploymentRecoveryTime(null, null));
        assertNull(TABLES.get("dora-2021").failedDeploymentRecoveryTime(null, null));
    }

    // ---- tables are data ----

    private static final String CUSTOM = """
            {"name": "strict", "metrics": {
              "deploymentFrequency": [{"level": "elite", "figure": "deploymentsPerPeriod", "periodDays": 1, "comparison": ">", "threshold": 3}],
              "changeLeadTime": [{"level": "elite", "figure": "p90Seconds", "comparison": "<=", "threshold": 30, "unit": "minutes"}],
              "changeFailureRate": [{"level": "high", "figure": "rate", "comparison": "<", "threshold": 0.025}],
              "failedDeploymentRecoveryTime": []}}
            """;

    @Test
    void customTableIsReadFromJson() {
        BenchmarkTable strict = BenchmarkTable.parse(CUSTOM);
        BenchmarkTables tables = TABLES.with(strict);
        assertEquals(List.of("dora-2021", "dora-2023", "dora-2025", "strict"), List.copyOf(tables.names()));
        assertSame(strict, tables.get("strict"));
        // 84 deployments in 28 days = 3 per day, not > 3 → otherwise (low by default); 85 → elite
        assertEquals(Level.LOW, strict.deploymentFrequency(84, 1, 0, 0, FOUR_WEEKS));
        assertEquals(Level.ELITE, strict.deploymentFrequency(85, 1, 0, 0, FOUR_WEEKS));
        // p90 ≤ 1800 s
        assertEquals(Level.ELITE, strict.changeLeadTime(9_999.0, 10_000.0, 1_800.0));
        assertEquals(Level.LOW, strict.changeLeadTime(1.0, 1.0, 1_800.5));
        // a fraction: 1/40 = 0.025, not < 0.025 → low; 1/41 → high
        assertEquals(Level.LOW, strict.changeFailureRate(1, 40));
        assertEquals(Level.HIGH, strict.changeFailureRate(1, 41));
        // no rules: always 'otherwise', but still null without a figure
        assertEquals(Level.LOW, strict.failedDeploymentRecoveryTime(1.0, 1.0));
        assertNull(strict.failedDeploymentRecoveryTime(null, null));
    }

    @Test
    void invalidTablesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> BenchmarkTable.parse(CUSTOM.replace("p90Seconds", "p99Seconds")));
        assertThrows(IllegalArgumentException.class, () -> BenchmarkTable.parse(CUSTOM.replace("\"minutes\"", "\"percent\"")));
        assertThrows(IllegalArgumentException.class, () -> BenchmarkTable.parse(CUSTOM.replace("\"<=\"", "\"=<\"")));
        assertThrows(IllegalArgumentException.class, () -> BenchmarkTable.parse(CUSTOM.replace("\"elite\"", "\"superb\"")));
        assertThrows(IllegalArgumentException.class, () -> BenchmarkTable.parse(CUSTOM.replace("\"periodDays\": 1, ", "")));
        assertThrows(IllegalArgumentException.class, () -> BenchmarkTable.parse(CUSTOM.replace("\"failedDeploymentRecoveryTime\"", "\"mttr\"")));
        assertThrows(IllegalArgumentException.class, () -> BenchmarkTable.parse(CUSTOM.replace("\"name\": \"strict\", ", "")));
        assertThrows(IllegalArgumentException.class, () -> BenchmarkTable.parse("not json"));
    }
}
