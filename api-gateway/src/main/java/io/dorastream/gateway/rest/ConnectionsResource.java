package io.dorastream.gateway.rest;

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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.gateway.client.Backends;
import io.dorastream.gateway.client.ConnectorClient;

/** Connections to Datadog organisations (admin role for writes, viewer for reads). Bodies are never logged. */
@Path("/api/v1/connections")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "connections")
@SecurityRequirement(name = "bearer")
public class ConnectionsResource {

    static final String CONNECTOR = "connector-service";

    private final ConnectorClient connector;

    public ConnectionsResource(@RestClient ConnectorClient connector) {
        this.connector = connector;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Connect a Datadog organisation (keys validated live, stored encrypted)")
    public Response create(JsonNode body) {
        if (body == null || !body.isObject()) {
            return Problem.response(400, "Bad Request", "the body must be a JSON object", null);
        }
        return Backends.forward(CONNECTOR, () -> connector.create(body.toString()));
    }

    @GET
    @Operation(summary = "All connections")
    public Response list() {
        return Backends.forward(CONNECTOR, connector::list);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One connection")
    public Response get(@PathParam("id") String id) {
        return validId(id) ? Backends.forward(CONNECTOR, () -> connector.get(id)) : notFound(id);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rename, rotate keys (validated live), pause or resume, change the poll interval")
    public Response update(@PathParam("id") String id, JsonNode body) {
        if (!validId(id)) {
            return notFound(id);
        }
        if (body == null || !body.isObject()) {
            return Problem.response(400, "Bad Request", "the body must be a JSON object", null);
        }
        return Backends.forward(CONNECTOR, () -> connector.update(id, body.toString()));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Stop polling and delete the connection; purge=true also makes downstream forget its events")
    public Response delete(@PathParam("id") String id, @QueryParam("purge") boolean purge) {
        return validId(id) ? Backends.forward(CONNECTOR, () -> connector.delete(id, purge)) : notFound(id);
    }

    @GET
    @Path("/{id}/sync")
    @Operation(summary = "A connection's sync status")
    public Response sync(@PathParam("id") String id) {
        return validId(id) ? Backends.forward(CONNECTOR, () -> connector.sync(id)) : notFound(id);
    }

    private static boolean validId(String id) {
        try {
            return UUID.fromString(id).toString().equalsIgnoreCase(id); // no short forms such as 1-1-1-1-1
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Response notFound(String id) {
        return Problem.response(404, "Not Found", "no connection " + id, Map.of("id", "not a connection id"));
    }
}
