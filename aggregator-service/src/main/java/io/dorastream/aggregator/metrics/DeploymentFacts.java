package io.dorastream.aggregator.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.dorastream.events.Deployment;

/**
 * What the DORA figures need of one deployment (its latest version). The aggregator stores these
 * facts per deployment.
 *
 * @param id              unique among the facts computed together (the Datadog event id within
 *                        one connection; e.g. the {@code EventKey} text when connections mix)
 * @param leadTimeSec     the deployment's change lead time ({@link #leadTimeOf(Deployment)}), or null
 * @param changeFailure   {@code true} failed, {@code false} stable, {@code null} pending
 * @param remediationType {@code remediation.type}, or null
 * @param deploymentType  {@code standard}, {@code rollback}, {@code rollforward}, or null when unknown
 */
public record DeploymentFacts(
        String id,
        String service,
        String env,
        String team,
        Instant startedAt,
        Instant finishedAt,
        Double leadTimeSec,
        Boolean changeFailure,
        Long recoveryTimeSec,
        String remediationType,
        String deploymentType) {

    public DeploymentFacts {
        Objects.requireNonNull(id, "id");
    }

    /** The facts of a normalized deployment event. */
    public static DeploymentFacts from(String id, Deployment d) {
        return new DeploymentFacts(id, d.service(), d.env(), d.team(), d.startedAt(), d.finishedAt(), leadTimeOf(d),
                d.changeFailure(), d.recoveryTimeSec(), d.remediation() == null ? null : d.remediation().type(),
                d.deploymentType());
    }

    /**
     * A deployment's change lead time in seconds: the mean of its commits' {@code change_lead_time}
     * over the commits that carry one; only where no commit carries one, the deployment's own
     * average; otherwise none ({@code null}). Non-finite values count as absent.
     */
    public static Double leadTimeOf(Deployment d) {
        List<Double> commitLeadTimes = new ArrayList<>();
        if (d.commits() != null) {
            for (Deployment.Commit c : d.commits()) {
                if (c != null && c.changeLeadTimeSec() != null && Double.isFinite(c.changeLeadTimeSec())) {
                    commitLeadTimes.add(c.changeLeadTimeSec());
                }
            }
        }
        if (!commitLeadTimes.isEmpty()) {
            return Percentiles.mean(commitLeadTimes);
        }
        Double own = d.changeLeadTimeSec();
        return own != null && Double.isFinite(own) ? own : null;
    }

    /** The instant that places the deployment in a window (and orders it): finish, else start. */
    public Instant windowInstant() {
        return finishedAt != null ? finishedAt : startedAt;
    }
}
