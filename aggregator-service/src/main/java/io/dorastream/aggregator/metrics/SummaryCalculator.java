package io.dorastream.aggregator.metrics;

import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
     * @param window                the query window
     * @param deploymentsPerDay     deployments in scope per UTC date (from rollups or from raw events,
     *                              see {@link DeploymentFrequency#of})
     * @param deployments           the deployments in scope (by finish, else start; those outside the
     *                              window are ignored; ids de-duplicated)
     * @param failures              the failures in scope (by start; those outside the window are ignored;
     *                              ids de-duplicated, so a failure fetched once per service counts once)
     * @param incidentLinkFailedIds the ids of deployments failed under {@code incident_link}, computed over
     *                              all data ({@link IncidentLink}); read only when no
     *                              deployment in scope has a {@code change_failure} verdict
     * @param benchmark             the benchmark table's name, null for the default
     * @throws IllegalArgumentException for an unknown benchmark table
     */
    public DoraFigures compute(Window window, Map<LocalDate, ? extends Number> deploymentsPerDay,
            Collection<DeploymentFacts> deployments, Collection<FailureFacts> failures, Set<String> incidentLinkFailedIds,
            String benchmark) {
        BenchmarkTable table = tables.get(benchmark);
        List<DeploymentFacts> inScope = unique(deployments.stream().filter(d -> window.contains(d.windowInstant())).toList(),
                DeploymentFacts::id);
        List<FailureFacts> failuresInScope = unique(failures.stream().filter(f -> window.contains(f.startedAt())).toList(),
                FailureFacts::id);
        Verdicts verdicts = Verdicts.of(inScope, incidentLinkFailedIds);
        return new DoraFigures(
                Figures.deploymentFrequency(window, deploymentsPerDay, table),
                Figures.changeLeadTime(inScope, table),
                Figures.changeFailureRate(verdicts, table),
                Figures.failedDeploymentRecoveryTime(verdicts, table),
                Figures.timeToRestore(failuresInScope),
                Figures.reworkRate(inScope),
                Figures.remediation(verdicts));
    }

    /**
     * Every figure of one scope from its aggregates (what the rollups give).
     *
     * @param deploymentsPerDay deployments in scope per UTC date, as for {@link DeploymentFrequency#of}
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

    /** The same, counting deployments per day from the raw deployments given. */
    public DoraFigures compute(Window window, Collection<DeploymentFacts> deployments, Collection<FailureFacts> failures,
            Set<String> incidentLinkFailedIds, String benchmark) {
        return compute(window, Figures.countPerDay(window, deployments), deployments, failures,
                incidentLinkFailedIds, benchmark);
    }

    private static <T> List<T> unique(List<T> items, java.util.function.Function<T, String> id) {
        Map<String, T> byId = new LinkedHashMap<>();
        for (T t : items) {
            byId.putIfAbsent(id.apply(t), t);
        }
        return List.copyOf(byId.values());
    }
}
