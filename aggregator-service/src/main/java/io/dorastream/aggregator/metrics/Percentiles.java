package io.dorastream.aggregator.metrics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Collection;

/**
 * Exact percentiles by linear interpolation between closest ranks (SQL {@code percentile_cont},
 * numpy's default): for {@code n} values sorted ascending, position {@code h = q·(n-1)} and value
 * {@code x[⌊h⌋] + (h-⌊h⌋)·(x[⌊h⌋+1] - x[⌊h⌋])}. The median is {@code q = 0.5}. A percentile of no
 * values is {@code null}, never 0.
 *
 * <p>The interpolation is carried out in decimal arithmetic ({@code q} taken as the decimal it is
 * written as, e.g. {@code 0.9}), so the result is the double nearest to the exact value: 10 and
 * 1000 give a p90 of exactly 901, and a median of 86 000 and 86 800 is exactly 86 400.
 */
public final class Percentiles {

    private Percentiles() {
    }

    /** Percentile {@code q} (0 ≤ q ≤ 1) of the values, in any order; {@code null} when there are none. */
    public static Double percentile(Collection<? extends Number> values, double q) {
        return percentileOfSorted(sorted(values), q);
    }

    /** The median ({@code q = 0.5}) of the values, in any order; {@code null} when there are none. */
    public static Double median(Collection<? extends Number> values) {
        return percentile(values, 0.5);
    }

    /**
     * The values as a sorted array, ready for several {@link #percentileOfSorted} calls.
     *
     * @throws IllegalArgumentException for a null or non-finite value
     */
    public static double[] sorted(Collection<? extends Number> values) {
        double[] xs = new double[values.size()];
        int i = 0;
        for (Number v : values) {
            if (v == null || !Double.isFinite(v.doubleValue())) {
                throw new IllegalArgumentException("percentile input must be finite numbers, got " + v);
            }
            xs[i++] = v.doubleValue();
        }
        Arrays.sort(xs);
        return xs;
    }

    /**
     * Percentile {@code q} of values already sorted ascending; {@code null} when there are none.
     *
     * @throws IllegalArgumentException when {@code q} is outside [0, 1]
     */
    public static Double percentileOfSorted(double[] sorted, double q) {
        int n = sorted.length;
        checkQ(q);
        if (n == 0) {
            return null;
        }
        int lo = lowerRank(n, q);
        return interpolate(n, q, sorted[lo], lo + 1 < n ? sorted[lo + 1] : null);
    }

    /**
     * The 0-based rank {@code ⌊q·(n-1)⌋} of the lower of the two values percentile {@code q} of
     * {@code n > 0} values interpolates between.
     */
    public static int lowerRank(long n, double q) {
        checkQ(q);
        return BigDecimal.valueOf(q).multiply(BigDecimal.valueOf(n - 1L)).intValue(); // h ≥ 0: truncation is the floor
    }

    /**
     * Percentile {@code q} of {@code n > 0} sorted values, given only the two it interpolates between:
     * {@code lower} at rank {@link #lowerRank} and {@code upper} at the next rank (null when there is
     * none). Lets a database pick the two values and this class do the exact arithmetic.
     */
    public static Double interpolate(long n, double q, double lower, Double upper) {
        checkQ(q);
        BigDecimal h = BigDecimal.valueOf(q).multiply(BigDecimal.valueOf(n - 1L));
        BigDecimal fraction = h.subtract(BigDecimal.valueOf(h.longValue()));
        if (fraction.signum() == 0 || upper == null) {
            return lower;
        }
        BigDecimal a = new BigDecimal(lower);
        BigDecimal b = new BigDecimal(upper);
        return a.add(fraction.multiply(b.subtract(a))).doubleValue();
    }

    private static void checkQ(double q) {
        if (!(q >= 0.0 && q <= 1.0)) {
            throw new IllegalArgumentException("percentile q must lie in [0, 1], got " + q);
        }
    }

    /**
     * The arithmetic mean, summed exactly and divided with 34 significant digits, then rounded
     * once to a double; {@code null} when there are no values.
     */
    public static Double mean(Collection<? extends Number> values) {
        if (values.isEmpty()) {
            return null;
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (Number v : values) {
            if (v == null || !Double.isFinite(v.doubleValue())) {
                throw new IllegalArgumentException("mean input must be finite numbers, got " + v);
            }
            sum = sum.add(new BigDecimal(v.doubleValue()));
        }
        return sum.divide(BigDecimal.valueOf(values.size()), MathContext.DECIMAL128).doubleValue();
    }
}
