package io.dorastream.api.metrics;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Every DORA figure of one scope (a window and filters; a time-series point; a breakdown item),
 * immutable, with the JSON field names of the metrics contract ({@code null} where no value exists).
 * Values are unrounded; rounding, if any, is presentation. The answers embed these fields at their
 * own level ({@code @JsonUnwrapped}); the CSV export has a column per field ({@link CsvColumns}).
 */
public record DoraFigures(
        @Schema(required = true) DeploymentFrequency deploymentFrequency,
        @Schema(required = true) ChangeLeadTime changeLeadTime,
        @Schema(required = true) ChangeFailureRate changeFailureRate,
        @Schema(required = true) FailedDeploymentRecoveryTime failedDeploymentRecoveryTime,
        @Schema(required = true) TimeToRestore timeToRestore,
        @Schema(required = true) ReworkRate reworkRate,
        @Schema(required = true) Remediation remediation) {

    /** The OpenAPI description of a figure's {@code approximate} field. */
    static final String APPROXIMATE = "true when the figure was served from a sketch; absent when exact";

    /** The OpenAPI description of a figure's {@code lowSample} field. */
    public static final String LOW_SAMPLE = "true when the figure's sample is below dorastream.metrics.min-sample (docs/metrics.md lists each figure's sample)";

    /** The OpenAPI description of a scored figure's {@code score} field. */
    public static final String SCORE = "0–10, higher is better, under a benchmark with scores (null without data); absent under other benchmarks";

    /** The OpenAPI description of a scored figure's {@code position} field. */
    public static final String POSITION = "the score's position in the comparison group (null without a score); absent under benchmarks without scores";

    /** The name of a figure's field that says it was served from a sketch (absent when exact). */
    public static final String APPROXIMATE_FIELD = "approximate";
}
