package io.dorastream.events;

import java.time.Instant;
import java.util.List;

/**
 * A Datadog DORA deployment event, normalized. Every attribute is nullable where Datadog may omit
 * it; durations are in seconds. The untouched Datadog attributes travel beside it in
 * {@link EventEnvelope#raw()}.
 *
 * @param service         the deployed service (Datadog requires it)
 * @param startedAt       when the deployment started (Datadog requires it)
 * @param finishedAt      when it finished; a deployment belongs to a window by this instant
 * @param changeFailure   {@code true} failed, {@code false} stable, {@code null} not evaluated yet
 * @param recoveryTimeSec seconds from this failed deployment's finish to its remediation's finish
 * @param deploymentType  {@code standard}, {@code rollback} or {@code rollforward}
 * @param changeLeadTimeSec the deployment's own average change lead time, where Datadog gives one
 */
public record Deployment(
        String service,
        String env,
        String team,
        String version,
        Instant startedAt,
        Instant finishedAt,
        List<String> customTags,
        Git git,
        Boolean changeFailure,
        Long recoveryTimeSec,
        Remediation remediation,
        String deploymentType,
        List<Commit> commits,
        List<PullRequest> pullRequests,
        Integer numberOfCommits,
        Integer numberOfPullRequests,
        Double durationSec,
        String source,
        Instant createdAt,
        Double changeLeadTimeSec) {

    /** The instant that places the deployment in a window: finish, else start. */
    public Instant windowInstant() {
        return finishedAt != null ? finishedAt : startedAt;
    }

    /** Git metadata: {@code repositoryId} in Datadog's responses ({@code repository_url} in send bodies). */
    public record Git(String commitSha, String repositoryId) {
    }

    /** How a failed deployment was remediated: by another deployment {@code id} or {@code version}. */
    public record Remediation(String id, String version, String type) {
    }

    public record Commit(
            String sha,
            Instant timestamp,
            Author author,
            String message,
            String htmlUrl,
            Double changeLeadTimeSec,
            Double timeToDeploySec) {
    }

    /** A commit author. The connector drops or hashes {@code email}/{@code canonicalEmail} by default. */
    public record Author(String email, String canonicalEmail, Boolean isBot) {
    }

    public record PullRequest(Instant createdAt, Instant mergedAt, Boolean isFullyAutomated) {
    }
}
