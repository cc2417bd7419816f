package io.dorastream.aggregator.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import io.dorastream.api.metrics.ChangeFailureMethod;

/**
 * The failed/stable/pending verdict of each deployment in scope, and the method that gave them.
 * When some deployment in scope has a non-null {@code change_failure}, verdicts are those
 * ({@code change_failure}); otherwise ({@code incident_link}) a deployment is failed when its id is
 * among the incident-link failures computed over all data ({@link IncidentLink}: the database's
 * {@code deployment.link_failed}), stable otherwise,
 * and none is pending.
 */
public final class Verdicts {

    /** A deployment's verdict. */
    public enum Verdict { FAILED, STABLE, PENDING }

    private final ChangeFailureMethod method;
    private final List<DeploymentFacts> deployments;
    private final List<DeploymentFacts> failed;
    private final long stable;
    private final long pending;

    private Verdicts(ChangeFailureMethod method, List<DeploymentFacts> deployments, List<DeploymentFacts> failed,
            long stable, long pending) {
        this.method = method;
        this.deployments = deployments;
        this.failed = failed;
        this.stable = stable;
        this.pending = pending;
    }

    /**
     * @param inScope               the deployments in scope (window and filters)
     * @param incidentLinkFailedIds ids of deployments failed under {@code incident_link}, computed over
     *                              all data (may hold ids out of scope); only read under that method
     * @throws IllegalArgumentException when the fallback applies and {@code incidentLinkFailedIds} is null
     */
    public static Verdicts of(Collection<DeploymentFacts> inScope, Set<String> incidentLinkFailedIds) {
        List<DeploymentFacts> deployments = List.copyOf(inScope);
        boolean anyVerdict = deployments.stream().anyMatch(d -> d.changeFailure() != null);
        List<DeploymentFacts> failed = new ArrayList<>();
        long stable = 0;
        long pending = 0;
        if (anyVerdict) {
            for (DeploymentFacts d : deployments) {
                if (d.changeFailure() == null) {
                    pending++;
                } else if (d.changeFailure()) {
                    failed.add(d);
                } else {
                    stable++;
                }
            }
            return new Verdicts(ChangeFailureMethod.CHANGE_FAILURE, deployments, List.copyOf(failed), stable, pending);
        }
        if (incidentLinkFailedIds == null && !deployments.isEmpty()) {
            throw new IllegalArgumentException("no deployment in scope has a change_failure verdict:"
                    + " the incident_link verdicts are required");
        }
        for (DeploymentFacts d : deployments) {
            if (incidentLinkFailedIds.contains(d.id())) {
                failed.add(d);
            } else {
                stable++;
            }
        }
        return new Verdicts(ChangeFailureMethod.INCIDENT_LINK, deployments, List.copyOf(failed), stable, 0);
    }

    public ChangeFailureMethod method() {
        return method;
    }

    /** The deployments in scope. */
    public List<DeploymentFacts> deployments() {
        return deployments;
    }

    /** The failed deployments in scope. */
    public List<DeploymentFacts> failed() {
        return failed;
    }

    public long failedCount() {
        return failed.size();
    }

    public long stableCount() {
        return stable;
    }

    public long pendingCount() {
        return pending;
    }

    /** {@code failed + stable}. */
    public long evaluatedCount() {
        return failed.size() + stable;
    }
}
