package io.dorastream.api.metrics;

import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Rework rate: {@code rollback} or {@code rollforward} deployments / deployments whose
 * {@code deployment_type} is known; {@code rate} and {@code ci95} (Wilson, over {@code known}) null
 * when none is known. {@code lowSample}: {@code known} below the minimum sample; {@code score} and
 * {@code position}: see {@link DeploymentFrequency}.
 */
@Schema(description = "Rework rate: deployments that fixed a previous one")
public record ReworkRate(
        @Schema(required = true) long known,
        @Schema(required = true) long rework,
        @Schema(required = true, nullable = true) Double rate,
        @Schema(required = true, nullable = true, type = SchemaType.ARRAY, implementation = Double.class, minItems = 2,
                maxItems = 2, description = WilsonInterval.DESCRIPTION) WilsonInterval ci95,
        @Schema(required = true, description = DoraFigures.LOW_SAMPLE) boolean lowSample,
        @Schema(nullable = true, minimum = "0", maximum = "10", description = DoraFigures.SCORE)
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<Double> score,
        @Schema(nullable = true, description = DoraFigures.POSITION)
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<Position> position) {

    /** Unassessed figures ({@code lowSample} false and no score, until {@link #assessed}). */
    public ReworkRate(long known, long rework, Double rate, WilsonInterval ci95) {
        this(known, rework, rate, ci95, false, null, null);
    }

    /** The same figures with their sample size judged and, under a benchmark with scores, score and position. */
    public ReworkRate assessed(boolean lowSample, Optional<Double> score, Optional<Position> position) {
        return new ReworkRate(known, rework, rate, ci95, lowSample, score, position);
    }
}
