package io.dorastream.api.metrics;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Where a score stands in a comparison group of DORA's data: {@code z = (score − mean) / std} with
 * the group's comparable mean and std, {@code percentile = Φ(z)} (the standard normal CDF, 0–1).
 *
 * @param family  {@code industry} or {@code orgSize}
 * @param group   the group's key ({@code all}, {@code financial_services}, …)
 * @param edition the data's edition ({@code 2025})
 */
@Schema(description = "A score's position in a comparison group of DORA's data: z and percentile (docs/metrics.md)")
public record Position(
        @Schema(required = true, enumeration = {"industry", "orgSize"}) String family,
        @Schema(required = true, example = "all") String group,
        @Schema(required = true, example = "2025") String edition,
        @Schema(required = true, description = "(score − group mean) / group std") double z,
        @Schema(required = true, minimum = "0", maximum = "1", description = "Φ(z): the share of the group below the score, under a normal distribution")
        double percentile) {
}
