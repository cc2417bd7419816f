package io.dorastream.api.metrics;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Change lead time: median, p75, p90 over the deployments in scope that have a lead time, and their
 * number {@code n}. Figures are null when n = 0; {@code approximate} is true when served from a
 * sketch and absent otherwise.
 */
@Schema(description = "Change lead time: commit to deployment")
public record ChangeLeadTime(
        @Schema(required = true) long n,
        @Schema(required = true, nullable = true) Double medianSeconds,
        @Schema(required = true, nullable = true) Double p75Seconds,
        @Schema(required = true, nullable = true) Double p90Seconds,
        @Schema(required = true, nullable = true, description = Level.DESCRIPTION) Level level,
        @Schema(description = DoraFigures.APPROXIMATE) @JsonInclude(JsonInclude.Include.NON_NULL) Boolean approximate) {

    /** Exact figures. */
    public ChangeLeadTime(long n, Double medianSeconds, Double p75Seconds, Double p90Seconds, Level level) {
        this(n, medianSeconds, p75Seconds, p90Seconds, level, null);
    }
}
