package io.dorastream.gateway.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The shapes of the event pages the gateway forwards from the aggregator, for the OpenAPI document
 * (they describe the contract rather than being filled in; the contract tests validate every response
 * against the document). The metrics answers are the records of the contract module (dora-api).
 */
public final class EventShapes {

    private EventShapes() {
    }

    @Schema(description = "A deployment as last published (the normalized event's fields, e.g. service/env/team, also appear)")
    public record Deployment(
            @Schema(required = true) String connectionId,
            @Schema(required = true) String eventId,
            @Schema(required = true) long version,
            @Schema(required = true, nullable = true) Instant startedAt,
            @Schema(required = true, nullable = true) Instant finishedAt,
            @Schema(required = true, nullable = true, enumeration = {"failed", "ok", "pending"}) String changeFailure,
            @Schema(required = true) Verdict verdict,
            @Schema(required = true, description = "Datadog's raw attributes") Map<String, Object> raw) {
    }

    @Schema(name = "DeploymentVerdict", description = "Why the deployment counts as failed or not (docs/metrics.md,"
            + " change failure rate), under the method of the listing's scope")
    public record Verdict(
            @Schema(required = true, enumeration = {"change_failure", "incident_link"}) String method,
            @Schema(required = true, nullable = true, description = "change_failure: Datadog's verdict (null: not evaluated"
                    + " yet); null under incident_link") Boolean sourceVerdict,
            @Schema(required = true, nullable = true, description = "change_failure: Datadog's remediation of the deployment;"
                    + " null when it has none and under incident_link") Map<String, Object> remediation,
            @Schema(required = true, nullable = true, description = "incident_link: the ids of the failures of the same"
                    + " service and env that started in the deployment's interval (empty: stable); null under change_failure")
            List<String> linkedFailures,
            @Schema(required = true, nullable = true, description = "incident_link: the deployment's interval; null under"
                    + " change_failure") Interval interval,
            @Schema(required = true, description = "the rule applied, in words") String rule) {
    }

    @Schema(name = "VerdictInterval", description = "A deployment's interval under incident_link: from its finish (else"
            + " start) to the next deployment's of the same service and env (null: none yet, open-ended)")
    public record Interval(
            @Schema(required = true) Instant from,
            @Schema(required = true, nullable = true) Instant to) {
    }

    @Schema(name = "LinkedDeployment", description = "A deployment whose incident_link interval holds the failure's start")
    public record LinkedDeployment(
            @Schema(required = true) String eventId,
            @Schema(required = true) String service,
            @Schema(required = true) String env) {
    }

    @Schema(description = "An incident (failure) as last published (the normalized event's fields also appear)")
    public record Incident(
            @Schema(required = true) String connectionId,
            @Schema(required = true) String eventId,
            @Schema(required = true) long version,
            @Schema(required = true, nullable = true) Instant startedAt,
            @Schema(required = true, nullable = true) Instant finishedAt,
            @Schema(required = true, description = "The deployments it is linked to under the incident_link rule (same service"
                    + " and env, its start in their interval; one per service and env it names at most); they count as failed"
                    + " where that method applies") List<LinkedDeployment> linkedDeployments,
            @Schema(required = true, description = "Datadog's raw attributes") Map<String, Object> raw) {
    }

    @Schema(description = "A page of deployments, newest first")
    public record DeploymentPage(
            @Schema(required = true) List<Deployment> items,
            @Schema(required = true, nullable = true, description = "pass as cursor for the next page; null on the last") String nextCursor) {
    }

    @Schema(description = "A page of incidents, newest first")
    public record IncidentPage(
            @Schema(required = true) List<Incident> items,
            @Schema(required = true, nullable = true, description = "pass as cursor for the next page; null on the last") String nextCursor) {
    }
}
