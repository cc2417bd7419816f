package io.dorastream.aggregator.metrics;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import io.dorastream.api.metrics.ChangeFailureMethod;
import io.dorastream.api.metrics.Remediation;

/**
 * The deployment counts of one scope, as the daily rollups hold them (one row's, or the sum of many):
 * mergeable by {@link #plus}. Both change-failure methods' counts are kept, since which method applies
 * depends on the whole scope (docs/metrics.md): {@code change_failure} as soon as one deployment in
 * scope has a verdict.
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

    public static final DeploymentCounts NONE = new DeploymentCounts(0, 0, 0, 0, 0, 0, 0, Map.of(), Map.of());

    public DeploymentCounts {
        cfRemediation = Map.copyOf(cfRemediation);
        linkRemediation = Map.copyOf(linkRemediation);
    }

    /** The counts of raw deployment facts; {@code incidentLinkFailedIds} as for {@link Verdicts#of}. */
    public static DeploymentCounts of(Collection<DeploymentFacts> deployments, Set<String> incidentLinkFailedIds) {
        long[] c = new long[7];
        Map<String, Long> cfRem = new TreeMap<>();
        Map<String, Long> linkRem = new TreeMap<>();
        for (DeploymentFacts d : deployments) {
            c[0]++;
            String type = d.remediationType() == null ? Remediation.UNKNOWN : d.remediationType();
            if (d.changeFailure() == null) {
                c[3]++;
            } else if (d.changeFailure()) {
                c[1]++;
                cfRem.merge(type, 1L, Long::sum);
            } else {
                c[2]++;
            }
            if (incidentLinkFailedIds != null && incidentLinkFailedIds.contains(d.id())) {
                c[4]++;
                linkRem.merge(type, 1L, Long::sum);
            }
            if (d.deploymentType() != null) {
                c[5]++;
                if (d.isRework()) {
                    c[6]++;
                }
            }
        }
        return new DeploymentCounts(c[0], c[1], c[2], c[3], c[4], c[5], c[6], cfRem, linkRem);
    }

    /** The counts of both scopes together. */
    public DeploymentCounts plus(DeploymentCounts o) {
        return new DeploymentCounts(deployments + o.deployments, cfFailed + o.cfFailed, cfStable + o.cfStable,
                cfPending + o.cfPending, linkFailed + o.linkFailed, typeKnown + o.typeKnown, rework + o.rework,
                sum(cfRemediation, o.cfRemediation), sum(linkRemediation, o.linkRemediation));
    }

    /** {@code change_failure} when some deployment in scope has a verdict, else {@code incident_link}. */
    public ChangeFailureMethod method() {
        return cfFailed + cfStable > 0 ? ChangeFailureMethod.CHANGE_FAILURE : ChangeFailureMethod.INCIDENT_LINK;
    }

    private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
        if (b.isEmpty()) {
            return a;
        }
        Map<String, Long> out = new TreeMap<>(a);
        b.forEach((k, v) -> out.merge(k, v, Long::sum));
        out.values().removeIf(v -> v == 0);
        return out;
    }
}
