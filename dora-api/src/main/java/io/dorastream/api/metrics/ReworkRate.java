package io.dorastream.api.metrics;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Rework rate: {@code rollback} or {@code rollforward} deployments / deployments whose
 * {@code deployment_type} is known; {@code rate} and {@code ci95} (Wilson, over {@code known}) null
 * when none is known.
 */
@Schema(description = "Rework rate: deployments that fixed a previous one")
public record ReworkRate(
        @Schema(required = true) long known,
        @Schema(required = true) long rework,
        @Schema(required = true, nullable = true) Double rate,
        @Schema(required = true, nullable = true, type = SchemaType.ARRAY, implementation = Double.class, minItems = 2,
                maxItems = 2, description = WilsonInterval.DESCRIPTION) WilsonInterval ci95) {
}
