package io.dorastream.aggregator.rest;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.dorastream.aggregator.metrics.BenchmarkTable;
import io.dorastream.aggregator.metrics.BenchmarkTables;
import io.dorastream.aggregator.query.Filters;

/**
 * The query parameters every metrics and events endpoint shares (window, filters, benchmark), read
 * with {@code @BeanParam} and checked in one place, so that all endpoints accept and refuse the same.
 */
public class CommonParams {

    /** Longest window: two years of retention plus a day. */
    static final Duration MAX_WINDOW = Duration.ofDays(731);
    /** RFC 3339 years have four digits; beyond them PostgreSQL's timestamps end (a 500 instead of a 400). */
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    @QueryParam("from")
    @Parameter(description = "Start of the window (RFC 3339 instant, inclusive).", required = true,
            example = "2026-03-01T00:00:00Z")
    String from;

    @QueryParam("to")
    @Parameter(description = "End of the window (RFC 3339 instant, exclusive); at most 731 days after from.", required = true,
            example = "2026-03-31T00:00:00Z")
    String to;

    @QueryParam("connection")
    @Parameter(description = "Only these connections (UUIDs; repeatable, values OR-ed).")
    List<String> connection = new ArrayList<>();

    @QueryParam("service")
    @Parameter(description = "Only these services (repeatable, values OR-ed; blank values ignored).")
    List<String> service = new ArrayList<>();

    @QueryParam("env")
    @Parameter(description = "Only these environments (repeatable, values OR-ed; blank values ignored).")
    List<String> env = new ArrayList<>();

    @QueryParam("team")
    @Parameter(description = "Only these teams (repeatable, values OR-ed; blank values ignored).")
    List<String> team = new ArrayList<>();

    @QueryParam("benchmark")
    @Parameter(description = "The benchmark table that levels the figures.", schema = @Schema(type = SchemaType.STRING,
            enumeration = { "dora-2023", "dora-2021" }, defaultValue = "dora-2023"))
    String benchmark;

    /** The checked parameters. */
    public record Scope(Instant from, Instant to, Filters filters, BenchmarkTable benchmark) {
    }

    /**
     * Checks the parameters.
     *
     * @throws InvalidParameter naming the first parameter in error
     */
    public Scope scope() {
        Instant f = instant("from", from);
        Instant t = instant("to", to);
        if (!f.isBefore(t)) {
            throw new InvalidParameter("from", "from must be before to");
        }
        if (Duration.between(f, t).compareTo(MAX_WINDOW) > 0) {
            throw new InvalidParameter("to", "the window is longer than 731 days");
        }
        List<UUID> connections = new ArrayList<>();
        for (String c : connection) {
            if (c == null || c.isBlank()) {
                continue;
            }
            try {
                connections.add(UUID.fromString(c.trim()));
            } catch (IllegalArgumentException e) {
                throw new InvalidParameter("connection", "not a connection id (UUID): " + c);
            }
        }
        BenchmarkTable table;
        try {
            table = BenchmarkTables.builtIn().get(benchmark == null || benchmark.isBlank() ? null : benchmark);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameter("benchmark", e.getMessage());
        }
        return new Scope(f, t, new Filters(connections, service, env, team), table);
    }

    /** A {@code limit} parameter: {@code dflt} when absent, else an integer from 1 to {@code max}. */
    static int limit(String value, int dflt, int max) {
        if (value == null || value.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidParameter("limit", "limit must be an integer from 1 to " + max);
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidParameter(name, name + " is required (an RFC 3339 instant)");
        }
        Instant i;
        try {
            i = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidParameter(name, name + " is not an RFC 3339 instant: " + value);
        }
        if (i.isBefore(EARLIEST) || i.isAfter(LATEST)) {
            throw new InvalidParameter(name, name + " is out of range (years 0000 to 9999)");
        }
        return i;
    }
}
