package io.dorastream.aggregator.metrics;

import static io.dorastream.aggregator.metrics.Fixtures.dora2023;
import static io.dorastream.aggregator.metrics.Fixtures.window;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import io.dorastream.api.metrics.FailedDeploymentRecoveryTime;
import io.dorastream.api.metrics.Level;
import io.dorastream.api.metrics.TimeToRestore;

/**
 * Failed deployment recovery time and time to restore from the percentiles of their distributions.
 * Which values a distribution holds (failed deployments carrying a recovery time, each resolved failure
 * once, {@code time_to_restore} preferred) is decided in the database: {@code SummaryScenariosTest}
 * checks it on ingested events.
 */
class RecoveryAndRestoreTest {

    @Test
    void recoveryReportsMedianAndP90() {
        // recoveries 3600, 7200: median h = 0.5 → 5400; p75 6300; p90 h = 0.9 → 3600 + 0.9·3600 = 6840; 5400 ≥ 1 h, < 1 day → high
        FailedDeploymentRecoveryTime r = Figures.failedDeploymentRecoveryTime(new Quantiles(2, 5_400.0, 6_300.0, 6_840.0, false),
                dora2023());
        assertEquals(new FailedDeploymentRecoveryTime(2, 5_400.0, 6_840.0, Level.HIGH), r);
    }

    @Test
    void recoveryOfExactlyOneHourIsHigh() {
        FailedDeploymentRecoveryTime r = Figures.failedDeploymentRecoveryTime(new Quantiles(1, 3_600.0, 3_600.0, 3_600.0, false),
                dora2023());
        assertEquals(new FailedDeploymentRecoveryTime(1, 3_600.0, 3_600.0, Level.HIGH), r);
        // one second less → elite
        assertEquals(Level.ELITE, Figures.failedDeploymentRecoveryTime(new Quantiles(1, 3_599.0, 3_599.0, 3_599.0, false),
                dora2023()).level());
    }

    @Test
    void recoveryUnderIncidentLinkReadsTheLinkedFailures() {
        // no verdicts (3 pending), 1 failed by incident_link: the figure reads the incident_link recoveries (1800 → elite
        // under dora-2023), never the change_failure ones
        DeploymentCounts linkOnly = new DeploymentCounts(3, 0, 0, 3, 1, 0, 0, Map.of(), Map.of("unknown", 1L));
        Quantiles cf = new Quantiles(1, 9_000.0, 9_000.0, 9_000.0, false);
        Quantiles link = new Quantiles(1, 1_800.0, 1_800.0, 1_800.0, false);
        assertEquals(new FailedDeploymentRecoveryTime(1, 1_800.0, 1_800.0, Level.ELITE),
                new SummaryCalculator().compute(window("2026-03-02", "2026-03-16"), Map.of(), linkOnly, Quantiles.NONE, cf, link,
                        Quantiles.NONE, 0, "dora-2023").failedDeploymentRecoveryTime());
        // one stable verdict: change_failure, whose recoveries (9000 s = 2.5 h → high) are read
        DeploymentCounts withVerdict = new DeploymentCounts(3, 0, 1, 2, 1, 0, 0, Map.of(), Map.of("unknown", 1L));
        assertEquals(new FailedDeploymentRecoveryTime(1, 9_000.0, 9_000.0, Level.HIGH),
                new SummaryCalculator().compute(window("2026-03-02", "2026-03-16"), Map.of(), withVerdict, Quantiles.NONE, cf, link,
                        Quantiles.NONE, 0, "dora-2023").failedDeploymentRecoveryTime());
    }

    @Test
    void noRecoveryIsNullWithoutLevel() {
        assertEquals(new FailedDeploymentRecoveryTime(0, null, null, null),
                Figures.failedDeploymentRecoveryTime(Quantiles.NONE, dora2023()));
    }

    @Test
    void timeToRestoreReportsMedianP90AndOpenFailures() {
        // resolved 600, 9000: median (600+9000)/2 = 4800; p75 600 + 0.75·8400 = 6900; p90 600 + 0.9·8400 = 8160; open 2
        assertEquals(new TimeToRestore(2, 2, 4_800.0, 8_160.0),
                Figures.timeToRestore(new Quantiles(2, 4_800.0, 6_900.0, 8_160.0, false), 2));
    }

    @Test
    void noFailuresIsNull() {
        assertEquals(new TimeToRestore(0, 0, null, null), Figures.timeToRestore(Quantiles.NONE, 0));
        // only open failures: n 0, figures null, open counted
        assertEquals(new TimeToRestore(0, 1, null, null), Figures.timeToRestore(Quantiles.NONE, 1));
    }
}
