package io.dorastream.aggregator.metrics;

/**
 * The percentiles the duration figures report (median, p75, p90) of one set of values, and its size
 * {@code n}. Exact up to {@link #EXACT_LIMIT} values; above it they may come from a {@link LogHistogram}
 * ({@code approximate}, at most 1% relative error), as docs/metrics.md allows.
 */
public record Quantiles(long n, Double p50, Double p75, Double p90, boolean approximate) {

    /** The largest {@code n} whose percentiles must be exact. */
    public static final long EXACT_LIMIT = 100_000;

    /** The percentile ranks reported, in the order of the components. */
    public static final double[] QS = { 0.5, 0.75, 0.9 };

    /** No values: every percentile null. */
    public static final Quantiles NONE = new Quantiles(0, null, null, null, false);

    /** The exact percentiles of values sorted ascending ({@link Percentiles#percentileOfSorted}); {@link #NONE} for none. */
    public static Quantiles ofSorted(double[] sorted) {
        if (sorted.length == 0) {
            return NONE;
        }
        Double[] p = new Double[QS.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Percentiles.percentileOfSorted(sorted, QS[i]);
        }
        return new Quantiles(sorted.length, p[0], p[1], p[2], false);
    }

    /** {@code true} when approximate, {@code null} when exact: the JSON field is written only when it is true. */
    public Boolean approximateFlag() {
        return approximate ? Boolean.TRUE : null;
    }
}
