package io.dorastream.api.metrics;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Deployment frequency of a window (computed by the aggregator; docs/metrics.md defines it).
 *
 * @param count                        deployments in the window
 * @param perDay                       {@code count / D}
 * @param deploymentDays               distinct UTC dates with at least one deployment
 * @param medianDeploymentDaysPerWeek  median over the window's weeks of their deployment days
 * @param medianDeploymentDaysPerMonth median over the window's months of their deployment days
 * @param level                        never null ({@code low} when there is no deployment)
 */
@Schema(description = "Deployment frequency")
public record DeploymentFrequency(
        @Schema(required = true) long count,
        @Schema(required = true, nullable = true) double perDay,
        @Schema(required = true) long deploymentDays,
        @Schema(required = true, nullable = true) double medianDeploymentDaysPerWeek,
        @Schema(required = true, nullable = true) double medianDeploymentDaysPerMonth,
        @Schema(required = true, nullable = true, description = Level.DESCRIPTION) Level level) {
}
