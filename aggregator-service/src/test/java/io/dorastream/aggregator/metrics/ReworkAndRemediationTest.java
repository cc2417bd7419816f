package io.dorastream.aggregator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import io.dorastream.api.metrics.Remediation;
import io.dorastream.api.metrics.ReworkRate;
import io.dorastream.api.metrics.WilsonInterval;

/**
 * Rework rate and remediation from a scope's rollup counts. Which deployment adds to which count (a
 * known type, {@code rollback}/{@code rollforward} as rework, only failed deployments' remediation
 * types, {@code unknown} for none) is the rollup's rule: {@code RollupSqlTest} and {@code SummaryScenariosTest}.
 */
class ReworkAndRemediationTest {

    /** Counts with the given type counts, and the remediation counts of each method. */
    private static DeploymentCounts counts(long deployments, long cfFailed, long cfStable, long linkFailed, long typeKnown,
            long rework, Map<String, Long> cfRemediation, Map<String, Long> linkRemediation) {
        return new DeploymentCounts(deployments, cfFailed, cfStable, deployments - cfFailed - cfStable, linkFailed, typeKnown,
                rework, cfRemediation, linkRemediation);
    }

    @Test
    void reworkOverDeploymentsOfKnownType() {
        // standard, rollback, rollforward, unknown, standard: known 4, rework 2 → 0.5, Wilson over 4
        assertEquals(new ReworkRate(4, 2, 0.5, WilsonInterval.of(2, 4)),
                Figures.reworkRate(counts(5, 0, 0, 0, 4, 2, Map.of(), Map.of())));
    }

    @Test
    void reworkIsNullWhenNoTypeIsKnown() {
        assertEquals(new ReworkRate(0, 0, null, null), Figures.reworkRate(counts(1, 0, 0, 0, 0, 0, Map.of(), Map.of())));
        assertEquals(new ReworkRate(0, 0, null, null), Figures.reworkRate(counts(0, 0, 0, 0, 0, 0, Map.of(), Map.of())));
    }

    @Test
    void remediationOfFailedDeployments() {
        // failed: 2 rolled back, 1 rolled forward, 1 without a type (unknown); 1 stable, 1 pending
        // → rollbackRate 2 / 4 failed = 0.5
        DeploymentCounts c = counts(6, 4, 1, 0, 0, 0, Map.of("rollback", 2L, "rollforward", 1L, "unknown", 1L), Map.of());
        assertEquals(new Remediation(0.5, Map.of("rollback", 2L, "rollforward", 1L, "unknown", 1L)), Figures.remediation(c));
    }

    @Test
    void noFailedDeploymentHasNoRollbackRate() {
        assertEquals(new Remediation(null, Map.of()), Figures.remediation(counts(1, 0, 1, 0, 0, 0, Map.of(), Map.of())));
    }

    @Test
    void incidentLinkHasNoRollbackRate() {
        // no verdicts: 2 of 3 failed by link, one of them carrying a rollback type → byType from the incident_link counts,
        // no rollback rate
        DeploymentCounts c = counts(3, 0, 0, 2, 0, 0, Map.of(), Map.of("rollback", 1L, "unknown", 1L));
        assertEquals(new Remediation(null, Map.of("rollback", 1L, "unknown", 1L)), Figures.remediation(c));
    }

    @Test
    void changeFailureReadsItsOwnRemediationCounts() {
        // one failed by change_failure (rollforward), two by incident_link (unknown): change_failure applies → 0 / 1 rolled back
        DeploymentCounts c = counts(3, 1, 2, 2, 0, 0, Map.of("rollforward", 1L), Map.of("unknown", 2L));
        assertEquals(new Remediation(0.0, Map.of("rollforward", 1L)), Figures.remediation(c));
    }
}
