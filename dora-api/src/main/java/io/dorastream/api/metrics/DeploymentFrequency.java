package io.dorastream.api.metrics;

import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Deployment frequency of a window (computed by the aggregator; docs/metrics.md defines it).
 *
 * @param count                        deployments in the window
 * @param perDay                       {@code count / D}
 * @param deploymentDays               distinct UTC dates with at least one deployment
 * @param medianDeploymentDaysPerWeek  median over the window's weeks of their deployment days
 * @param medianDeploymentDaysPerMonth median over the window's months of their deployment days
 * @param level                        null under a benchmark without levels, else never null ({@code low} when there is no deployment)
 * @param lowSample                    {@code count} below the minimum sample
 * @param score                        under a benchmark with scores (0 for no deployment); null (absent) under others
 * @param position                     the score's position; null (absent) under benchmarks without scores
 */
@Schema(description = "Deployment frequency")
public record DeploymentFrequency(
        @Schema(required = true) long count,
        @Schema(required = true, nullable = true) double perDay,
        @Schema(required = true) long deploymentDays,
        @Schema(required = true, nullable = true) double medianDeploymentDaysPerWeek,
        @Schema(required = true, nullable = true) double medianDeploymentDaysPerMonth,
        @Schema(required = true, nullable = true, description = Level.DESCRIPTION) Level level,
        @Schema(required = true, description = DoraFigures.LOW_SAMPLE) boolean lowSample,
        @Schema(nullable = true, minimum = "0", maximum = "10", description = DoraFigures.SCORE)
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<Double> score,
        @Schema(nullable = true, description = DoraFigures.POSITION)
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<Position> position) {

    /** Unassessed figures: {@code lowSample} false and no score, until {@link #assessed}. */
    public DeploymentFrequency(long count, double perDay, long deploymentDays, double medianDeploymentDaysPerWeek,
            double medianDeploymentDaysPerMonth, Level level) {
        this(count, perDay, deploymentDays, medianDeploymentDaysPerWeek, medianDeploymentDaysPerMonth, level, false, null, null);
    }

    /** The same figures with their sample size judged and, under a benchmark with scores, score and position. */
    public DeploymentFrequency assessed(boolean lowSample, Optional<Double> score, Optional<Position> position) {
        return new DeploymentFrequency(count, perDay, deploymentDays, medianDeploymentDaysPerWeek, medianDeploymentDaysPerMonth,
                level, lowSample, score, position);
    }
}
