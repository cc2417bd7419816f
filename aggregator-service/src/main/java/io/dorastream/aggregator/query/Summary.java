package io.dorastream.aggregator.query;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.dorastream.aggregator.metrics.DoraFigures;

/** The figures of a window and filters, as {@code /internal/metrics/summary} answers them. */
public record Summary(Window window, Filters filters, String benchmark, @JsonUnwrapped DoraFigures figures, Instant dataAsOf) {

    /** {@code [from, to)} and its length in days (fractional). */
    public record Window(Instant from, Instant to, double days) {
    }

    /** The figures per interval of a window ({@code /internal/metrics/timeseries}). */
    public record TimeSeries(String interval, List<Point> points) {
    }

    /** One interval {@code [start, end)}, clipped to the window. */
    public record Point(Instant start, Instant end, @JsonUnwrapped DoraFigures figures, Instant dataAsOf) {
    }

    /** The figures per service, team or env ({@code /internal/metrics/breakdown}). */
    public record Breakdown(String by, List<Item> items) {
    }

    /** One service, team or env; {@code key} null for deployments without one. */
    public record Item(String key, @JsonUnwrapped DoraFigures figures, Instant dataAsOf) {
    }
}
