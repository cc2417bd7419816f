package io.dorastream.aggregator.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Failed deployment recovery time: median and p90 of {@code recovery_time_sec} over the failed
 * deployments in scope that carry one, and their number {@code n}.
 */
public record FailedDeploymentRecoveryTime(long n, Double medianSeconds, Double p90Seconds, Level level) {

    public static FailedDeploymentRecoveryTime of(Verdicts verdicts, BenchmarkTable table) {
        List<Long> values = new ArrayList<>();
        for (DeploymentFacts d : verdicts.failed()) {
            if (d.recoveryTimeSec() != null) {
                values.add(d.recoveryTimeSec());
            }
        }
        double[] sorted = Percentiles.sorted(values);
        Double median = Percentiles.percentileOfSorted(sorted, 0.5);
        Double p90 = Percentiles.percentileOfSorted(sorted, 0.9);
        return new FailedDeploymentRecoveryTime(sorted.length, median, p90, table.failedDeploymentRecoveryTime(median, p90));
    }
}
