package io.dorastream.aggregator.metrics;

import static io.dorastream.aggregator.metrics.Fixtures.dora2021;
import static io.dorastream.aggregator.metrics.Fixtures.dora2023;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import io.dorastream.api.metrics.ChangeFailureMethod;
import io.dorastream.api.metrics.ChangeFailureRate;
import io.dorastream.api.metrics.Level;
import io.dorastream.api.metrics.WilsonInterval;

/**
 * The change failure rate of a scope's rollup counts. Which deployment adds to which count is the
 * rollup's rule ({@code RollupSqlTest}); the scopes of events end to end are in {@code SummaryScenariosTest}.
 */
class ChangeFailureRateTest {

    /**
     * The counts of {@code failed + stable + pending} deployments by their {@code change_failure} verdicts,
     * {@code linkFailed} of which the incident_link verdict fails.
     */
    private static DeploymentCounts counts(long failed, long stable, long pending, long linkFailed) {
        return new DeploymentCounts(failed + stable + pending, failed, stable, pending, linkFailed, 0, 0, Map.of(), Map.of());
    }

    @Test
    void pendingVerdictsAreNotEvaluated() {
        // 2 failed, 6 stable, 2 pending: deployments 10, evaluated 8, rate 2/8 = 0.25, Wilson over n = 8
        ChangeFailureRate cfr = Figures.changeFailureRate(counts(2, 6, 2, 0), dora2023());
        assertEquals(ChangeFailureMethod.CHANGE_FAILURE, cfr.method());
        assertEquals(10, cfr.deployments());
        assertEquals(8, cfr.evaluated());
        assertEquals(2, cfr.failed());
        assertEquals(2, cfr.pending());
        assertEquals(0.25, cfr.rate());
        assertEquals(WilsonInterval.of(2, 8), cfr.ci95());
        // 2·100 = 200 > 15·8 = 120 → low (dora-2023); > 30·8 = 240? no → medium (dora-2021)
        assertEquals(Level.LOW, cfr.level());
        assertEquals(Level.MEDIUM, Figures.changeFailureRate(counts(2, 6, 2, 0), dora2021()).level());
    }

    @Test
    void oneVerdictIsEnoughToUseChangeFailure() {
        // 1 stable, 9 pending: method change_failure, evaluated 1, rate 0/1 = 0 → elite; the 4 incident_link
        // failures of the same deployments are not read
        ChangeFailureRate cfr = Figures.changeFailureRate(counts(0, 1, 9, 4), dora2023());
        assertEquals(ChangeFailureMethod.CHANGE_FAILURE, cfr.method());
        assertEquals(1, cfr.evaluated());
        assertEquals(0, cfr.failed());
        assertEquals(9, cfr.pending());
        assertEquals(0.0, cfr.rate());
        assertEquals(Level.ELITE, cfr.level());
    }

    @Test
    void allPendingAndNoVerdictsFallsBackToIncidentLink() {
        // no deployment has a verdict → incident_link: 2 of the 4 are failed by it → failed 2 of 4 evaluated, pending 0;
        // 2·100 = 200 > 15·4 = 60 → low
        ChangeFailureRate cfr = Figures.changeFailureRate(counts(0, 0, 4, 2), dora2023());
        assertEquals(new ChangeFailureRate(ChangeFailureMethod.INCIDENT_LINK, 4, 4, 2, 0, 0.5, WilsonInterval.of(2, 4),
                Level.LOW), cfr);
    }

    @Test
    void nothingInScope() {
        // no deployment (hence none with a verdict): incident_link, all counts 0, rate, ci95, level null
        ChangeFailureRate cfr = Figures.changeFailureRate(counts(0, 0, 0, 0), dora2023());
        assertEquals(new ChangeFailureRate(ChangeFailureMethod.INCIDENT_LINK, 0, 0, 0, 0, null, null, null), cfr);
    }

    @Test
    void exactlyFivePercentIsElite() {
        // 1 of 20: 1·100 = 100 ≤ 5·20 = 100 → elite; 2 failed of 39 evaluated: 200 ≤ 195? no → 200 ≤ 390 → high
        assertEquals(Level.ELITE, Figures.changeFailureRate(counts(1, 19, 3, 0), dora2023()).level());
        assertEquals(Level.HIGH, Figures.changeFailureRate(counts(2, 37, 0, 0), dora2023()).level());
    }
}
