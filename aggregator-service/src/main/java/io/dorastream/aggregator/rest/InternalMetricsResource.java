package io.dorastream.aggregator.rest;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

import io.dorastream.aggregator.query.Filters;
import io.dorastream.aggregator.query.Grouping;
import io.dorastream.aggregator.query.MetricsQuery;
import io.dorastream.aggregator.query.Summary;

/**
 * The aggregator's internal metrics API for the gateway. Windows are RFC 3339 instants, {@code to}
 * exclusive; every bad parameter is a 400 problem naming it.
 */
@Path("/internal/metrics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "metrics")
public class InternalMetricsResource {

    /** Longest window: two years of retention plus a day. */
    static final Duration MAX_WINDOW = Duration.ofDays(731);
    /** RFC 3339 years have four digits; beyond them PostgreSQL's timestamps end (a 500 instead of a 400). */
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final MetricsQuery query;

    public InternalMetricsResource(MetricsQuery query) {
        this.query = query;
    }

    /** A 400 answer, thrown while reading parameters. */
    private static final class BadRequest extends Exception {
        final Map<String, String> errors;

        BadRequest(String detail, Map<String, String> errors) {
            super(detail, null, false, false);
            this.errors = errors;
        }

        Response response() {
            return Problem.response(400, "Bad Request", getMessage(), errors, null);
        }
    }

    @GET
    @Path("/summary")
    @Operation(summary = "Every DORA figure of a window and filters")
    @APIResponse(responseCode = "200", description = "The figures", content = @Content(schema = @Schema(implementation = Summary.class)))
    @APIResponse(responseCode = "400", description = "A bad parameter", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response summary(@Parameter(description = "RFC 3339 instant, inclusive") @QueryParam("from") String from,
            @Parameter(description = "RFC 3339 instant, exclusive; at most 731 days after from") @QueryParam("to") String to,
            @Parameter(description = "connection ids (repeatable)") @QueryParam("connection") List<String> connection,
            @Parameter(description = "services (repeatable)") @QueryParam("service") List<String> service,
            @Parameter(description = "envs (repeatable)") @QueryParam("env") List<String> env,
            @Parameter(description = "teams (repeatable)") @QueryParam("team") List<String> team,
            @Parameter(description = "benchmark table: dora-2023 (default) or dora-2021") @QueryParam("benchmark") String benchmark) {
        try {
            return Response.ok(query.summary(request(from, to, connection, service, env, team, benchmark))).build();
        } catch (BadRequest e) {
            return e.response();
        }
    }

    @GET
    @Path("/timeseries")
    @Operation(summary = "Every DORA figure per day, ISO week or calendar month of a window (edge intervals clipped to it)")
    @APIResponse(responseCode = "200", description = "The points", content = @Content(schema = @Schema(implementation = Summary.TimeSeries.class)))
    @APIResponse(responseCode = "400", description = "A bad parameter", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response timeseries(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("connection") List<String> connection, @QueryParam("service") List<String> service,
            @QueryParam("env") List<String> env, @QueryParam("team") List<String> team, @QueryParam("benchmark") String benchmark,
            @Parameter(description = "day, week (ISO, from Monday) or month", required = true,
                    schema = @Schema(type = SchemaType.STRING, enumeration = { "day", "week", "month" })) @QueryParam("interval") String interval) {
        try {
            MetricsQuery.Request r = request(from, to, connection, service, env, team, benchmark);
            Grouping.Interval i = parse("interval", interval, Grouping.Interval::parse);
            return Response.ok(query.timeseries(r, i)).build();
        } catch (BadRequest e) {
            return e.response();
        }
    }

    @GET
    @Path("/breakdown")
    @Operation(summary = "Every DORA figure per service, team or env, by deployment count (descending), then key")
    @APIResponse(responseCode = "200", description = "The items", content = @Content(schema = @Schema(implementation = Summary.Breakdown.class)))
    @APIResponse(responseCode = "400", description = "A bad parameter", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response breakdown(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("connection") List<String> connection, @QueryParam("service") List<String> service,
            @QueryParam("env") List<String> env, @QueryParam("team") List<String> team, @QueryParam("benchmark") String benchmark,
            @Parameter(description = "service, team or env", required = true,
                    schema = @Schema(type = SchemaType.STRING, enumeration = { "service", "team", "env" })) @QueryParam("by") String by,
            @Parameter(description = "most items returned, 1 to 1000 (default 100)") @QueryParam("limit") String limit) {
        try {
            MetricsQuery.Request r = request(from, to, connection, service, env, team, benchmark);
            Grouping.Dimension d = parse("by", by, Grouping.Dimension::parse);
            return Response.ok(query.breakdown(r, d, limit(limit))).build();
        } catch (BadRequest e) {
            return e.response();
        }
    }

    private MetricsQuery.Request request(String from, String to, List<String> connection, List<String> service, List<String> env,
            List<String> team, String benchmark) throws BadRequest {
        Instant f = instant("from", from);
        Instant t = instant("to", to);
        if (!f.isBefore(t)) {
            throw new BadRequest("from must be before to", Map.of("from", "not before to"));
        }
        if (Duration.between(f, t).compareTo(MAX_WINDOW) > 0) {
            throw new BadRequest("the window is longer than 731 days", Map.of("to", "too far from from"));
        }
        List<UUID> connections;
        try {
            connections = connection.stream().filter(c -> c != null && !c.isBlank()).map(c -> UUID.fromString(c.trim())).toList();
        } catch (IllegalArgumentException e) {
            throw new BadRequest("connection must be a connection id (UUID): " + e.getMessage(), Map.of("connection", "not a UUID"));
        }
        String table = benchmark == null || benchmark.isBlank() ? null : benchmark;
        if (table != null && !query.benchmarks().contains(table)) {
            String known = String.join(", ", query.benchmarks());
            throw new BadRequest("unknown benchmark table '" + table + "'; known: " + known, Map.of("benchmark", "one of " + known));
        }
        return new MetricsQuery.Request(f, t, new Filters(connections, service, env, team), table);
    }

    private static <T> T parse(String name, String value, java.util.function.Function<String, T> parser) throws BadRequest {
        if (value == null || value.isBlank()) {
            throw new BadRequest(name + " is required", Map.of(name, "required"));
        }
        try {
            return parser.apply(value.trim());
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage(), Map.of(name, e.getMessage()));
        }
    }

    private static int limit(String value) throws BadRequest {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequest("limit must be an integer from 1 to " + MAX_LIMIT, Map.of("limit", "1 to " + MAX_LIMIT));
    }

    private static Instant instant(String name, String value) throws BadRequest {
        if (value == null || value.isBlank()) {
            throw new BadRequest(name + " is required (an RFC 3339 instant)", Map.of(name, "required"));
        }
        try {
            Instant i = Instant.parse(value);
            if (i.isBefore(EARLIEST) || i.isAfter(LATEST)) {
                throw new BadRequest(name + " is out of range (years 0000 to 9999)", Map.of(name, "out of range"));
            }
            return i;
        } catch (DateTimeParseException e) {
            throw new BadRequest(name + " is not an RFC 3339 instant: " + value, new LinkedHashMap<>(Map.of(name, "not an RFC 3339 instant")));
        }
    }
}
