package io.dorastream.aggregator.metrics;

import static io.dorastream.aggregator.metrics.Fixtures.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.dorastream.api.benchmark.Benchmarks;
import io.dorastream.api.benchmark.ComparisonGroup;
import io.dorastream.api.metrics.ChangeFailureMethod;
import io.dorastream.api.metrics.ChangeFailureRate;
import io.dorastream.api.metrics.ChangeLeadTime;
import io.dorastream.api.metrics.DeploymentFrequency;
import io.dorastream.api.metrics.DoraFigures;
import io.dorastream.api.metrics.FailedDeploymentRecoveryTime;
import io.dorastream.api.metrics.Position;
import io.dorastream.api.metrics.ProfileScore;
import io.dorastream.api.metrics.Remediation;
import io.dorastream.api.metrics.ReworkRate;
import io.dorastream.api.metrics.TimeToRestore;
import io.dorastream.api.metrics.WilsonInterval;

/** Sample sizes, the scores each figure feeds, and the profile's aggregates with their comparison values. */
class AssessmentTest {

    private static final Window FOUR_WEEKS = window("2026-03-02", "2026-03-30");
    private static final ComparisonGroup INDUSTRY_ALL = Benchmarks.builtIn().group("dora-2025", "industry", "all").orElseThrow();
    private static final ComparisonGroup ORG_SIZE_ALL = Benchmarks.builtIn().group("dora-2025", "orgSize", "all").orElseThrow();

    /**
     * 28 deployments in 28 days (one a day: category 4, score 6); lead time median 1 h exactly (5, 8);
     * 1 failed of 4 evaluated (25%: 7.5); no recovery time; no deployment type known; 12 restores.
     */
    private static DoraFigures figures(long deployments, Double leadMedian, long evaluated, long failed, Double recoveryMedian,
            long known, long rework) {
        return new DoraFigures(
                new DeploymentFrequency(deployments, deployments / 28.0, Math.min(deployments, 28), 7, 28, null),
                new ChangeLeadTime(leadMedian == null ? 0 : 5, leadMedian, leadMedian, leadMedian, null),
                new ChangeFailureRate(ChangeFailureMethod.CHANGE_FAILURE, deployments, evaluated, failed, 0,
                        evaluated == 0 ? null : (double) failed / evaluated, WilsonInterval.of(failed, evaluated), null),
                new FailedDeploymentRecoveryTime(recoveryMedian == null ? 0 : 11, recoveryMedian, recoveryMedian, null),
                new TimeToRestore(12, 0, 600.0, 900.0),
                new ReworkRate(known, rework, known == 0 ? null : (double) rework / known, WilsonInterval.of(rework, known)),
                new Remediation(null, Map.of()));
    }

    private static final DoraFigures SOME = figures(28, 3_600.0, 4, 1, null, 0, 0);

    @Test
    void withoutAGroupFiguresGetTheirSampleSizeJudgedButNoScore() {
        Assessment.Assessed a = Assessment.assess(SOME, FOUR_WEEKS, 10, null);
        assertNull(a.profile());
        DoraFigures f = a.figures();
        assertNull(f.deploymentFrequency().score());
        assertNull(f.changeLeadTime().position());
        assertNull(f.changeFailureRate().score());
        assertNull(f.failedDeploymentRecoveryTime().score());
        assertNull(f.reworkRate().position());
        // the samples: count 28, n 5, evaluated 4, n 0, n 12, known 0
        assertEquals(List.of(false, true, true, true, false, true), lowSamples(f));
    }

    @Test
    void theMinimumSampleIsInclusiveAndZeroFlagsNothing() {
        assertEquals(List.of(false, false, true, true, false, true), lowSamples(Assessment.assess(SOME, FOUR_WEEKS, 5, null).figures()));
        assertEquals(List.of(false, false, false, false, false, false), lowSamples(Assessment.assess(SOME, FOUR_WEEKS, 0, null).figures()));
    }

    @Test
    void eachFigureFeedsItsScore() {
        DoraFigures f = Assessment.assess(SOME, FOUR_WEEKS, 10, INDUSTRY_ALL).figures();
        assertEquals(Optional.of(6.0), f.deploymentFrequency().score()); // one a day: "between once per day and once per week"
        assertEquals(Optional.of(8.0), f.changeLeadTime().score()); // exactly 1 h: "less than one day"
        assertEquals(Optional.of(7.5), f.changeFailureRate().score());
        assertEquals(Optional.empty(), f.failedDeploymentRecoveryTime().score(), "no data: no score (null, not absent)");
        assertEquals(Optional.empty(), f.failedDeploymentRecoveryTime().position());
        assertEquals(Optional.empty(), f.reworkRate().score());
        Position df = f.deploymentFrequency().position().orElseThrow();
        assertEquals((6 - 4.8) / 2.8, df.z(), 1e-12);
        assertEquals(0.6658824291023753, df.percentile(), 1e-12);
        assertEquals(List.of("industry", "all", "2025"), List.of(df.family(), df.group(), df.edition()));
    }

    @Test
    void noDeploymentScoresZeroAndOtherFiguresWithoutDataNone() {
        Assessment.Assessed a = Assessment.assess(figures(0, null, 0, 0, null, 0, 0), FOUR_WEEKS, 10, INDUSTRY_ALL);
        assertEquals(Optional.of(0.0), a.figures().deploymentFrequency().score());
        assertEquals(Optional.empty(), a.figures().changeLeadTime().score());
        ProfileScore throughput = a.profile().throughput();
        assertEquals(0.0, throughput.score());
        assertTrue(throughput.partial() && throughput.lowSample());
        assertNull(a.profile().stability(), "no input of stability has a score");
        assertEquals(0.0, a.profile().performanceAverage().score());
    }

    /** Throughput as is, stability against 10 − instability, the average against the recomputed mean. */
    @Test
    void theProfileAveragesTheScoresThatExistAndComparesEachWithItsOwnStatistic() {
        Assessment.Assessed a = Assessment.assess(SOME, FOUR_WEEKS, 10, INDUSTRY_ALL);
        ProfileScore throughput = a.profile().throughput(); // (8 + 6) / 2, recovery missing
        assertEquals(7.0, throughput.score(), 1e-12);
        assertTrue(throughput.partial());
        assertTrue(throughput.lowSample(), "lead time's n 5 < 10");
        assertEquals((7.0 - 6.0) / 2.1, throughput.position().z(), 1e-12);
        assertEquals(0.6830306580593271, throughput.position().percentile(), 1e-12);
        ProfileScore stability = a.profile().stability(); // 7.5 alone, rework missing
        assertEquals(7.5, stability.score(), 1e-12);
        assertTrue(stability.partial());
        assertEquals(-0.2, stability.position().z(), 1e-12); // (7.5 − (10 − 2.1)) / 2.0
        assertEquals(0.420740290560897, stability.position().percentile(), 1e-12);
        ProfileScore average = a.profile().performanceAverage(); // (6 + 8 + 7.5) / 3
        assertEquals(7.166666666666667, average.score(), 1e-12);
        assertEquals((7.166666666666667 - 6.72) / 1.2, average.position().z(), 1e-12); // not the file's 4.3
        assertEquals(0.6451362990141641, average.position().percentile(), 1e-12);
    }

    @Test
    void aCompleteProfileIsNotPartialNorLowWithEnoughData() {
        DoraFigures all = figures(28, 3_600.0, 40, 0, 600.0, 20, 5);
        DoraFigures big = new DoraFigures(all.deploymentFrequency(),
                new ChangeLeadTime(30, 3_600.0, 3_600.0, 3_600.0, null), all.changeFailureRate(),
                new FailedDeploymentRecoveryTime(12, 600.0, 600.0, null), all.timeToRestore(), all.reworkRate(), all.remediation());
        Assessment.Assessed a = Assessment.assess(big, FOUR_WEEKS, 10, INDUSTRY_ALL);
        assertEquals(Optional.of(10.0), a.figures().failedDeploymentRecoveryTime().score()); // 10 min: "less than one hour"
        assertEquals(Optional.of(10.0), a.figures().changeFailureRate().score());
        assertEquals(Optional.of(7.5), a.figures().reworkRate().score());
        assertEquals(8.0, a.profile().throughput().score(), 1e-12); // (8 + 6 + 10) / 3
        assertEquals(8.75, a.profile().stability().score(), 1e-12);
        assertEquals(8.3, a.profile().performanceAverage().score(), 1e-12); // (8 + 6 + 10 + 10 + 7.5) / 5
        for (ProfileScore p : List.of(a.profile().throughput(), a.profile().stability(), a.profile().performanceAverage())) {
            assertFalse(p.partial() || p.lowSample(), p.toString());
        }
    }

    /** The organisation-size file's reversed recovery time is undone: both "all" groups place a score alike. */
    @Test
    void industryAllEqualsOrgSizeAll() {
        DoraFigures f = figures(28, 3_600.0, 40, 3, 600.0, 20, 5);
        Assessment.Assessed industry = Assessment.assess(f, FOUR_WEEKS, 10, INDUSTRY_ALL);
        Assessment.Assessed orgSize = Assessment.assess(f, FOUR_WEEKS, 10, ORG_SIZE_ALL);
        List<Position> a = positions(industry);
        List<Position> b = positions(orgSize);
        assertEquals(8, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals("industry", a.get(i).family());
            assertEquals("orgSize", b.get(i).family());
            assertEquals(a.get(i).z(), b.get(i).z(), 1e-12, "z of position " + i);
            assertEquals(a.get(i).percentile(), b.get(i).percentile(), 1e-12, "percentile of position " + i);
        }
    }

    private static List<Position> positions(Assessment.Assessed a) {
        DoraFigures f = a.figures();
        return List.of(f.deploymentFrequency().position().orElseThrow(), f.changeLeadTime().position().orElseThrow(),
                f.changeFailureRate().position().orElseThrow(), f.failedDeploymentRecoveryTime().position().orElseThrow(),
                f.reworkRate().position().orElseThrow(), a.profile().throughput().position(), a.profile().stability().position(),
                a.profile().performanceAverage().position());
    }

    private static List<Boolean> lowSamples(DoraFigures f) {
        return List.of(f.deploymentFrequency().lowSample(), f.changeLeadTime().lowSample(), f.changeFailureRate().lowSample(),
                f.failedDeploymentRecoveryTime().lowSample(), f.timeToRestore().lowSample(), f.reworkRate().lowSample());
    }
}
