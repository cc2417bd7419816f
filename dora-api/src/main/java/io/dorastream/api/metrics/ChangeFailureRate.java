package io.dorastream.api.metrics;

import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Change failure rate: {@code failed / evaluated} with its Wilson interval over {@code evaluated};
 * {@code rate}, {@code ci95} and {@code level} null when nothing is evaluated. {@code lowSample}:
 * {@code evaluated} below the minimum sample; {@code score} and {@code position}: see {@link DeploymentFrequency}.
 */
@Schema(description = "Change failure rate with its 95% Wilson interval")
public record ChangeFailureRate(
        @Schema(required = true, description = "how failures were attributed") ChangeFailureMethod method,
        @Schema(required = true) long deployments,
        @Schema(required = true) long evaluated,
        @Schema(required = true) long failed,
        @Schema(required = true) long pending,
        @Schema(required = true, nullable = true) Double rate,
        @Schema(required = true, nullable = true, type = SchemaType.ARRAY, implementation = Double.class, minItems = 2,
                maxItems = 2, description = WilsonInterval.DESCRIPTION) WilsonInterval ci95,
        @Schema(required = true, nullable = true, description = Level.DESCRIPTION) Level level,
        @Schema(required = true, description = DoraFigures.LOW_SAMPLE) boolean lowSample,
        @Schema(nullable = true, minimum = "0", maximum = "10", description = DoraFigures.SCORE)
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<Double> score,
        @Schema(nullable = true, description = DoraFigures.POSITION)
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<Position> position) {

    /** Unassessed figures ({@code lowSample} false and no score, until {@link #assessed}). */
    public ChangeFailureRate(ChangeFailureMethod method, long deployments, long evaluated, long failed, long pending,
            Double rate, WilsonInterval ci95, Level level) {
        this(method, deployments, evaluated, failed, pending, rate, ci95, level, false, null, null);
    }

    /** The same figures with their sample size judged and, under a benchmark with scores, score and position. */
    public ChangeFailureRate assessed(boolean lowSample, Optional<Double> score, Optional<Position> position) {
        return new ChangeFailureRate(method, deployments, evaluated, failed, pending, rate, ci95, level, lowSample, score, position);
    }
}
