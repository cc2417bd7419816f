package io.dorastream.aggregator.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Change lead time: median, p75, p90 over the deployments in scope that have a lead time
 * ({@link DeploymentFacts#leadTimeSec()}), and their number {@code n}. Figures are null when n = 0.
 */
public record ChangeLeadTime(long n, Double medianSeconds, Double p75Seconds, Double p90Seconds, Level level,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean approximate) {

    /** Exact figures. */
    public ChangeLeadTime(long n, Double medianSeconds, Double p75Seconds, Double p90Seconds, Level level) {
        this(n, medianSeconds, p75Seconds, p90Seconds, level, null);
    }

    /** From the lead times' percentiles. */
    public static ChangeLeadTime of(Quantiles q, BenchmarkTable table) {
        return new ChangeLeadTime(q.n(), q.p50(), q.p75(), q.p90(), table.changeLeadTime(q.p50(), q.p75(), q.p90()),
                q.approximateFlag());
    }

    public static ChangeLeadTime of(Collection<DeploymentFacts> deployments, BenchmarkTable table) {
        List<Double> values = new ArrayList<>();
        for (DeploymentFacts d : deployments) {
            if (d.leadTimeSec() != null && Double.isFinite(d.leadTimeSec())) {
                values.add(d.leadTimeSec());
            }
        }
        double[] sorted = Percentiles.sorted(values);
        Double median = Percentiles.percentileOfSorted(sorted, 0.5);
        Double p75 = Percentiles.percentileOfSorted(sorted, 0.75);
        Double p90 = Percentiles.percentileOfSorted(sorted, 0.9);
        return new ChangeLeadTime(sorted.length, median, p75, p90, table.changeLeadTime(median, p75, p90));
    }
}
