package io.dorastream.api.metrics;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.dorastream.api.benchmark.Benchmarks;

/**
 * The figures of a window and filters, as the aggregator answers them and the gateway serves them
 * ({@code /api/v1/metrics/dora}); the nested records are the time series and the breakdown.
 * {@code dataAsOf} is the oldest watermark applied among the connections and streams in scope;
 * {@code profile} is there only under a benchmark with scores (null, so absent, under others).
 */
@Schema(description = "Every DORA figure of a window and filters (docs/metrics.md)")
public record Summary(
        @Schema(required = true) Window window,
        @Schema(required = true) Filters filters,
        @Schema(required = true, description = Benchmarks.DESCRIPTION) String benchmark,
        @JsonUnwrapped DoraFigures figures,
        @Schema(description = Profile.DESCRIPTION) @JsonInclude(JsonInclude.Include.NON_NULL) Profile profile,
        @Schema(required = true, nullable = true, description = "the oldest watermark applied among the connections and streams in scope")
        Instant dataAsOf) {

    /** {@code [from, to)} and its length in days (fractional). */
    @Schema(description = "The window [from, to) of a summary")
    public record Window(
            @Schema(required = true) Instant from,
            @Schema(required = true, description = "exclusive") Instant to,
            @Schema(required = true, description = "length in days (fractional)") double days) {
    }

    /** The filters applied; an empty list filters nothing. */
    @Schema(description = "The filters applied, normalized (sorted, de-duplicated); empty = all")
    public record Filters(
            @Schema(required = true) List<String> connection,
            @Schema(required = true) List<String> service,
            @Schema(required = true) List<String> env,
            @Schema(required = true) List<String> team) {
    }

    /** The figures per interval of a window ({@code /timeseries}). */
    @Schema(description = "The figures per day, ISO week (Monday) or month; edge buckets clipped to the window")
    public record TimeSeries(
            @Schema(required = true, enumeration = {"day", "week", "month"}) String interval,
            @Schema(required = true) List<Point> points) {
    }

    /** One interval {@code [start, end)}, clipped to the window. */
    @Schema(name = "TimeSeriesPoint", description = "One bucket of a time series [start, end) with its own figures")
    public record Point(
            @Schema(required = true) Instant start,
            @Schema(required = true) Instant end,
            @JsonUnwrapped DoraFigures figures,
            @Schema(description = Profile.DESCRIPTION) @JsonInclude(JsonInclude.Include.NON_NULL) Profile profile,
            @Schema(required = true, nullable = true) Instant dataAsOf) {
    }

    /** The figures per service, team or env ({@code /breakdown}). */
    @Schema(description = "The figures per key, by deployment count descending, then key")
    public record Breakdown(
            @Schema(required = true, enumeration = {"service", "team", "env"}) String by,
            @Schema(required = true) List<Item> items) {
    }

    /** One service, team or env; {@code key} null for the deployments and failures without one. */
    @Schema(name = "BreakdownItem", description = "The figures of one service, team or env")
    public record Item(
            @Schema(required = true, nullable = true, description = "the service, team or env; null for the deployments and failures without one")
            String key,
            @JsonUnwrapped DoraFigures figures,
            @Schema(description = Profile.DESCRIPTION) @JsonInclude(JsonInclude.Include.NON_NULL) Profile profile,
            @Schema(required = true, nullable = true) Instant dataAsOf) {
    }
}
