package io.dorastream.aggregator.metrics;

import static io.dorastream.aggregator.metrics.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.dorastream.events.Deployment;
import io.dorastream.events.Incident;
import io.dorastream.api.metrics.Remediation;

class FactsTest {

    private static Deployment deployment(List<Deployment.Commit> commits, Double ownLeadTime) {
        return new Deployment("api", "prod", "core", "v1", t("2026-03-02T10:00"), t("2026-03-02T10:10"), List.of(), null,
                true, 3600L, new Deployment.Remediation("d-2", "v2", "rollback"), "standard", commits, null, null, null,
                600.0, "ci", null, ownLeadTime);
    }

    private static Deployment.Commit commit(Double leadTime) {
        return new Deployment.Commit("abc", null, null, null, null, leadTime, null);
    }

    @Test
    void deploymentFactsCarryWhatTheFiguresNeed() {
        DeploymentFacts f = DeploymentFacts.from("d-1", deployment(List.of(commit(100.0), commit(200.0)), 999.0));
        assertEquals(new DeploymentFacts("d-1", "api", "prod", "core", t("2026-03-02T10:00"), t("2026-03-02T10:10"), 150.0,
                true, 3600L, "rollback", "standard"), f);
        assertEquals(t("2026-03-02T10:10"), f.windowInstant());
    }

    @Test
    void leadTimeIsTheMeanOfTheCommitsThatCarryOne() {
        // commits 100, 200, (none), 600 → (100 + 200 + 600) / 3 = 300; the deployment's own 999 is ignored
        assertEquals(300.0, DeploymentFacts.leadTimeOf(deployment(
                Arrays.asList(commit(100.0), commit(200.0), commit(null), commit(600.0)), 999.0)));
    }

    @Test
    void leadTimeFallsBackToTheDeploymentsOwnAverage() {
        // no commit carries one → the deployment's own 999
        assertEquals(999.0, DeploymentFacts.leadTimeOf(deployment(List.of(commit(null)), 999.0)));
        assertEquals(999.0, DeploymentFacts.leadTimeOf(deployment(List.of(), 999.0)));
        assertEquals(999.0, DeploymentFacts.leadTimeOf(deployment(null, 999.0)));
    }

    @Test
    void noLeadTimeAnywhereIsNone() {
        assertNull(DeploymentFacts.leadTimeOf(deployment(List.of(commit(null)), null)));
        assertNull(DeploymentFacts.leadTimeOf(deployment(null, null)));
    }

    @Test
    void unfinishedDeploymentIsPlacedByItsStart() {
        Deployment d = new Deployment("api", "prod", null, null, t("2026-03-02T10:00"), null, null, null, null, null, null,
                "rollforward", null, null, null, null, null, null, null, null);
        DeploymentFacts f = DeploymentFacts.from("d-2", d);
        assertEquals(t("2026-03-02T10:00"), f.windowInstant());
        assertNull(f.remediationType());
        assertNull(f.leadTimeSec());
        assertEquals("rollforward", f.deploymentType());
    }

    @Test
    void failureFacts() {
        Incident i = new Incident("db down", "SEV-1", List.of("api", "web"), List.of("prod"), null, null,
                t("2026-03-02T10:00"), t("2026-03-02T12:30"), null, null, null);
        FailureFacts f = FailureFacts.from("f-1", i);
        assertEquals(List.of("api", "web"), f.services());
        assertEquals(List.of(), f.teams());
        assertTrue(f.resolved());
        // no time_to_restore → finished - started = 2.5 h = 9000 s
        assertEquals(9000.0, f.timeToRestoreSeconds());
        // time_to_restore given → it wins
        FailureFacts given = FailureFacts.from("f-2", new Incident("x", null, null, null, null, null,
                t("2026-03-02T10:00"), t("2026-03-02T12:30"), 600L, null, null));
        assertEquals(600.0, given.timeToRestoreSeconds());
        assertEquals(List.of(), given.services());
        // open → none, even with a time_to_restore
        FailureFacts open = FailureFacts.from("f-3", new Incident("x", null, null, null, null, null,
                t("2026-03-02T10:00"), null, 600L, null, null));
        assertFalse(open.resolved());
        assertNull(open.timeToRestoreSeconds());
    }
}
