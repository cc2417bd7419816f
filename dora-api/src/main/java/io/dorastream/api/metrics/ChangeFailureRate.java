package io.dorastream.api.metrics;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Change failure rate: {@code failed / evaluated} with its Wilson interval over {@code evaluated};
 * {@code rate}, {@code ci95} and {@code level} null when nothing is evaluated.
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
        @Schema(required = true, nullable = true, description = Level.DESCRIPTION) Level level) {
}
