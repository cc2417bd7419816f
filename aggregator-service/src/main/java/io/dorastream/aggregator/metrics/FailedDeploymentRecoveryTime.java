package io.dorastream.aggregator.metrics;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Failed deployment recovery time: median and p90 of {@code recovery_time_sec} over the failed
 * deployments in scope that carry one, and their number {@code n}.
 */
public record FailedDeploymentRecoveryTime(long n, Double medianSeconds, Double p90Seconds, Level level,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean approximate) {

    /** Exact figures. */
    public FailedDeploymentRecoveryTime(long n, Double medianSeconds, Double p90Seconds, Level level) {
        this(n, medianSeconds, p90Seconds, level, null);
    }

    /** From the percentiles of the failed deployments' recovery times. */
    public static FailedDeploymentRecoveryTime of(Quantiles q, BenchmarkTable table) {
        return new FailedDeploymentRecoveryTime(q.n(), q.p50(), q.p90(), table.failedDeploymentRecoveryTime(q.p50(), q.p90()),
                q.approximateFlag());
    }

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
