package io.dorastream.api.metrics;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Failed deployment recovery time: median and p90 of {@code recovery_time_sec} over the failed
 * deployments in scope that carry one, and their number {@code n}.
 */
@Schema(description = "Failed deployment recovery time")
public record FailedDeploymentRecoveryTime(
        @Schema(required = true) long n,
        @Schema(required = true, nullable = true) Double medianSeconds,
        @Schema(required = true, nullable = true) Double p90Seconds,
        @Schema(required = true, nullable = true, description = Level.DESCRIPTION) Level level,
        @Schema(description = DoraFigures.APPROXIMATE) @JsonInclude(JsonInclude.Include.NON_NULL) Boolean approximate) {

    /** Exact figures. */
    public FailedDeploymentRecoveryTime(long n, Double medianSeconds, Double p90Seconds, Level level) {
        this(n, medianSeconds, p90Seconds, level, null);
    }
}
