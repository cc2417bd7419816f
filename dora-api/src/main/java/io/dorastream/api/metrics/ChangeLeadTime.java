package io.dorastream.api.metrics;

import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Change lead time: median, p75, p90 over the deployments in scope that have a lead time, and their
 * number {@code n}. Figures are null when n = 0; {@code approximate} is true when served from a
 * sketch and absent otherwise. {@code lowSample}: n below the minimum sample; {@code score} and
 * {@code position}: see {@link DeploymentFrequency}.
 */
@Schema(description = "Change lead time: commit to deployment")
public record ChangeLeadTime(
        @Schema(required = true) long n,
        @Schema(required = true, nullable = true) Double medianSeconds,
        @Schema(required = true, nullable = true) Double p75Seconds,
        @Schema(required = true, nullable = true) Double p90Seconds,
        @Schema(required = true, nullable = true, description = Level.DESCRIPTION) Level level,
        @Schema(required = true, description = DoraFigures.LOW_SAMPLE) boolean lowSample,
        @Schema(nullable = true, minimum = "0", maximum = "10", description = DoraFigures.SCORE)
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<Double> score,
        @Schema(nullable = true, description = DoraFigures.POSITION)
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<Position> position,
        @Schema(description = DoraFigures.APPROXIMATE) @JsonInclude(JsonInclude.Include.NON_NULL) Boolean approximate) {

    /** Exact, unassessed figures ({@code lowSample} false and no score, until {@link #assessed}). */
    public ChangeLeadTime(long n, Double medianSeconds, Double p75Seconds, Double p90Seconds, Level level) {
        this(n, medianSeconds, p75Seconds, p90Seconds, level, null);
    }

    /** Unassessed figures, {@code approximate} as given. */
    public ChangeLeadTime(long n, Double medianSeconds, Double p75Seconds, Double p90Seconds, Level level, Boolean approximate) {
        this(n, medianSeconds, p75Seconds, p90Seconds, level, false, null, null, approximate);
    }

    /** The same figures with their sample size judged and, under a benchmark with scores, score and position. */
    public ChangeLeadTime assessed(boolean lowSample, Optional<Double> score, Optional<Position> position) {
        return new ChangeLeadTime(n, medianSeconds, p75Seconds, p90Seconds, level, lowSample, score, position, approximate);
    }
}
