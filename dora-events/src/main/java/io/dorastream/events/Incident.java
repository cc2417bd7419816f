package io.dorastream.events;

import java.time.Instant;
import java.util.List;

/**
 * A Datadog DORA failure (incident) event, normalized. {@code services}, {@code envs} and
 * {@code teams} are lists because Datadog sends either a string or an array for each.
 *
 * @param startedAt        a failure belongs to a window by this instant
 * @param finishedAt       {@code null} while the failure is open
 * @param timeToRestoreSec Datadog's own time to restore, where it gives one
 */
public record Incident(
        String name,
        String severity,
        List<String> services,
        List<String> envs,
        List<String> teams,
        String version,
        Instant startedAt,
        Instant finishedAt,
        Long timeToRestoreSec,
        List<String> customTags,
        Deployment.Git git) {
}
