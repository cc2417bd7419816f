package io.dorastream.aggregator.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.dorastream.api.benchmark.ComparisonGroup;
import io.dorastream.api.benchmark.Measure;
import io.dorastream.api.metrics.ChangeFailureRate;
import io.dorastream.api.metrics.ChangeLeadTime;
import io.dorastream.api.metrics.DeploymentFrequency;
import io.dorastream.api.metrics.DoraFigures;
import io.dorastream.api.metrics.FailedDeploymentRecoveryTime;
import io.dorastream.api.metrics.Position;
import io.dorastream.api.metrics.Profile;
import io.dorastream.api.metrics.ProfileScore;
import io.dorastream.api.metrics.ReworkRate;

/**
 * Judges the figures of one scope once they are computed: each figure's sample size against the
 * minimum ({@code lowSample}; the sample of each figure is docs/metrics.md's), and, under a benchmark
 * with scores, the five scores ({@link Scores}) with their positions in the comparison group and the
 * profile. Which figure feeds which score: lead time ← its median; deployment frequency ← count over
 * the window (none is a score of 0, not "no data"); recovery time ← the failed deployment recovery
 * time's median, whichever change-failure method is in use (time to restore gets no score); change
 * fail rate ← the rate; rework ← the rework rate. A figure without data has no score.
 */
public final class Assessment {

    /** The judged figures and, under a benchmark with scores, their profile (else null). */
    public record Assessed(DoraFigures figures, Profile profile) {
    }

    private Assessment() {
    }

    /**
     * @param minSample the smallest sample that is not low ({@code dorastream.metrics.min-sample})
     * @param group     the comparison group under a benchmark with scores; null under one without
     */
    public static Assessed assess(DoraFigures f, Window window, long minSample, ComparisonGroup group) {
        boolean scored = group != null;
        DeploymentFrequency df = f.deploymentFrequency();
        ChangeLeadTime clt = f.changeLeadTime();
        ChangeFailureRate cfr = f.changeFailureRate();
        FailedDeploymentRecoveryTime fdrt = f.failedDeploymentRecoveryTime();
        ReworkRate rw = f.reworkRate();

        Optional<Double> dfScore = Optional.of(Scores.categoryScore(Scores.frequencyCategory(df.count(), window.exactSeconds())));
        Optional<Double> cltScore = Optional.ofNullable(clt.medianSeconds())
                .map(m -> Scores.categoryScore(Scores.durationCategory(m)));
        Optional<Double> cfrScore = cfr.evaluated() == 0 ? Optional.empty()
                : Optional.of(Scores.rateScore(cfr.failed(), cfr.evaluated()));
        Optional<Double> fdrtScore = Optional.ofNullable(fdrt.medianSeconds())
                .map(m -> Scores.categoryScore(Scores.durationCategory(m)));
        Optional<Double> rwScore = rw.known() == 0 ? Optional.empty() : Optional.of(Scores.rateScore(rw.rework(), rw.known()));

        DoraFigures judged = new DoraFigures(
                df.assessed(df.count() < minSample, scoreOf(scored, dfScore), positionOf(group, dfScore, Measure.DEPLOYMENT_FREQUENCY)),
                clt.assessed(clt.n() < minSample, scoreOf(scored, cltScore), positionOf(group, cltScore, Measure.LEAD_TIME)),
                cfr.assessed(cfr.evaluated() < minSample, scoreOf(scored, cfrScore),
                        positionOf(group, cfrScore, Measure.CHANGE_FAILURE_RATE)),
                fdrt.assessed(fdrt.n() < minSample, scoreOf(scored, fdrtScore),
                        positionOf(group, fdrtScore, Measure.FAILED_DEPLOYMENT_RECOVERY_TIME)),
                f.timeToRestore().assessed(f.timeToRestore().n() < minSample),
                rw.assessed(rw.known() < minSample, scoreOf(scored, rwScore), positionOf(group, rwScore, Measure.REWORK_RATE)),
                f.remediation());
        if (!scored) {
            return new Assessed(judged, null);
        }
        Input lead = new Input(cltScore, judged.changeLeadTime().lowSample());
        Input frequency = new Input(dfScore, judged.deploymentFrequency().lowSample());
        Input recovery = new Input(fdrtScore, judged.failedDeploymentRecoveryTime().lowSample());
        Input failures = new Input(cfrScore, judged.changeFailureRate().lowSample());
        Input rework = new Input(rwScore, judged.reworkRate().lowSample());
        Profile profile = new Profile(
                aggregate(List.of(lead, frequency, recovery), group, Measure.THROUGHPUT),
                aggregate(List.of(failures, rework), group, Measure.STABILITY),
                aggregate(List.of(lead, frequency, recovery, failures, rework), group, Measure.PERFORMANCE_AVERAGE));
        return new Assessed(judged, profile);
    }

    /** One input of a profile aggregate. */
    private record Input(Optional<Double> score, boolean lowSample) {
    }

    /** The mean of the scores that exist, partial when some input has none; null when none has. */
    static ProfileScore aggregate(List<Input> inputs, ComparisonGroup group, Measure measure) {
        List<Double> scores = new ArrayList<>();
        boolean lowSample = false;
        for (Input i : inputs) {
            i.score().ifPresent(scores::add);
            lowSample |= i.lowSample();
        }
        if (scores.isEmpty()) {
            return null;
        }
        double mean = scores.stream().mapToDouble(Double::doubleValue).sum() / scores.size();
        return new ProfileScore(mean, scores.size() < inputs.size(), lowSample, Scores.position(mean, group, measure));
    }

    /** The score as the record holds it: null (absent) without scores, else the score or empty (null). */
    private static Optional<Double> scoreOf(boolean scored, Optional<Double> score) {
        return scored ? score : null;
    }

    private static Optional<Position> positionOf(ComparisonGroup group, Optional<Double> score, Measure measure) {
        return group == null ? null : score.map(s -> Scores.position(s, group, measure));
    }
}
