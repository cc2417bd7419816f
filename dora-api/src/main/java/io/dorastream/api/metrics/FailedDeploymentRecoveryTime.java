package io.dorastream.api.metrics;

import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Failed deployment recovery time: median and p90 of {@code recovery_time_sec} over the failed
 * deployments in scope that carry one, and their number {@code n}. {@code lowSample}: n below the
 * minimum sample; {@code score} and {@code position}: see {@link DeploymentFrequency}.
 */
@Schema(description = "Failed deployment recovery time")
public record FailedDeploymentRecoveryTime(
        @Schema(required = true) long n,
        @Schema(required = true, nullable = true) Double medianSeconds,
        @Schema(required = true, nullable = true) Double p90Seconds,
        @Schema(required = true, nullable = true, description = Level.DESCRIPTION) Level level,
        @Schema(required = true, description = DoraFigures.LOW_SAMPLE) boolean lowSample,
        @Schema(nullable = true, minimum = "0", maximum = "10", description = DoraFigures.SCORE)
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<Double> score,
        @Schema(nullable = true, description = DoraFigures.POSITION)
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<Position> position,
        @Schema(description = DoraFigures.APPROXIMATE) @JsonInclude(JsonInclude.Include.NON_NULL) Boolean approximate) {

    /** Exact, unassessed figures ({@code lowSample} false and no score, until {@link #assessed}). */
    public FailedDeploymentRecoveryTime(long n, Double medianSeconds, Double p90Seconds, Level level) {
        this(n, medianSeconds, p90Seconds, level, null);
    }

    /** Unassessed figures, {@code approximate} as given. */
    public FailedDeploymentRecoveryTime(long n, Double medianSeconds, Double p90Seconds, Level level, Boolean approximate) {
        this(n, medianSeconds, p90Seconds, level, false, null, null, approximate);
    }

    /** The same figures with their sample size judged and, under a benchmark with scores, score and position. */
    public FailedDeploymentRecoveryTime assessed(boolean lowSample, Optional<Double> score, Optional<Position> position) {
        return new FailedDeploymentRecoveryTime(n, medianSeconds, p90Seconds, level, lowSample, score, position, approximate);
    }
}
