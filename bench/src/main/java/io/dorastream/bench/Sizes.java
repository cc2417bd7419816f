package io.dorastream.bench;

import java.time.Duration;
import java.util.Arrays;

import io.dorastream.devstack.simulator.DatasetSpec;

/**
 * How big each benchmark runs. {@link #full} is the sizes; {@link #smoke} tiny ones that only check every
 * row is produced; {@link #scaled} the full sizes times a factor (for a machine that cannot hold a full run).
 *
 * @param runs               repetitions of each measured run (medians and spreads are over them)
 * @param growthSteps        deployments in the topics at each point of B3's curve (the last one is B2's dataset)
 * @param growthFailureShare failures per deployment in B2/B3's dataset
 * @param requests           measured requests per load run (after {@code warmup} unmeasured ones)
 * @param backfill           the simulator's dataset for B4
 * @param ratePerMinute      the simulator's rate limit in B4/B5
 * @param freshEvents        events B5 creates, one every {@code freshSpacing}
 */
record Sizes(String name, int runs, int ingestServices, long ingestDeployments, long ingestFailures, int growthServices,
        int growthEnvs, long[] growthSteps, double growthFailureShare, int warmup, int requests, DatasetSpec backfill,
        int ratePerMinute, int freshEvents, Duration freshSpacing) {

    /**
     * Standalone incidents a month in B4's full dataset: the issue asks for at least 5,000 failures, and its failed
     * production deployments open about 3,050 (with these, about 190,000 deployments and 5,400 failures).
     */
    private static final int BACKFILL_INCIDENTS_PER_MONTH = 100;

    static Sizes full() {
        return new Sizes("full", 3, 200, 1_000_000, 50_000, 50, 3, new long[] { 100_000, 250_000, 500_000, 1_000_000 }, 0.05,
                100, 400, new DatasetSpec(15, 50, 10, 5, 24, 0, false, 0.05, BACKFILL_INCIDENTS_PER_MONTH), 300, 200,
                Duration.ofMillis(500));
    }

    static Sizes smoke() {
        return new Sizes("smoke", 1, 10, 2_000, 100, 5, 3, new long[] { 1_000, 3_000 }, 0.05, 5, 20,
                new DatasetSpec(15, 2, 1, 2, 1, 0, false, 0.05, DatasetSpec.demo().standaloneIncidents()), 300, 4,
                Duration.ofMillis(300));
    }

    /** The full sizes with every event count times {@code factor} (0 < factor ≤ 1). */
    static Sizes scaled(double factor) {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("--scale must be within (0, 1], got " + factor);
        }
        Sizes f = full();
        long[] steps = Arrays.stream(f.growthSteps).map(s -> Math.max(1, Math.round(s * factor))).toArray();
        int services = Math.max(2, (int) Math.round(f.backfill.services() * factor));
        return new Sizes("full x" + factor, f.runs, f.ingestServices, Math.round(f.ingestDeployments * factor),
                Math.round(f.ingestFailures * factor), f.growthServices, f.growthEnvs, steps, f.growthFailureShare, f.warmup,
                f.requests, f.backfill.withServices(services)
                        .withStandaloneIncidents((int) Math.round(f.backfill.standaloneIncidents() * factor)),
                f.ratePerMinute, f.freshEvents, f.freshSpacing);
    }

    Sizes withRuns(int value) {
        return new Sizes(name, value, ingestServices, ingestDeployments, ingestFailures, growthServices, growthEnvs, growthSteps,
                growthFailureShare, warmup, requests, backfill, ratePerMinute, freshEvents, freshSpacing);
    }

    /** A copy measuring {@code value} requests per load run (after as many warm-up ones at most). */
    Sizes withRequests(int value) {
        return new Sizes(name, runs, ingestServices, ingestDeployments, ingestFailures, growthServices, growthEnvs, growthSteps,
                growthFailureShare, Math.min(warmup, value), value, backfill, ratePerMinute, freshEvents, freshSpacing);
    }

    String describe() {
        return String.format(java.util.Locale.ROOT,
                "%s: %d runs; B1 %,d deployments of %d services + %,d failures; B2/B3 %d services x %d envs, %s deployments;"
                        + " load %d warm-up + %d measured requests; B4 simulator %d services x %d envs x %d months at %d req/min;"
                        + " B5 %d events every %d ms",
                name, runs, ingestDeployments, ingestServices, ingestFailures, growthServices, growthEnvs,
                Arrays.toString(growthSteps), warmup, requests, backfill.services(), backfill.environments(),
                backfill.monthsBack(), ratePerMinute, freshEvents, freshSpacing.toMillis());
    }
}
