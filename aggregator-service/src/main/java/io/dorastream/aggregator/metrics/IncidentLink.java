package io.dorastream.aggregator.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The change-failure fallback ({@code incident_link}), over all deployments and failures of one
 * connection (never only a query's window or filters): a deployment is failed when a failure naming
 * its service and its env starts in {@code [its finished_at, the finished_at of the next deployment
 * of that service and env)}; the last deployment's interval is open-ended. A failure without
 * services or without envs links to nothing; a failure naming several services (or envs) can fail
 * one deployment of each service and env it names. The work is split per service and env
 * ({@link ServiceEnvTimeline}).
 */
public final class IncidentLink {

    /**
     * The order of deployments within one service and env: finish (start when unfinished), then
     * start, then id.
     */
    public static final Comparator<DeploymentFacts> ORDER = Comparator
            .comparing(DeploymentFacts::windowInstant, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(DeploymentFacts::startedAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(DeploymentFacts::id);

    /** A service and env. */
    public record Key(String service, String env) {
    }

    private IncidentLink() {
    }

    /** The ids of the deployments failed under {@code incident_link}. */
    public static Set<String> failedDeployments(Collection<DeploymentFacts> deployments, Collection<FailureFacts> failures) {
        Map<Key, List<DeploymentFacts>> byKey = deploymentsByKey(deployments);
        Map<Key, List<Instant>> starts = failureStartsByKey(failures);
        Set<String> failed = new LinkedHashSet<>();
        for (Map.Entry<Key, List<Instant>> e : starts.entrySet()) {
            List<DeploymentFacts> ds = byKey.get(e.getKey());
            if (ds != null) {
                failed.addAll(ServiceEnvTimeline.of(ds, e.getValue()).failedIds());
            }
        }
        return Set.copyOf(failed);
    }

    /** The timeline of every service and env that has deployments. */
    public static Map<Key, ServiceEnvTimeline> timelines(Collection<DeploymentFacts> deployments, Collection<FailureFacts> failures) {
        Map<Key, List<Instant>> starts = failureStartsByKey(failures);
        Map<Key, ServiceEnvTimeline> timelines = new HashMap<>();
        deploymentsByKey(deployments).forEach((k, ds) -> timelines.put(k, ServiceEnvTimeline.of(ds, starts.getOrDefault(k, List.of()))));
        return timelines;
    }

    /** The service and env of a deployment; null when it lacks either (no failure can name it). */
    public static Key key(DeploymentFacts d) {
        return d.service() == null || d.env() == null ? null : new Key(d.service(), d.env());
    }

    /** Every service and env a failure names (services × envs); empty when it names no service or no env. */
    public static Set<Key> keys(FailureFacts f) {
        Set<Key> keys = new LinkedHashSet<>();
        for (String s : f.services()) {
            for (String e : f.envs()) {
                keys.add(new Key(s, e));
            }
        }
        return keys;
    }

    static Map<Key, List<DeploymentFacts>> deploymentsByKey(Collection<DeploymentFacts> deployments) {
        Map<Key, List<DeploymentFacts>> byKey = new HashMap<>();
        for (DeploymentFacts d : deployments) {
            Key k = key(d);
            if (k != null) {
                byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(d);
            }
        }
        return byKey;
    }

    static Map<Key, List<Instant>> failureStartsByKey(Collection<FailureFacts> failures) {
        Map<Key, List<Instant>> byKey = new HashMap<>();
        for (FailureFacts f : failures) {
            if (f.startedAt() == null) {
                continue;
            }
            for (Key k : keys(f)) {
                byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(f.startedAt());
            }
        }
        return byKey;
    }
}
