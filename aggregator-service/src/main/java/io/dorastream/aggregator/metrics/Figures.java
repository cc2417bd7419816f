package io.dorastream.aggregator.metrics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
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
 * How each DORA figure is computed from what the rollups give of one scope: deployment counts and the
 * percentiles of its distributions (exact, or from the sketches above {@link Quantiles#EXACT_LIMIT}
 * values). Which deployments and failures a count or distribution holds is decided once, in the
 * database ({@code RollupSql}, {@code MetricsSql}). The figures themselves are
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

    // ---------------------------------------------------------------- change lead time

    /** From the lead times' percentiles. */
    public static ChangeLeadTime changeLeadTime(Quantiles q, BenchmarkTable table) {
        return new ChangeLeadTime(q.n(), q.p50(), q.p75(), q.p90(), table.changeLeadTime(q.p50(), q.p75(), q.p90()),
                q.approximateFlag());
    }

    // ---------------------------------------------------------------- change failure rate

    /** From the counts of a scope, under the method they call for ({@link DeploymentCounts#method()}). */
    public static ChangeFailureRate changeFailureRate(DeploymentCounts c, BenchmarkTable table) {
        boolean cf = c.method() == ChangeFailureMethod.CHANGE_FAILURE;
        long failed = cf ? c.cfFailed() : c.linkFailed();
        long evaluated = cf ? c.cfFailed() + c.cfStable() : c.deployments();
        return changeFailureRate(c.method(), c.deployments(), evaluated, failed, cf ? c.cfPending() : 0, table);
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

    // ---------------------------------------------------------------- time to restore

    /** From the percentiles of the resolved failures' times to restore, and the open failures. */
    public static TimeToRestore timeToRestore(Quantiles q, long open) {
        return new TimeToRestore(q.n(), open, q.p50(), q.p90(), q.approximateFlag());
    }

    // ---------------------------------------------------------------- rework rate

    /** From the counts of a scope. */
    public static ReworkRate reworkRate(DeploymentCounts c) {
        return reworkRate(c.typeKnown(), c.rework());
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

    private static Remediation remediation(Map<String, Long> byType, long failed, ChangeFailureMethod method) {
        Double rollbackRate = failed == 0 || method == ChangeFailureMethod.INCIDENT_LINK
                ? null
                : (double) byType.getOrDefault(Remediation.ROLLBACK, 0L) / failed;
        return new Remediation(rollbackRate, byType);
    }
}
