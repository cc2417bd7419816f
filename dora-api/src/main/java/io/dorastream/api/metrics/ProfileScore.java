package io.dorastream.api.metrics;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One aggregate of the profile: the mean of the scores that exist among its inputs.
 *
 * @param partial   true when some input has no score (no data)
 * @param lowSample true when any input's figure has {@code lowSample}
 */
@Schema(description = "An aggregate score (0–10) with its position; partial when an input has no score")
public record ProfileScore(
        @Schema(required = true, minimum = "0", maximum = "10") double score,
        @Schema(required = true, description = "some input has no score (no data); the mean is of those that exist") boolean partial,
        @Schema(required = true, description = "some input's figure has lowSample") boolean lowSample,
        @Schema(required = true) Position position) {
}
