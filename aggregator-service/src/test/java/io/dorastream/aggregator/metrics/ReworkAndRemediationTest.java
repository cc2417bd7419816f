package io.dorastream.aggregator.metrics;

import static io.dorastream.aggregator.metrics.Fixtures.dep;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import io.dorastream.api.metrics.Remediation;
import io.dorastream.api.metrics.ReworkRate;
import io.dorastream.api.metrics.WilsonInterval;

class ReworkAndRemediationTest {

    @Test
    void reworkOverDeploymentsOfKnownType() {
        List<DeploymentFacts> ds = List.of(
                dep("a").type("standard").build(),
                dep("b").type("rollback").build(),
                dep("c").type("rollforward").build(),
                dep("d").build(),                       // unknown type: not counted
                dep("e").type("standard").build());
        // known 4, rework 2 → 0.5, Wilson over 4
        assertEquals(new ReworkRate(4, 2, 0.5, WilsonInterval.of(2, 4)), Figures.reworkRate(ds));
    }

    @Test
    void reworkIsNullWhenNoTypeIsKnown() {
        assertEquals(new ReworkRate(0, 0, null, null), Figures.reworkRate(List.of(dep("a").build())));
        assertEquals(new ReworkRate(0, 0, null, null), Figures.reworkRate(List.of()));
    }

    @Test
    void remediationOfFailedDeployments() {
        List<DeploymentFacts> ds = List.of(
                dep("a").failed(true).remediation("rollback").build(),
                dep("b").failed(true).remediation("rollback").build(),
                dep("c").failed(true).remediation("rollforward").build(),
                dep("d").failed(true).build(),                          // no remediation type → unknown
                dep("e").failed(false).remediation("rollback").build(), // stable: not counted
                dep("f").remediation("rollback").build());              // pending: not counted
        // rollbackRate 2 / 4 failed = 0.5
        assertEquals(new Remediation(0.5, Map.of("rollback", 2L, "rollforward", 1L, "unknown", 1L)),
                Figures.remediation(Verdicts.of(ds, Set.of())));
    }

    @Test
    void noFailedDeploymentHasNoRollbackRate() {
        assertEquals(new Remediation(null, Map.of()),
                Figures.remediation(Verdicts.of(List.of(dep("a").failed(false).build()), Set.of())));
    }

    @Test
    void incidentLinkHasNoRollbackRate() {
        // no verdicts: a and b failed by link; b carries a type anyway
        List<DeploymentFacts> ds = List.of(dep("a").build(), dep("b").remediation("rollback").build(), dep("c").build());
        assertEquals(new Remediation(null, Map.of("rollback", 1L, "unknown", 1L)),
                Figures.remediation(Verdicts.of(ds, Set.of("a", "b"))));
    }
}
