package io.dorastream.connector.rest;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.dorastream.connector.connection.ConnectionService;
import io.dorastream.connector.connection.StreamStateEntity;

/** The sync status of every connection at once: what the gateway's {@code /api/v1/status} shows. */
@Path("/internal/sync")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sync")
public class InternalSyncResource {

    private final ConnectionService connections;
    private final Clock clock;

    public InternalSyncResource(ConnectionService connections, Clock clock) {
        this.connections = connections;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "The sync status of every connection's streams")
    public Map<String, List<SyncStatusView>> all() {
        Map<UUID, List<StreamStateEntity>> streams = connections.allStreams();
        return Map.of("items", connections.list().stream()
                .map(c -> SyncStatusView.of(c, streams.getOrDefault(c.id, List.of()), clock.instant())).toList());
    }
}
