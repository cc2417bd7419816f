package io.dorastream.gateway.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The aggregator-service's internal metrics and events API. The gateway validates and normalizes the
 * query (windows as RFC 3339 instants) and passes it as it is; answers are forwarded, problems included.
 */
@RegisterRestClient(configKey = "aggregator")
@RegisterClientHeaders(InternalTokenHeaders.class)
@Produces(MediaType.APPLICATION_JSON)
public interface AggregatorClient {

    @GET
    @Path("/internal/metrics/summary")
    Response summary(@RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/internal/metrics/timeseries")
    Response timeseries(@RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/internal/metrics/breakdown")
    Response breakdown(@RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/internal/events/deployments")
    Response deployments(@RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/internal/events/incidents")
    Response incidents(@RestQuery MultivaluedMap<String, String> query);
}
