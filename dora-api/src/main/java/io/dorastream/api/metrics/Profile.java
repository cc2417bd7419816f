package io.dorastream.api.metrics;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The 2025 edition's aggregates of the five scores: throughput (lead time, deployment frequency,
 * recovery time), stability (change fail rate, rework rate) and their performance average (all five);
 * each null when none of its inputs has a score.
 */
@Schema(description = "Throughput, stability and performance average of the five scores (benchmarks with scores only)")
public record Profile(
        @Schema(required = true, nullable = true, description = "mean of the lead time, deployment frequency and recovery time scores")
        ProfileScore throughput,
        @Schema(required = true, nullable = true, description = "mean of the change fail rate and rework rate scores")
        ProfileScore stability,
        @Schema(required = true, nullable = true, description = "mean of the five scores")
        ProfileScore performanceAverage) {

    /** The OpenAPI description of a {@code profile} field. */
    public static final String DESCRIPTION = "the profile of the scores; present only under a benchmark with scores";
}
