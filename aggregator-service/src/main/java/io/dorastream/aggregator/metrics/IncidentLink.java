package io.dorastream.aggregator.metrics;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The change-failure fallback ({@code incident_link}), over all deployments and failures of one
 * connection (never only a query's window or filters): a deployment is failed when a failure naming
 * its service and its env starts in {@code [its finished_at, the finished_at of the next deployment
 * of that service and env)}; the last deployment's interval is open-ended. A failure without
 * services or without envs links to nothing; a failure naming several services (or envs) can fail
 * one deployment of each service and env it names.
 * <p>
 * The verdict itself is decided in one place, the database ({@code RollupSql#linkVerdict}), by the
 * rebuild and incrementally by the {@code Relinker}; this class only names the timelines a failure
 * touches.
 */
public final class IncidentLink {

    /** A service and env: one timeline of a connection. */
    public record Key(String service, String env) {
    }

    private IncidentLink() {
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
}
