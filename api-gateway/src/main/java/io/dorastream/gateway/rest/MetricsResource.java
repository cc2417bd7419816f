package io.dorastream.gateway.rest;

import java.util.List;
import java.util.function.Function;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dorastream.api.benchmark.Benchmarks;
import io.dorastream.api.metrics.Summary;

import io.dorastream.gateway.auth.Roles;
import io.dorastream.gateway.cache.ETags;
import io.dorastream.gateway.cache.MetricsCache;
import io.dorastream.gateway.client.AggregatorBackend;
import io.dorastream.gateway.client.Answer;
import io.dorastream.gateway.config.GatewayConfig;

/**
 * DORA metrics of a window and filters (viewer role): validated and normalized here, answered by the
 * aggregator, served from {@link MetricsCache} while fresh, with an {@code ETag} (the body's hash)
 * and {@code Cache-Control: private, max-age}; {@code If-None-Match} gives a 304. Time series and
 * breakdowns also answer CSV ({@code Accept: text/csv}, see {@link MetricsCsv}).
 */
@Path("/api/v1/metrics/dora")
@Tag(name = "metrics")
@SecurityRequirement(name = "bearer")
public class MetricsResource {

    private static final String CSV = MetricsCsv.MEDIA_TYPE;
    private static final String CSV_TYPE = CSV + "; charset=UTF-8; header=present";
    private static final List<String> INTERVALS = List.of("day", "week", "month");
    private static final List<String> BREAKDOWNS = List.of("service", "team", "env");
    /** The values and the default are the contract's ({@link Benchmarks}), written into the document by its filter. */
    private static final String BENCHMARK = Benchmarks.DESCRIPTION;
    private static final String CSV_DOC = "RFC 4180 with a header row, the same whatever the benchmark: start,end (time series)"
            + " or key (breakdown), then one column per figure field (e.g. changeLeadTime.medianSeconds, changeLeadTime.lowSample,"
            + " changeLeadTime.score, changeLeadTime.percentile), approximate, the profile's scores and percentiles, dataAsOf;"
            + " empty cells where a value does not apply; see the README";

    private final AggregatorBackend aggregator;
    private final MetricsCache cache;
    private final ObjectMapper json;
    private final String cacheControl;

    public MetricsResource(AggregatorBackend aggregator, MetricsCache cache,
            ObjectMapper json, GatewayConfig config) {
        this.aggregator = aggregator;
        this.cache = cache;
        this.json = json;
        this.cacheControl = "private, max-age=" + config.cache().clientMaxAge().toSeconds();
    }

    @GET
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every DORA figure of a window [from, to) and filters")
    @APIResponse(responseCode = "200", description = "the summary", headers = {
            @Header(name = "ETag", description = "hash of the body", schema = @Schema(type = SchemaType.STRING)),
            @Header(name = "Cache-Control", description = "private, max-age=<seconds>", schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Summary.class)))
    @APIResponse(responseCode = "304", description = "If-None-Match named the current ETag")
    public Response summary(@BeanParam ScopeParams scope, @QueryParam("benchmark") @Parameter(description = BENCHMARK,
            schema = @Schema(type = SchemaType.STRING)) String benchmark, @BeanParam GroupParams group,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        ApiQuery q = scope.query().benchmark(benchmark, group.industry, group.orgSize).build();
        return answer("summary", q, aggregator::summary, ifNoneMatch, null, null);
    }

    @GET
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    @Path("/timeseries")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(summary = "The figures per day, ISO week or month of the window; CSV with Accept: text/csv")
    @APIResponse(responseCode = "200", description = "the time series (CSV: start,end, then the figure columns)", headers = {
            @Header(name = "ETag", description = "hash of the body", schema = @Schema(type = SchemaType.STRING)),
            @Header(name = "Cache-Control", description = "private, max-age=<seconds>", schema = @Schema(type = SchemaType.STRING))},
            content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Summary.TimeSeries.class)),
                    @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING, description = CSV_DOC))})
    @APIResponse(responseCode = "304", description = "If-None-Match named the current ETag")
    public Response timeseries(@BeanParam ScopeParams scope,
            @QueryParam("interval") @Parameter(required = true, description = "bucket size; ISO weeks start on Monday",
                    schema = @Schema(enumeration = {"day", "week", "month"})) String interval,
            @QueryParam("benchmark") @Parameter(description = BENCHMARK,
                    schema = @Schema(type = SchemaType.STRING)) String benchmark, @BeanParam GroupParams group,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Context HttpHeaders headers) {
        ApiQuery q = scope.query().oneOf("interval", interval, null, INTERVALS)
                .benchmark(benchmark, group.industry, group.orgSize).build();
        return answer("timeseries", q, aggregator::timeseries, ifNoneMatch, headers, MetricsCsv::timeseries);
    }

    @GET
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    @Path("/breakdown")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(summary = "The figures per service, team or env; CSV with Accept: text/csv")
    @APIResponse(responseCode = "200", description = "the breakdown (CSV: key, then the figure columns)", headers = {
            @Header(name = "ETag", description = "hash of the body", schema = @Schema(type = SchemaType.STRING)),
            @Header(name = "Cache-Control", description = "private, max-age=<seconds>", schema = @Schema(type = SchemaType.STRING))},
            content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Summary.Breakdown.class)),
                    @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING, description = CSV_DOC))})
    @APIResponse(responseCode = "304", description = "If-None-Match named the current ETag")
    public Response breakdown(@BeanParam ScopeParams scope,
            @QueryParam("by") @Parameter(required = true, description = "what to break the figures down by",
                    schema = @Schema(enumeration = {"service", "team", "env"})) String by,
            @QueryParam("limit") @Parameter(description = "most keys returned (1–1000), the most deployed first",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "100")) String limit,
            @QueryParam("benchmark") @Parameter(description = BENCHMARK,
                    schema = @Schema(type = SchemaType.STRING)) String benchmark, @BeanParam GroupParams group,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Context HttpHeaders headers) {
        ApiQuery q = scope.query().oneOf("by", by, null, BREAKDOWNS).limit(limit, 100, 1000)
                .benchmark(benchmark, group.industry, group.orgSize).build();
        return answer("breakdown", q, aggregator::breakdown, ifNoneMatch, headers, MetricsCsv::breakdown);
    }

    private Response answer(String endpoint, ApiQuery q, Function<MultivaluedMap<String, String>, Answer> call,
            String ifNoneMatch, HttpHeaders headers, Function<JsonNode, String> csv) {
        MetricsCache.Lookup lookup = cache.get(endpoint + "?" + q.key(),
                () -> call.apply(q.toMultivaluedMap()));
        if (lookup.entry() == null) {
            return lookup.uncached().toResponse();
        }
        String body = lookup.entry().body();
        String type = MediaType.APPLICATION_JSON;
        String etag = lookup.entry().etag();
        if (csv != null && wantsCsv(headers)) {
            try {
                body = csv.apply(json.readTree(body));
            } catch (JsonProcessingException e) {
                return Problem.response(502, "Bad Gateway", aggregator.name() + " answered unreadable JSON", null);
            }
            type = CSV_TYPE;
            etag = ETags.of(body);
        }
        Response.ResponseBuilder out = ETags.matches(ifNoneMatch, etag)
                ? Response.notModified()
                : Response.ok(body, type);
        return out.header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, cacheControl).header(HttpHeaders.VARY, HttpHeaders.ACCEPT).build();
    }

    /** CSV when the caller prefers it to JSON; any wildcard means JSON. */
    private static boolean wantsCsv(HttpHeaders headers) {
        for (MediaType m : headers.getAcceptableMediaTypes()) {
            if (m.isWildcardType() || m.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if ("text".equals(m.getType()) && "csv".equals(m.getSubtype())) {
                return true;
            }
        }
        return false;
    }
}
