package io.dorastream.gateway.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.dorastream.api.query.IdempotencyKey;

/** The connector-service's internal API. Answers are forwarded as they are, problems included. */
@RegisterRestClient(configKey = "connector")
@RegisterClientHeaders(InternalTokenHeaders.class)
@Produces(MediaType.APPLICATION_JSON)
public interface ConnectorClient {

    /**
     * @param idempotencyKey the caller's {@code Idempotency-Key}, or null (then not sent)
     * @param caller         the authenticated caller's name, so that keys of different callers never meet
     */
    @POST
    @Path("/internal/connections")
    @Consumes(MediaType.APPLICATION_JSON)
    Response create(String body, @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            @HeaderParam(IdempotencyKey.CALLER_HEADER) String caller);

    @GET
    @Path("/internal/connections")
    Response list();

    @GET
    @Path("/internal/connections/{id}")
    Response get(@PathParam("id") String id);

    @PATCH
    @Path("/internal/connections/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    Response update(@PathParam("id") String id, String body);

    @DELETE
    @Path("/internal/connections/{id}")
    Response delete(@PathParam("id") String id, @QueryParam("purge") boolean purge);

    @GET
    @Path("/internal/connections/{id}/sync")
    Response sync(@PathParam("id") String id);

    /** Re-read a range of one connection: {@code {"from"?, "to"?}} instants. */
    @POST
    @Path("/internal/connections/{id}/sync")
    @Consumes(MediaType.APPLICATION_JSON)
    Response resync(@PathParam("id") String id, String body);

    /** The sync status of every connection. */
    @GET
    @Path("/internal/sync")
    Response syncAll();
}
