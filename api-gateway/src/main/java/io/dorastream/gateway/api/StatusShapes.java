package io.dorastream.gateway.api;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.dorastream.gateway.api.ConnectionShapes.StreamSync;

/**
 * The gateway's own status report ({@code /api/v1/status}).
 */
public final class StatusShapes {

    private StatusShapes() {
    }

    @Schema(description = "Whether the gateway can reach a backend and the backend says it is ready")
    public record BackendHealth(
            @Schema(required = true, enumeration = {"connector-service", "aggregator-service"}) String name,
            @Schema(required = true, enumeration = {"up", "down"}) String status,
            @Schema(required = true, nullable = true) String detail) {
    }

    @Schema(description = "The sync summary of one connection")
    public record ConnectionSync(
            @Schema(required = true) String connectionId,
            @Schema(required = true, nullable = true) String name,
            @Schema(required = true, nullable = true, enumeration = {"active", "paused", "unauthorized", "failing"}) String status,
            @Schema(required = true) Map<String, StreamSync> streams) {
    }

    @Schema(description = "The health of the backends and the sync of every connection")
    public record StatusReport(
            @Schema(required = true, enumeration = {"ok", "degraded"}, description = "degraded when a backend is down") String status,
            @Schema(required = true) List<BackendHealth> backends,
            @Schema(required = true, nullable = true, description = "null when the connector cannot be asked") List<ConnectionSync> connections) {
    }
}
