package io.dorastream.aggregator.rest;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.dorastream.aggregator.query.Filters;
import io.dorastream.aggregator.query.SummaryQuery;

/** The aggregator's internal metrics API for the gateway. Windows are RFC 3339 instants, {@code to} exclusive. */
@Path("/internal/metrics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "metrics")
public class InternalMetricsResource {

    /** Longest window: two years of retention plus a day. */
    static final Duration MAX_WINDOW = Duration.ofDays(731);
    /** RFC 3339 years have four digits; beyond them PostgreSQL's timestamps end (a 500 instead of a 400). */
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private final SummaryQuery query;

    public InternalMetricsResource(SummaryQuery query) {
        this.query = query;
    }

    @GET
    @Path("/summary")
    @Operation(summary = "The DORA figures of a window and filters")
    public Response summary(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("connection") List<String> connection, @QueryParam("service") List<String> service,
            @QueryParam("env") List<String> env, @QueryParam("team") List<String> team) {
        Instant f;
        Instant t;
        List<UUID> connections;
        try {
            f = instant("from", from);
            t = instant("to", to);
            connections = connection.stream().map(UUID::fromString).toList();
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return Problem.response(400, "Bad Request", e.getMessage(), null, null);
        }
        if (!f.isBefore(t)) {
            return Problem.response(400, "Bad Request", "from must be before to", Map.of("from", "not before to"), null);
        }
        if (Duration.between(f, t).compareTo(MAX_WINDOW) > 0) {
            return Problem.response(400, "Bad Request", "the window is longer than 731 days", Map.of("to", "too far from from"), null);
        }
        return Response.ok(query.summary(f, t, new Filters(connections, service, env, team))).build();
    }

    private static Instant instant(String name, String value) {
        Instant i = Instant.parse(required(name, value));
        if (i.isBefore(EARLIEST) || i.isAfter(LATEST)) {
            throw new IllegalArgumentException(name + " is out of range (years 0000 to 9999)");
        }
        return i;
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required (an RFC 3339 instant)");
        }
        return value;
    }
}
