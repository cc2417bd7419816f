package io.dorastream.gateway.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.dorastream.gateway.client.AggregatorClient;
import io.dorastream.gateway.client.Backends;

/** DORA metrics of a window and filters (viewer role). */
@Path("/api/v1/metrics/dora")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "metrics")
@SecurityRequirement(name = "bearer")
public class MetricsResource {

    static final String AGGREGATOR = "aggregator-service";

    private final AggregatorClient aggregator;

    public MetricsResource(@RestClient AggregatorClient aggregator) {
        this.aggregator = aggregator;
    }

    @GET
    @Operation(summary = "The DORA figures of a window [from, to) and filters")
    public Response summary(
            @Parameter(description = "window start: a date (midnight UTC) or an RFC 3339 instant") @QueryParam("from") String from,
            @Parameter(description = "window end, exclusive; at most 731 days after from") @QueryParam("to") String to,
            @QueryParam("connection") List<String> connection, @QueryParam("service") List<String> service,
            @QueryParam("env") List<String> env, @QueryParam("team") List<String> team) {
        QueryWindow window;
        try {
            window = QueryWindow.parse(from, to);
        } catch (QueryWindow.InvalidWindowException e) {
            return Problem.response(400, "Bad Request", e.getMessage(), e.errors());
        }
        return Backends.forward(AGGREGATOR, () -> aggregator.summary(window.from().toString(), window.to().toString(),
                connection, service, env, team));
    }
}
