package io.dorastream.aggregator.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code incident_link} verdicts of one service and env: its deployments in order, each owning
 * the interval {@code [its finished_at, the finished_at of the next deployment)} (the last one
 * open-ended), and the failures naming that service and env, each failing the deployment whose
 * interval holds the failure's start. Deployments are ordered by {@link IncidentLink#ORDER}
 * (finish — start when unfinished —, then start, then id), so deployments finishing at the same
 * instant own empty intervals except the last of them.
 *
 * <p>Immutable. An incremental keeper of verdicts can rebuild one of these for the service and env
 * an event touches, or use {@link #owner(Instant)}: a new failure fails exactly its owner; a new
 * deployment changes at most its own verdict and its predecessor's.
 */
public final class ServiceEnvTimeline {

    private final List<DeploymentFacts> deployments;
    private final Instant[] starts;
    private final List<Instant> failureStarts;

    private ServiceEnvTimeline(List<DeploymentFacts> deployments, List<Instant> failureStarts) {
        this.deployments = deployments;
        this.starts = deployments.stream().map(DeploymentFacts::windowInstant).toArray(Instant[]::new);
        this.failureStarts = failureStarts;
    }

    /**
     * @param deployments   the deployments of one service and env over all data, in any order (those
     *                      with neither finish nor start are ignored)
     * @param failureStarts the start instants of the failures naming that service and env
     */
    public static ServiceEnvTimeline of(Collection<DeploymentFacts> deployments, Collection<Instant> failureStarts) {
        List<DeploymentFacts> ordered = new ArrayList<>();
        for (DeploymentFacts d : deployments) {
            if (d.windowInstant() != null) {
                ordered.add(d);
            }
        }
        ordered.sort(IncidentLink.ORDER);
        List<Instant> failures = failureStarts.stream().filter(Objects::nonNull).sorted().toList();
        return new ServiceEnvTimeline(List.copyOf(ordered), failures);
    }

    /** The deployments, in order. */
    public List<DeploymentFacts> deployments() {
        return deployments;
    }

    /**
     * The index of the deployment whose interval holds the instant, or -1 when it comes before the
     * first deployment's finish.
     */
    public int ownerIndex(Instant failureStart) {
        // the last deployment whose finish is <= failureStart
        int lo = 0;
        int hi = starts.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (!starts[mid].isAfter(failureStart)) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The deployment a failure starting at the instant fails, or null. */
    public DeploymentFacts owner(Instant failureStart) {
        int i = ownerIndex(failureStart);
        return i < 0 ? null : deployments.get(i);
    }

    /** The end of the interval of the deployment at {@code index}: the next one's finish, null when open-ended. */
    public Instant intervalEnd(int index) {
        return index + 1 < starts.length ? starts[index + 1] : null;
    }

    /** The ids of the failed deployments, in deployment order. */
    public Set<String> failedIds() {
        Set<String> failed = new LinkedHashSet<>();
        for (Instant s : failureStarts) {
            int i = ownerIndex(s);
            if (i >= 0) {
                failed.add(deployments.get(i).id());
            }
        }
        List<String> ordered = deployments.stream().map(DeploymentFacts::id).filter(failed::contains).toList();
        return Collections.unmodifiableSet(new LinkedHashSet<>(ordered));
    }
}
