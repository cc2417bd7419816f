package io.dorastream.aggregator.metrics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import io.dorastream.api.metrics.ChangeFailureMethod;
import io.dorastream.api.metrics.ChangeFailureRate;
import io.dorastream.api.metrics.ChangeLeadTime;
import io.dorastream.api.metrics.DeploymentFrequency;
import io.dorastream.api.metrics.FailedDeploymentRecoveryTime;
import io.dorastream.api.metrics.Remediation;
import io.dorastream.api.metrics.ReworkRate;
import io.dorastream.api.metrics.TimeToRestore;
import io.dorastream.api.metrics.WilsonInterval;

/**
 * How each DORA figure is computed, from the rollups' counts and sketches (the aggregate path) or
 * from the facts of single deployments and failures (the exact path). The figures themselves are
 * the records of the metrics contract ({@code io.dorastream.api.metrics}), which the aggregator
 * serialises as they are; docs/metrics.md defines every figure.
 */
public final class Figures {

    private Figures() {
    }

    // ---------------------------------------------------------------- deployment frequency

    /**
     * Deployment frequency of a window.
     *
     * @param deploymentsPerDay the deployments in the window per UTC date (what the daily rollups give:
     *                          for a date the window only partly covers, the deployments of its part
     *                          inside the window). Dates the window does not touch and counts ≤ 0 are ignored.
     */
    public static DeploymentFrequency deploymentFrequency(Window window, Map<LocalDate, ? extends Number> deploymentsPerDay,
            BenchmarkTable table) {
        long count = 0;
        Set<LocalDate> days = new TreeSet<>();
        for (Map.Entry<LocalDate, ? extends Number> e : deploymentsPerDay.entrySet()) {
            long n = e.getValue() == null ? 0 : e.getValue().longValue();
            if (n > 0 && window.touches(e.getKey())) {
                count += n;
                days.add(e.getKey());
            }
        }
        double perDay = BigDecimal.valueOf(count).multiply(BigDecimal.valueOf(86_400))
                .divide(window.exactSeconds(), MathContext.DECIMAL128).doubleValue();
        double weekly = Window.medianDeploymentDays(window.weeks(), days);
        double monthly = Window.medianDeploymentDays(window.months(), days);
        return new DeploymentFrequency(count, perDay, days.size(), weekly, monthly,
                table.deploymentFrequency(count, days.size(), weekly, monthly, window));
    }

    /** The per-date counts of raw deployments, keeping those in the window (by finish, else start). */
    public static SortedMap<LocalDate, Long> countPerDay(Window window, Collection<DeploymentFacts> deployments) {
        SortedMap<LocalDate, Long> perDay = new TreeMap<>();
        for (DeploymentFacts d : deployments) {
            if (window.contains(d.windowInstant())) {
                perDay.merge(LocalDate.ofInstant(d.windowInstant(), ZoneOffset.UTC), 1L, Long::sum);
            }
        }
        return perDay;
    }

    // ---------------------------------------------------------------- change lead time

    /** From the lead times' percentiles. */
    public static ChangeLeadTime changeLeadTime(Quantiles q, BenchmarkTable table) {
        return new ChangeLeadTime(q.n(), q.p50(), q.p75(), q.p90(), table.changeLeadTime(q.p50(), q.p75(), q.p90()),
                q.approximateFlag());
    }

    /** Over the deployments that have a lead time ({@link DeploymentFacts#leadTimeSec()}). */
    public static ChangeLeadTime changeLeadTime(Collection<DeploymentFacts> deployments, BenchmarkTable table) {
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

    // ---------------------------------------------------------------- change failure rate

    /** From the counts of a scope, under the method they call for ({@link DeploymentCounts#method()}). */
    public static ChangeFailureRate changeFailureRate(DeploymentCounts c, BenchmarkTable table) {
        boolean cf = c.method() == ChangeFailureMethod.CHANGE_FAILURE;
        long failed = cf ? c.cfFailed() : c.linkFailed();
        long evaluated = cf ? c.cfFailed() + c.cfStable() : c.deployments();
        return changeFailureRate(c.method(), c.deployments(), evaluated, failed, cf ? c.cfPending() : 0, table);
    }

    public static ChangeFailureRate changeFailureRate(Verdicts verdicts, BenchmarkTable table) {
        return changeFailureRate(verdicts.method(), verdicts.deployments().size(), verdicts.evaluatedCount(),
                verdicts.failedCount(), verdicts.pendingCount(), table);
    }

    private static ChangeFailureRate changeFailureRate(ChangeFailureMethod method, long deployments, long evaluated,
            long failed, long pending, BenchmarkTable table) {
        Double rate = evaluated == 0 ? null : (double) failed / evaluated;
        return new ChangeFailureRate(method, deployments, evaluated, failed, pending, rate,
                WilsonInterval.of(failed, evaluated), table.changeFailureRate(failed, evaluated));
    }

    // ---------------------------------------------------------------- failed deployment recovery time

    /** From the percentiles of the failed deployments' recovery times. */
    public static FailedDeploymentRecoveryTime failedDeploymentRecoveryTime(Quantiles q, BenchmarkTable table) {
        return new FailedDeploymentRecoveryTime(q.n(), q.p50(), q.p90(), table.failedDeploymentRecoveryTime(q.p50(), q.p90()),
                q.approximateFlag());
    }

    /** Over the failed deployments that carry a {@code recovery_time_sec}. */
    public static FailedDeploymentRecoveryTime failedDeploymentRecoveryTime(Verdicts verdicts, BenchmarkTable table) {
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

    // ---------------------------------------------------------------- time to restore

    /** From the percentiles of the resolved failures' times to restore, and the open failures. */
    public static TimeToRestore timeToRestore(Quantiles q, long open) {
        return new TimeToRestore(q.n(), open, q.p50(), q.p90(), q.approximateFlag());
    }

    /**
     * Over the failures in scope ({@link FailureFacts#timeToRestoreSeconds()} of the resolved ones);
     * each failure counts once, however many services it names (the input is de-duplicated by id).
     */
    public static TimeToRestore timeToRestore(Collection<FailureFacts> failures) {
        Map<String, FailureFacts> unique = new LinkedHashMap<>();
        for (FailureFacts f : failures) {
            unique.putIfAbsent(f.id(), f);
        }
        List<Double> values = new ArrayList<>();
        long open = 0;
        for (FailureFacts f : unique.values()) {
            if (!f.resolved()) {
                open++;
            } else if (f.timeToRestoreSeconds() != null) {
                values.add(f.timeToRestoreSeconds());
            }
        }
        double[] sorted = Percentiles.sorted(values);
        return new TimeToRestore(sorted.length, open, Percentiles.percentileOfSorted(sorted, 0.5),
                Percentiles.percentileOfSorted(sorted, 0.9));
    }

    // ---------------------------------------------------------------- rework rate

    /** From the counts of a scope. */
    public static ReworkRate reworkRate(DeploymentCounts c) {
        return reworkRate(c.typeKnown(), c.rework());
    }

    public static ReworkRate reworkRate(Collection<DeploymentFacts> deployments) {
        long known = 0;
        long rework = 0;
        for (DeploymentFacts d : deployments) {
            if (d.deploymentType() != null) {
                known++;
                if (d.isRework()) {
                    rework++;
                }
            }
        }
        return reworkRate(known, rework);
    }

    private static ReworkRate reworkRate(long known, long rework) {
        return new ReworkRate(known, rework, known == 0 ? null : (double) rework / known, WilsonInterval.of(rework, known));
    }

    // ---------------------------------------------------------------- remediation

    /** From the counts of a scope, under the method they call for. */
    public static Remediation remediation(DeploymentCounts c) {
        boolean cf = c.method() == ChangeFailureMethod.CHANGE_FAILURE;
        return remediation(cf ? c.cfRemediation() : c.linkRemediation(), cf ? c.cfFailed() : c.linkFailed(), c.method());
    }

    public static Remediation remediation(Verdicts verdicts) {
        SortedMap<String, Long> byType = new TreeMap<>();
        for (DeploymentFacts d : verdicts.failed()) {
            byType.merge(d.remediationType() == null ? Remediation.UNKNOWN : d.remediationType(), 1L, Long::sum);
        }
        return remediation(byType, verdicts.failedCount(), verdicts.method());
    }

    private static Remediation remediation(Map<String, Long> byType, long failed, ChangeFailureMethod method) {
        Double rollbackRate = failed == 0 || method == ChangeFailureMethod.INCIDENT_LINK
                ? null
                : (double) byType.getOrDefault(Remediation.ROLLBACK, 0L) / failed;
        return new Remediation(rollbackRate, byType);
    }
}
