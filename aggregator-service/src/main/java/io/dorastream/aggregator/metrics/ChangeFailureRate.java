package io.dorastream.aggregator.metrics;

/**
 * Change failure rate: {@code failed / evaluated} with its Wilson interval over {@code evaluated};
 * {@code rate}, {@code ci95} and {@code level} null when nothing is evaluated.
 */
public record ChangeFailureRate(ChangeFailureMethod method, long deployments, long evaluated, long failed, long pending,
        Double rate, WilsonInterval ci95, Level level) {

    public static ChangeFailureRate of(Verdicts verdicts, BenchmarkTable table) {
        long evaluated = verdicts.evaluatedCount();
        long failed = verdicts.failedCount();
        Double rate = evaluated == 0 ? null : (double) failed / evaluated;
        return new ChangeFailureRate(verdicts.method(), verdicts.deployments().size(), evaluated, failed,
                verdicts.pendingCount(), rate, WilsonInterval.of(failed, evaluated), table.changeFailureRate(failed, evaluated));
    }
}
