package io.dorastream.aggregator.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.dorastream.events.Incident;

/**
 * What the DORA figures need of one failure (incident) event, its latest version.
 *
 * @param id               unique among the facts computed together
 * @param services         the services it names (empty when none)
 * @param envs             the envs it names (empty when none)
 * @param teams            the teams it names (empty when none)
 * @param startedAt        a failure belongs to a window by this instant
 * @param finishedAt       {@code null} while the failure is open
 * @param timeToRestoreSec Datadog's own time to restore, where it gives one
 */
public record FailureFacts(
        String id,
        List<String> services,
        List<String> envs,
        List<String> teams,
        Instant startedAt,
        Instant finishedAt,
        Long timeToRestoreSec) {

    public FailureFacts {
        Objects.requireNonNull(id, "id");
        services = clean(services);
        envs = clean(envs);
        teams = clean(teams);
    }

    /** The facts of a normalized incident event. */
    public static FailureFacts from(String id, Incident i) {
        return new FailureFacts(id, i.services(), i.envs(), i.teams(), i.startedAt(), i.finishedAt(), i.timeToRestoreSec());
    }

    /** Resolved: it has a {@code finished_at}. */
    public boolean resolved() {
        return finishedAt != null;
    }

    /**
     * Its time to restore in seconds: {@code time_to_restore} when present, else
     * {@code finished_at - started_at}; {@code null} while open (or without a start).
     */
    public Double timeToRestoreSeconds() {
        if (!resolved()) {
            return null;
        }
        if (timeToRestoreSec != null) {
            return timeToRestoreSec.doubleValue();
        }
        if (startedAt == null) {
            return null;
        }
        Duration d = Duration.between(startedAt, finishedAt);
        return d.getSeconds() + d.getNano() / 1e9;
    }

    private static List<String> clean(List<String> values) {
        return values == null ? List.of() : values.stream().filter(Objects::nonNull).toList();
    }
}
