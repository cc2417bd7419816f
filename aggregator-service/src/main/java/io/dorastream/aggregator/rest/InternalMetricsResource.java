package io.dorastream.aggregator.rest;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.dorastream.aggregator.query.Grouping;
import io.dorastream.aggregator.query.MetricsQuery;
import io.dorastream.api.metrics.Summary;

/**
 * The aggregator's internal metrics API for the gateway. Windows are RFC 3339 instants, {@code to}
 * exclusive; every bad parameter is a 400 problem naming it ({@link InvalidParameter}).
 */
@Path("/internal/metrics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "metrics")
public class InternalMetricsResource {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final MetricsQuery query;

    public InternalMetricsResource(MetricsQuery query) {
        this.query = query;
    }

    @GET
    @Path("/summary")
    @Operation(summary = "Every DORA figure of a window and filters")
    @APIResponse(responseCode = "200", description = "The figures", content = @Content(schema = @Schema(implementation = Summary.class)))
    @APIResponse(responseCode = "400", description = "A bad parameter", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response summary(@BeanParam CommonParams params) {
        return Response.ok(query.summary(request(params))).build();
    }

    @GET
    @Path("/timeseries")
    @Operation(summary = "Every DORA figure per day, ISO week or calendar month of a window (edge intervals clipped to it)")
    @APIResponse(responseCode = "200", description = "The points", content = @Content(schema = @Schema(implementation = Summary.TimeSeries.class)))
    @APIResponse(responseCode = "400", description = "A bad parameter", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response timeseries(@BeanParam CommonParams params,
            @Parameter(description = "day, week (ISO, from Monday) or month", required = true,
                    schema = @Schema(type = SchemaType.STRING, enumeration = { "day", "week", "month" })) @QueryParam("interval") String interval) {
        MetricsQuery.Request r = request(params);
        return Response.ok(query.timeseries(r, required("interval", interval, Grouping.Interval::parse))).build();
    }

    @GET
    @Path("/breakdown")
    @Operation(summary = "Every DORA figure per service, team or env, by deployment count (descending), then key")
    @APIResponse(responseCode = "200", description = "The items", content = @Content(schema = @Schema(implementation = Summary.Breakdown.class)))
    @APIResponse(responseCode = "400", description = "A bad parameter", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response breakdown(@BeanParam CommonParams params,
            @Parameter(description = "service, team or env", required = true,
                    schema = @Schema(type = SchemaType.STRING, enumeration = { "service", "team", "env" })) @QueryParam("by") String by,
            @Parameter(description = "most items returned, 1 to 1000 (default 100)") @QueryParam("limit") String limit) {
        MetricsQuery.Request r = request(params);
        Grouping.Dimension d = required("by", by, Grouping.Dimension::parse);
        return Response.ok(query.breakdown(r, d, CommonParams.limit(limit, DEFAULT_LIMIT, MAX_LIMIT))).build();
    }

    private static MetricsQuery.Request request(CommonParams params) {
        CommonParams.Scope scope = params.scope();
        return new MetricsQuery.Request(scope.from(), scope.to(), scope.filters(), scope.benchmark().name(), scope.group());
    }

    private static <T> T required(String name, String value, java.util.function.Function<String, T> parser) {
        if (value == null || value.isBlank()) {
            throw new InvalidParameter(name, name + " is required");
        }
        try {
            return parser.apply(value.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidParameter(name, e.getMessage());
        }
    }
}
