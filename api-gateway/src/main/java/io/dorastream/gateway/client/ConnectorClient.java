package io.dorastream.gateway.client;

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

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The connector-service's internal API. Answers are forwarded as they are, problems included. */
@RegisterRestClient(configKey = "connector")
@RegisterClientHeaders(InternalTokenHeaders.class)
@Path("/internal/connections")
@Produces(MediaType.APPLICATION_JSON)
public interface ConnectorClient {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Response create(String body);

    @GET
    Response list();

    @GET
    @Path("/{id}")
    Response get(@PathParam("id") String id);

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    Response update(@PathParam("id") String id, String body);

    @DELETE
    @Path("/{id}")
    Response delete(@PathParam("id") String id, @QueryParam("purge") boolean purge);

    @GET
    @Path("/{id}/sync")
    Response sync(@PathParam("id") String id);
}
