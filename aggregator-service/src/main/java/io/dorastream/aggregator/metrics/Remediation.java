package io.dorastream.aggregator.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How failed deployments were remediated.
 *
 * @param rollbackRate failed deployments remediated by {@code rollback} / failed deployments; null
 *                     when none failed, and under the {@code incident_link} method
 * @param byType       failed deployments per remediation type ({@code unknown} where absent), sorted by type
 */
public record Remediation(Double rollbackRate, Map<String, Long> byType) {

    /** The type under which failed deployments without remediation type are counted. */
    public static final String UNKNOWN = "unknown";

    public Remediation {
        byType = Collections.unmodifiableSortedMap(new TreeMap<>(byType));
    }

    /** From the counts of a scope, under the method they call for. */
    public static Remediation of(DeploymentCounts c) {
        boolean cf = c.method() == ChangeFailureMethod.CHANGE_FAILURE;
        return of(cf ? c.cfRemediation() : c.linkRemediation(), cf ? c.cfFailed() : c.linkFailed(), c.method());
    }

    private static Remediation of(Map<String, Long> byType, long failed, ChangeFailureMethod method) {
        Double rollbackRate = failed == 0 || method == ChangeFailureMethod.INCIDENT_LINK
                ? null
                : (double) byType.getOrDefault("rollback", 0L) / failed;
        return new Remediation(rollbackRate, byType);
    }

    public static Remediation of(Verdicts verdicts) {
        SortedMap<String, Long> byType = new TreeMap<>();
        for (DeploymentFacts d : verdicts.failed()) {
            byType.merge(d.remediationType() == null ? UNKNOWN : d.remediationType(), 1L, Long::sum);
        }
        return of(byType, verdicts.failedCount(), verdicts.method());
    }
}
