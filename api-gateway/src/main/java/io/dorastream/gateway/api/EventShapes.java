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
            @Schema(required = true, description = "Datadog's raw attributes") Map<String, Object> raw) {
    }

    @Schema(description = "An incident (failure) as last published (the normalized event's fields also appear)")
    public record Incident(
            @Schema(required = true) String connectionId,
            @Schema(required = true) String eventId,
            @Schema(required = true) long version,
            @Schema(required = true, nullable = true) Instant startedAt,
            @Schema(required = true, nullable = true) Instant finishedAt,
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
