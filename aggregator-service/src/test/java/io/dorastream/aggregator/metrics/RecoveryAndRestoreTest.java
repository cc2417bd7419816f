package io.dorastream.aggregator.metrics;

import static io.dorastream.aggregator.metrics.Fixtures.dep;
import static io.dorastream.aggregator.metrics.Fixtures.dora2023;
import static io.dorastream.aggregator.metrics.Fixtures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import io.dorastream.api.metrics.FailedDeploymentRecoveryTime;
import io.dorastream.api.metrics.Level;
import io.dorastream.api.metrics.TimeToRestore;

class RecoveryAndRestoreTest {

    @Test
    void recoveryOverFailedDeploymentsCarryingOne() {
        List<DeploymentFacts> ds = List.of(
                dep("a").failed(true).recovery(3_600).build(),
                dep("b").failed(true).recovery(7_200).build(),
                dep("c").failed(true).build(),                 // failed, no recovery time: not counted
                dep("d").failed(false).recovery(100).build(),  // stable: not counted
                dep("e").recovery(50).build());                // pending: not counted
        FailedDeploymentRecoveryTime r = Figures.failedDeploymentRecoveryTime(Verdicts.of(ds, Set.of()), dora2023());
        // 3600, 7200: median h = 0.5 → 5400; p90 h = 0.9 → 3600 + 0.9·3600 = 6840; 5400 ≥ 1 h, < 1 day → high
        assertEquals(new FailedDeploymentRecoveryTime(2, 5_400.0, 6_840.0, Level.HIGH), r);
    }

    @Test
    void recoveryOfExactlyOneHourIsHigh() {
        FailedDeploymentRecoveryTime r = Figures.failedDeploymentRecoveryTime(
                Verdicts.of(List.of(dep("a").failed(true).recovery(3_600).build()), Set.of()), dora2023());
        assertEquals(new FailedDeploymentRecoveryTime(1, 3_600.0, 3_600.0, Level.HIGH), r);
    }

    @Test
    void recoveryUnderIncidentLinkReadsTheLinkedFailures() {
        // no verdicts: "a" failed by link carries a recovery time of 1800 → n 1, elite
        List<DeploymentFacts> ds = List.of(dep("a").recovery(1_800).build(), dep("b").recovery(9_000).build());
        assertEquals(new FailedDeploymentRecoveryTime(1, 1_800.0, 1_800.0, Level.ELITE),
                Figures.failedDeploymentRecoveryTime(Verdicts.of(ds, Set.of("a")), dora2023()));
    }

    @Test
    void noRecoveryIsNullWithoutLevel() {
        assertEquals(new FailedDeploymentRecoveryTime(0, null, null, null),
                Figures.failedDeploymentRecoveryTime(Verdicts.of(List.of(dep("a").failed(false).build()), Set.of()), dora2023()));
    }

    @Test
    void timeToRestorePrefersTheGivenValueAndCountsOpenFailures() {
        List<FailureFacts> fs = List.of(
                failure("f1").started("2026-03-02T10:00").finished("2026-03-02T11:00").ttr(600).build(), // 600 (given)
                failure("f2").started("2026-03-02T10:00").finished("2026-03-02T12:30").build(),         // 2.5 h = 9000
                failure("f3").started("2026-03-03T10:00").build(),                                      // open
                failure("f4").started("2026-03-03T10:00").ttr(300).build());                            // open, ttr ignored
        // resolved 600, 9000: median (600+9000)/2 = 4800; p90 600 + 0.9·8400 = 8160; open 2
        assertEquals(new TimeToRestore(2, 2, 4_800.0, 8_160.0), Figures.timeToRestore(fs));
    }

    @Test
    void multiServiceFailureCountsOnce() {
        // fetched once per service it names (as a join by service would): still one failure
        FailureFacts multi = failure("m").services("api", "web").started("2026-03-02T10:00").finished("2026-03-02T10:30").build();
        FailureFacts openMulti = failure("o").services("api", "web").started("2026-03-02T11:00").build();
        FailureFacts other = failure("x").started("2026-03-02T10:00").finished("2026-03-02T11:30").build();
        // 1800 and 5400: n 2 (not 3), median 3600, p90 1800 + 0.9·3600 = 5040, open 1 (not 2)
        assertEquals(new TimeToRestore(2, 1, 3_600.0, 5_040.0),
                Figures.timeToRestore(List.of(multi, openMulti, other, multi, openMulti)));
    }

    @Test
    void noFailuresIsNull() {
        assertEquals(new TimeToRestore(0, 0, null, null), Figures.timeToRestore(List.of()));
        // only open failures: n 0, figures null, open counted
        assertEquals(new TimeToRestore(0, 1, null, null),
                Figures.timeToRestore(List.of(failure("o").started("2026-03-02T10:00").build())));
    }
}
