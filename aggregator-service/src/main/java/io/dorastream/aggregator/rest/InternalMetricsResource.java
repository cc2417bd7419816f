package io.dorastream.aggregator.rest;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.dorastream.aggregator.query.SummaryQuery;

/** The aggregator's internal metrics API for the gateway. Windows are RFC 3339 instants, {@code to} exclusive. */
@Path("/internal/metrics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "metrics")
public class InternalMetricsResource {

    private final SummaryQuery query;

    public InternalMetricsResource(SummaryQuery query) {
        this.query = query;
    }

    @GET
    @Path("/summary")
    @Operation(summary = "The DORA figures of a window and filters")
    public Response summary(@BeanParam CommonParams params) {
        CommonParams.Scope scope = params.scope();
        return Response.ok(query.summary(scope.from(), scope.to(), scope.filters())).build();
    }
}
