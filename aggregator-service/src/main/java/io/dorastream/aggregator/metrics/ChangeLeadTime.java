package io.dorastream.aggregator.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Change lead time: median, p75, p90 over the deployments in scope that have a lead time
 * ({@link DeploymentFacts#leadTimeSec()}), and their number {@code n}. Figures are null when n = 0.
 */
public record ChangeLeadTime(long n, Double medianSeconds, Double p75Seconds, Double p90Seconds, Level level) {

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
