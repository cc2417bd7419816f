package io.dorastream.aggregator.metrics;

import java.util.Map;
import io.dorastream.api.metrics.ChangeFailureMethod;

/**
 * The deployment counts of one scope, as the daily rollups hold them (one row's, or the sum of many;
 * {@code RollupSql} decides what each deployment adds). Both change-failure methods' counts are kept,
 * since which method applies depends on the whole scope (docs/metrics.md): {@code change_failure} as
 * soon as one deployment in scope has a verdict.
 *
 * @param cfFailed         deployments whose {@code change_failure} is true
 * @param cfStable         … false
 * @param cfPending        … absent
 * @param linkFailed       deployments failed under {@code incident_link} (all others are stable then)
 * @param typeKnown        deployments whose {@code deployment_type} is known
 * @param rework           {@code rollback} or {@code rollforward} deployments
 * @param cfRemediation    failed deployments (change_failure) per remediation type, {@code unknown} for none
 * @param linkRemediation  failed deployments (incident_link) per remediation type
 */
public record DeploymentCounts(long deployments, long cfFailed, long cfStable, long cfPending, long linkFailed,
        long typeKnown, long rework, Map<String, Long> cfRemediation, Map<String, Long> linkRemediation) {

    public DeploymentCounts {
        cfRemediation = Map.copyOf(cfRemediation);
        linkRemediation = Map.copyOf(linkRemediation);
    }

    /** {@code change_failure} when some deployment in scope has a verdict, else {@code incident_link}. */
    public ChangeFailureMethod method() {
        return cfFailed + cfStable > 0 ? ChangeFailureMethod.CHANGE_FAILURE : ChangeFailureMethod.INCIDENT_LINK;
    }
}
