package io.dorastream.aggregator.rest;

import java.time.Instant;
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
import io.dorastream.api.benchmark.Benchmarks;
import io.dorastream.api.benchmark.ComparisonGroup;
import io.dorastream.api.query.QueryRules;
import io.dorastream.api.query.QueryWindow;

/**
 * The query parameters every metrics and events endpoint shares (window, filters, benchmark and its
 * comparison group), read
 * with {@code @BeanParam} and checked in one place, so that all endpoints accept and refuse the same.
 */
public class CommonParams {

    @QueryParam("from")
    @Parameter(description = "Start of the window (RFC 3339 instant, inclusive).", required = true,
            example = "2026-03-01T00:00:00Z")
    String from;

    @QueryParam("to")
    @Parameter(description = "End of the window (RFC 3339 instant, exclusive); " + QueryWindow.TO_LIMIT + ".", required = true,
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
    @Parameter(description = "The benchmark table that levels the figures (values and default: the contract's"
            + " benchmarks, written into the document by its filter).", schema = @Schema(type = SchemaType.STRING))
    String benchmark;

    @QueryParam(Benchmarks.INDUSTRY)
    @Parameter(description = "The comparison group by industry of a benchmark with scores (default all; not with orgSize;"
            + " values: the contract's, written into the document by its filter).", schema = @Schema(type = SchemaType.STRING))
    String industry;

    @QueryParam(Benchmarks.ORG_SIZE)
    @Parameter(description = "The comparison group by organisation size of a benchmark with scores (not with industry).",
            schema = @Schema(type = SchemaType.STRING))
    String orgSize;

    /** The checked parameters; {@code group} null under a benchmark without scores. */
    public record Scope(Instant from, Instant to, Filters filters, BenchmarkTable benchmark, ComparisonGroup group) {
    }

    /**
     * Checks the parameters by the contract's {@link QueryRules} (the gateway's, with the window as
     * instants), plus what only the aggregator can judge: connection ids are UUIDs.
     *
     * @throws InvalidParameter naming every parameter in error
     */
    public Scope scope() {
        QueryRules rules = QueryRules.internalApi();
        QueryWindow window = rules.window(from, to);
        List<UUID> connections = connections(rules, rules.filter("connection", connection));
        rules.filter("service", service);
        rules.filter("env", env);
        rules.filter("team", team);
        String benchmarkName = rules.benchmark(benchmark);
        ComparisonGroup group = rules.comparisonGroup(benchmarkName, industry, orgSize);
        check(rules);
        return new Scope(window.from(), window.to(), new Filters(connections, service, env, team),
                BenchmarkTables.builtIn().get(benchmarkName), group);
    }

    private static List<UUID> connections(QueryRules rules, List<String> values) {
        List<UUID> connections = new ArrayList<>();
        for (String c : values == null ? List.<String>of() : values) {
            try {
                connections.add(UUID.fromString(c));
            } catch (IllegalArgumentException e) {
                rules.refuse("connection", "not a connection id (UUID): " + c);
            }
        }
        return connections;
    }

    /** A {@code limit} parameter: {@code dflt} when absent, else an integer from 1 to {@code max}. */
    static int limit(String value, int dflt, int max) {
        QueryRules rules = QueryRules.internalApi();
        Integer n = rules.limit(value, dflt, max);
        check(rules);
        return n;
    }

    /** A {@code true}/{@code false} parameter, false when absent. */
    static boolean flag(String name, String value) {
        QueryRules rules = QueryRules.internalApi();
        Boolean b = rules.flag(name, value);
        check(rules);
        return b;
    }

    private static void check(QueryRules rules) {
        if (!rules.ok()) {
            throw new InvalidParameter(rules.detail(), rules.errors());
        }
    }
}
