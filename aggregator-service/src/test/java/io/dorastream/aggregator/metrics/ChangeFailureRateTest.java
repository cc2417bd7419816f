package io.dorastream.aggregator.metrics;

import static io.dorastream.aggregator.metrics.Fixtures.dep;
import static io.dorastream.aggregator.metrics.Fixtures.dora2021;
import static io.dorastream.aggregator.metrics.Fixtures.dora2023;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import io.dorastream.api.metrics.ChangeFailureMethod;
import io.dorastream.api.metrics.ChangeFailureRate;
import io.dorastream.api.metrics.Level;
import io.dorastream.api.metrics.WilsonInterval;

class ChangeFailureRateTest {

    private static List<DeploymentFacts> deployments(int failed, int stable, int pending) {
        List<DeploymentFacts> ds = new ArrayList<>();
        for (int i = 0; i < failed; i++) {
            ds.add(dep("f" + i).failed(true).build());
        }
        for (int i = 0; i < stable; i++) {
            ds.add(dep("s" + i).failed(false).build());
        }
        for (int i = 0; i < pending; i++) {
            ds.add(dep("p" + i).build());
        }
        return ds;
    }

    @Test
    void pendingVerdictsAreNotEvaluated() {
        // 2 failed, 6 stable, 2 pending: deployments 10, evaluated 8, rate 2/8 = 0.25, Wilson over n = 8
        ChangeFailureRate cfr = Figures.changeFailureRate(Verdicts.of(deployments(2, 6, 2), Set.of()), dora2023());
        assertEquals(ChangeFailureMethod.CHANGE_FAILURE, cfr.method());
        assertEquals(10, cfr.deployments());
        assertEquals(8, cfr.evaluated());
        assertEquals(2, cfr.failed());
        assertEquals(2, cfr.pending());
        assertEquals(0.25, cfr.rate());
        assertEquals(WilsonInterval.of(2, 8), cfr.ci95());
        // 2·100 = 200 > 15·8 = 120 → low (dora-2023); > 30·8 = 240? no → medium (dora-2021)
        assertEquals(Level.LOW, cfr.level());
        assertEquals(Level.MEDIUM, Figures.changeFailureRate(Verdicts.of(deployments(2, 6, 2), Set.of()), dora2021()).level());
    }

    @Test
    void oneVerdictIsEnoughToUseChangeFailure() {
        // 1 stable, 9 pending: method change_failure, evaluated 1, rate 0/1 = 0 → elite; the incident-link set is not read
        ChangeFailureRate cfr = Figures.changeFailureRate(Verdicts.of(deployments(0, 1, 9), null), dora2023());
        assertEquals(ChangeFailureMethod.CHANGE_FAILURE, cfr.method());
        assertEquals(1, cfr.evaluated());
        assertEquals(9, cfr.pending());
        assertEquals(0.0, cfr.rate());
        assertEquals(Level.ELITE, cfr.level());
    }

    @Test
    void allPendingAndNoVerdictsFallsBackToIncidentLink() {
        // no deployment has a verdict → incident_link: p1 and p3 are in the linked set → failed 2 of 4, pending 0
        ChangeFailureRate cfr = Figures.changeFailureRate(Verdicts.of(deployments(0, 0, 4), Set.of("p1", "p3", "elsewhere")),
                dora2023());
        assertEquals(new ChangeFailureRate(ChangeFailureMethod.INCIDENT_LINK, 4, 4, 2, 0, 0.5, WilsonInterval.of(2, 4),
                Level.LOW), cfr);
    }

    @Test
    void incidentLinkNeedsItsVerdicts() {
        assertThrows(IllegalArgumentException.class, () -> Verdicts.of(deployments(0, 0, 1), null));
    }

    @Test
    void nothingInScope() {
        // no deployment (hence none with a verdict): incident_link, all counts 0, rate, ci95, level null
        ChangeFailureRate cfr = Figures.changeFailureRate(Verdicts.of(List.of(), Set.of()), dora2023());
        assertEquals(new ChangeFailureRate(ChangeFailureMethod.INCIDENT_LINK, 0, 0, 0, 0, null, null, null), cfr);
    }

    @Test
    void exactlyFivePercentIsElite() {
        // 1 of 20: 1·100 = 100 ≤ 5·20 = 100 → elite; 2 failed of 39 evaluated: 200 ≤ 195? no → 200 ≤ 390 → high
        assertEquals(Level.ELITE, Figures.changeFailureRate(Verdicts.of(deployments(1, 19, 3), Set.of()), dora2023()).level());
        assertEquals(Level.HIGH, Figures.changeFailureRate(Verdicts.of(deployments(2, 37, 0), Set.of()), dora2023()).level());
    }
}
