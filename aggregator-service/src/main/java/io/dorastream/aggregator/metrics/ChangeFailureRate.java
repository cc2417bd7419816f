package io.dorastream.aggregator.metrics;

/**
 * Change failure rate: {@code failed / evaluated} with its Wilson interval over {@code evaluated};
 * {@code rate}, {@code ci95} and {@code level} null when nothing is evaluated.
 */
public record ChangeFailureRate(ChangeFailureMethod method, long deployments, long evaluated, long failed, long pending,
        Double rate, WilsonInterval ci95, Level level) {

    /** From the counts of a scope, under the method they call for ({@link DeploymentCounts#method()}). */
    public static ChangeFailureRate of(DeploymentCounts c, BenchmarkTable table) {
        boolean cf = c.method() == ChangeFailureMethod.CHANGE_FAILURE;
        long failed = cf ? c.cfFailed() : c.linkFailed();
        long evaluated = cf ? c.cfFailed() + c.cfStable() : c.deployments();
        Double rate = evaluated == 0 ? null : (double) failed / evaluated;
        return new ChangeFailureRate(c.method(), c.deployments(), evaluated, failed, cf ? c.cfPending() : 0, rate,
                WilsonInterval.of(failed, evaluated), table.changeFailureRate(failed, evaluated));
    }

    public static ChangeFailureRate of(Verdicts verdicts, BenchmarkTable table) {
        long evaluated = verdicts.evaluatedCount();
        long failed = verdicts.failedCount();
        Double rate = evaluated == 0 ? null : (double) failed / evaluated;
        return new ChangeFailureRate(verdicts.method(), verdicts.deployments().size(), evaluated, failed,
                verdicts.pendingCount(), rate, WilsonInterval.of(failed, evaluated), table.changeFailureRate(failed, evaluated));
    }
}
