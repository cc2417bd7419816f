package io.dorastream.api.metrics;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Time to restore (incident-based): median and p90 over the resolved failures in scope, their
 * number {@code n}, and {@code open}, the failures in scope without {@code finished_at}.
 * {@code lowSample}: n below the minimum sample. It has no score (recovery time is the scored one).
 */
@Schema(description = "Time to restore service after an incident")
public record TimeToRestore(
        @Schema(required = true) long n,
        @Schema(required = true, description = "incidents still open") long open,
        @Schema(required = true, nullable = true) Double medianSeconds,
        @Schema(required = true, nullable = true) Double p90Seconds,
        @Schema(required = true, description = DoraFigures.LOW_SAMPLE) boolean lowSample,
        @Schema(description = DoraFigures.APPROXIMATE) @JsonInclude(JsonInclude.Include.NON_NULL) Boolean approximate) {

    /** Exact, unassessed figures ({@code lowSample} false until {@link #assessed}). */
    public TimeToRestore(long n, long open, Double medianSeconds, Double p90Seconds) {
        this(n, open, medianSeconds, p90Seconds, null);
    }

    /** Unassessed figures, {@code approximate} as given. */
    public TimeToRestore(long n, long open, Double medianSeconds, Double p90Seconds, Boolean approximate) {
        this(n, open, medianSeconds, p90Seconds, false, approximate);
    }

    /** The same figures with their sample size judged. */
    public TimeToRestore assessed(boolean lowSample) {
        return new TimeToRestore(n, open, medianSeconds, p90Seconds, lowSample, approximate);
    }
}
