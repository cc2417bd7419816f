package io.dorastream.aggregator.query;

import java.time.Instant;

/** The figures of a window and filters (the deployment figures so far; the metrics issue adds the rest). */
public record Summary(Window window, Filters filters, DeploymentFrequency deploymentFrequency, Instant dataAsOf) {

    /** {@code [from, to)} and its length in days (fractional). */
    public record Window(Instant from, Instant to, double days) {
    }

    /**
     * @param count          deployments in the window
     * @param perDay         {@code count / days}
     * @param deploymentDays distinct UTC dates with at least one deployment
     */
    public record DeploymentFrequency(long count, double perDay, long deploymentDays) {
    }
}
