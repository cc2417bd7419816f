package io.dorastream.aggregator.metrics;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import io.dorastream.api.metrics.ChangeFailureMethod;
import io.dorastream.api.metrics.DoraFigures;

/**
 * Computes every DORA figure of one scope ({@link DoraFigures}) from plain inputs: pure, stateless
 * and thread-safe.
 */
public final class SummaryCalculator {

    private final BenchmarkTables tables;

    /** With the built-in benchmark tables. */
    public SummaryCalculator() {
        this(BenchmarkTables.builtIn());
    }

    public SummaryCalculator(BenchmarkTables tables) {
        this.tables = Objects.requireNonNull(tables, "tables");
    }

    public BenchmarkTables tables() {
        return tables;
    }

    /**
     * Every figure of one scope from its aggregates (what the rollups give).
     *
     * @param deploymentsPerDay deployments in scope per UTC date, as for {@link Figures#deploymentFrequency}
     * @param counts            the deployment counts of the scope
     * @param leadTimes         percentiles of the deployments' lead times
     * @param cfRecovery        percentiles of the recovery times of deployments failed by {@code change_failure}
     * @param linkRecovery      percentiles of the recovery times of deployments failed by {@code incident_link}
     * @param timeToRestore     percentiles of the resolved failures' times to restore (each failure once)
     * @param openFailures      failures in scope without {@code finished_at}
     * @param benchmark         the benchmark table's name, null for the default
     * @throws IllegalArgumentException for an unknown benchmark table
     */
    public DoraFigures compute(Window window, Map<LocalDate, ? extends Number> deploymentsPerDay, DeploymentCounts counts,
            Quantiles leadTimes, Quantiles cfRecovery, Quantiles linkRecovery, Quantiles timeToRestore, long openFailures,
            String benchmark) {
        BenchmarkTable table = tables.get(benchmark);
        Quantiles recovery = counts.method() == ChangeFailureMethod.CHANGE_FAILURE ? cfRecovery : linkRecovery;
        return new DoraFigures(
                Figures.deploymentFrequency(window, deploymentsPerDay, table),
                Figures.changeLeadTime(leadTimes, table),
                Figures.changeFailureRate(counts, table),
                Figures.failedDeploymentRecoveryTime(recovery, table),
                Figures.timeToRestore(timeToRestore, openFailures),
                Figures.reworkRate(counts),
                Figures.remediation(counts));
    }
}
