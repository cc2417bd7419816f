package io.dorastream.gateway.client;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The aggregator-service's internal metrics API; windows are passed as RFC 3339 instants. */
@RegisterRestClient(configKey = "aggregator")
@RegisterClientHeaders(InternalTokenHeaders.class)
@Path("/internal/metrics")
@Produces(MediaType.APPLICATION_JSON)
public interface AggregatorClient {

    @GET
    @Path("/summary")
    Response summary(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("connection") List<String> connection, @QueryParam("service") List<String> service,
            @QueryParam("env") List<String> env, @QueryParam("team") List<String> team);
}
