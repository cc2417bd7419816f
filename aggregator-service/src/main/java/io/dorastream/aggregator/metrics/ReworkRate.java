package io.dorastream.aggregator.metrics;

import java.util.Collection;

/**
 * Rework rate: {@code rollback} or {@code rollforward} deployments / deployments whose
 * {@code deployment_type} is known; {@code rate} and {@code ci95} (Wilson, over {@code known}) null
 * when none is known.
 */
public record ReworkRate(long known, long rework, Double rate, WilsonInterval ci95) {

    /** From the counts of a scope. */
    public static ReworkRate of(DeploymentCounts c) {
        return of(c.typeKnown(), c.rework());
    }

    private static ReworkRate of(long known, long rework) {
        return new ReworkRate(known, rework, known == 0 ? null : (double) rework / known, WilsonInterval.of(rework, known));
    }

    public static ReworkRate of(Collection<DeploymentFacts> deployments) {
        long known = 0;
        long rework = 0;
        for (DeploymentFacts d : deployments) {
            if (d.deploymentType() != null) {
                known++;
                if (d.isRework()) {
                    rework++;
                }
            }
        }
        return of(known, rework);
    }
}
