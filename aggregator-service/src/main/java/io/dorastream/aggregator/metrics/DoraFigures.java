package io.dorastream.aggregator.metrics;

/**
 * Every DORA figure of one scope (a window and filters; a time-series point; a breakdown item),
 * immutable, with the JSON field names of the metrics contract ({@code null} where no value exists).
 * Values are unrounded; rounding, if any, is presentation.
 */
public record DoraFigures(
        DeploymentFrequency deploymentFrequency,
        ChangeLeadTime changeLeadTime,
        ChangeFailureRate changeFailureRate,
        FailedDeploymentRecoveryTime failedDeploymentRecoveryTime,
        TimeToRestore timeToRestore,
        ReworkRate reworkRate,
        Remediation remediation) {
}
