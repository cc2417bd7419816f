package io.dorastream.connector.rest;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import io.dorastream.connector.connection.ConnectionEntity;
import io.dorastream.connector.connection.ConnectionPatch;
import io.dorastream.connector.connection.ConnectionPurge;
import io.dorastream.connector.connection.ConnectionService;
import io.dorastream.connector.connection.ConnectionValidationException;
import io.dorastream.connector.connection.NewConnection;
import io.dorastream.connector.datadog.DatadogUnreachableException;

/** The connector's internal API for the gateway: connections and their sync status. */
@Path("/internal/connections")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "connections")
public class InternalConnectionResource {

    private static final Logger LOG = Logger.getLogger(InternalConnectionResource.class);

    private final ConnectionService connections;
    private final ConnectionPurge purge;
    private final Clock clock;

    public InternalConnectionResource(ConnectionService connections, ConnectionPurge purge, Clock clock) {
        this.connections = connections;
        this.purge = purge;
        this.clock = clock;
    }

    @POST
    @Operation(summary = "Validate keys live against Datadog, then store a connection")
    public Response create(NewConnection request) {
        if (request == null) {
            return Problem.response(400, "Bad Request", "a JSON body is required", null, null);
        }
        Map<String, String> invalid = connections.invalidFields(request);
        if (!invalid.isEmpty()) {
            return Problem.response(400, "Bad Request", "the connection has invalid fields", invalid, null);
        }
        try {
            ConnectionEntity c = connections.create(request);
            LOG.infof("connection %s (%s) created on %s", c.id, c.name, c.site);
            return Response.status(201).entity(view(c)).build();
        } catch (ConnectionValidationException e) {
            return Problem.response(422, "Validation Failed", e.getMessage(), null, e.checks());
        } catch (DatadogUnreachableException e) {
            return Problem.response(503, "Datadog Unavailable", e.getMessage(), null, null);
        }
    }

    @GET
    @Operation(summary = "All connections")
    public Map<String, Object> list() {
        Map<UUID, java.util.List<io.dorastream.connector.connection.StreamStateEntity>> streams = connections.allStreams();
        return Map.of("items", connections.list().stream()
                .map(c -> ConnectionView.of(c, streams.getOrDefault(c.id, java.util.List.of()))).toList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One connection")
    public Response get(@PathParam("id") UUID id) {
        ConnectionEntity c = connections.find(id);
        return c == null ? notFound(id) : Response.ok(view(c)).build();
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Rename, rotate keys (validated live), pause or resume, change the poll interval")
    public Response update(@PathParam("id") UUID id, ConnectionPatch patch) {
        if (patch == null) {
            return Problem.response(400, "Bad Request", "a JSON body is required", null, null);
        }
        Map<String, String> invalid = connections.invalidFields(patch);
        if (!invalid.isEmpty()) {
            return Problem.response(400, "Bad Request", "the change has invalid fields", invalid, null);
        }
        try {
            ConnectionEntity c = connections.update(id, patch);
            if (c == null) {
                return notFound(id);
            }
            LOG.infof("connection %s changed: %s", id, patch);
            return Response.ok(view(c)).build();
        } catch (ConnectionValidationException e) {
            return Problem.response(422, "Validation Failed", e.getMessage(), null, e.checks());
        } catch (DatadogUnreachableException e) {
            return Problem.response(503, "Datadog Unavailable", e.getMessage(), null, null);
        }
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Stop polling and delete; with purge=true also publish tombstones so downstream forgets its events")
    public Response delete(@PathParam("id") UUID id, @QueryParam("purge") boolean purge) {
        boolean found = purge ? this.purge.purge(id) : connections.delete(id);
        if (!found) {
            return notFound(id);
        }
        LOG.infof("connection %s deleted%s", id, purge ? " and purged" : "");
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/sync")
    @Operation(summary = "The sync status of a connection's streams")
    public Response sync(@PathParam("id") UUID id) {
        ConnectionEntity c = connections.find(id);
        return c == null ? notFound(id)
                : Response.ok(SyncStatusView.of(c, connections.streams(id), clock.instant())).build();
    }

    private ConnectionView view(ConnectionEntity c) {
        return ConnectionView.of(c, connections.streams(c.id));
    }

    private static Response notFound(UUID id) {
        return Problem.response(404, "Not Found", "no connection " + id, null, null);
    }
}
