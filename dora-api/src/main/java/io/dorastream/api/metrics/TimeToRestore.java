package io.dorastream.api.metrics;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Time to restore (incident-based): median and p90 over the resolved failures in scope, their
 * number {@code n}, and {@code open}, the failures in scope without {@code finished_at}.
 */
@Schema(description = "Time to restore service after an incident")
public record TimeToRestore(
        @Schema(required = true) long n,
        @Schema(required = true, description = "incidents still open") long open,
        @Schema(required = true, nullable = true) Double medianSeconds,
        @Schema(required = true, nullable = true) Double p90Seconds,
        @Schema(description = DoraFigures.APPROXIMATE) @JsonInclude(JsonInclude.Include.NON_NULL) Boolean approximate) {

    /** Exact figures. */
    public TimeToRestore(long n, long open, Double medianSeconds, Double p90Seconds) {
        this(n, open, medianSeconds, p90Seconds, null);
    }
}
