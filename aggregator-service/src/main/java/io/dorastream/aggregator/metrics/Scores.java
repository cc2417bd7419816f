package io.dorastream.aggregator.metrics;

import java.math.BigDecimal;
import java.util.List;

import io.dorastream.api.benchmark.ComparisonGroup;
import io.dorastream.api.benchmark.Measure;
import io.dorastream.api.metrics.Position;

/**
 * The scores of DORA's 2025 Quick Check (docs/metrics.md, "dora-2025"), from measured figures:
 * durations and deployment frequency onto the Quick Check's 6-point category scale, categories and
 * rates onto 0–10 (higher is better), and a score's position in a comparison group. Pure arithmetic.
 *
 * <p>Category bounds, each belonging to the slower category: {@code < 1 h} → 6, {@code < 1 day} → 5,
 * {@code < 7 days} → 4, {@code < 30 days} → 3, {@code < 182.5 days} → 2, otherwise 1. Lead time and
 * recovery time compare their median; deployment frequency the mean interval {@code window seconds / count}
 * (no deployment → 1).
 */
public final class Scores {

    /** The upper bounds (exclusive) in seconds of categories 6, 5, 4, 3 and 2. */
    static final List<BigDecimal> BOUNDS = List.of(BigDecimal.valueOf(3_600), BigDecimal.valueOf(86_400),
            BigDecimal.valueOf(7 * 86_400), BigDecimal.valueOf(30 * 86_400), new BigDecimal("15768000")); // 182.5 days
    private static final int BEST = 6;
    private static final double SCALE = 10.0;
    /** ln √(2π), for the standard normal density. */
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    /** |z| beyond which Φ is taken as 0 or 1. */
    private static final double TAIL = 10.0;

    private Scores() {
    }

    /** The category (1–6) of a duration in seconds (a median lead or recovery time). */
    public static int durationCategory(double seconds) {
        if (!Double.isFinite(seconds)) {
            throw new IllegalArgumentException("a duration to categorise must be finite: " + seconds);
        }
        return category(new BigDecimal(seconds), BigDecimal.ONE);
    }

    /**
     * The category (1–6) of deployment frequency: of the mean interval {@code windowSeconds / count},
     * compared exactly ({@code windowSeconds < bound × count}); 1 when there is no deployment.
     */
    public static int frequencyCategory(long count, BigDecimal windowSeconds) {
        if (count < 0) {
            throw new IllegalArgumentException("a deployment count is never negative: " + count);
        }
        return count == 0 ? 1 : category(windowSeconds, BigDecimal.valueOf(count));
    }

    /** {@code numerator / denominator} against the bounds. */
    private static int category(BigDecimal numerator, BigDecimal denominator) {
        int category = BEST;
        for (BigDecimal bound : BOUNDS) {
            if (numerator.compareTo(bound.multiply(denominator)) < 0) {
                return category;
            }
            category--;
        }
        return category;
    }

    /** A category's score: {@code (category − 1) × 2}, 1..6 onto 0..10. */
    public static double categoryScore(int category) {
        if (category < 1 || category > BEST) {
            throw new IllegalArgumentException("a category is 1 to 6, got " + category);
        }
        return (category - 1) * 2.0;
    }

    /** A percentage's score, {@code 10 − pct / 10} with {@code pct = 100 · part / whole}: 0% → 10, 100% → 0. */
    public static double rateScore(long part, long whole) {
        if (whole <= 0 || part < 0 || part > whole) {
            throw new IllegalArgumentException("need 0 <= part <= whole, whole > 0, got " + part + " of " + whole);
        }
        return SCALE * (whole - part) / whole;
    }

    /** The position of a score in a group, against the group's comparable statistic of that measure. */
    public static Position position(double score, ComparisonGroup group, Measure measure) {
        ComparisonGroup.Stat s = group.stat(measure);
        double z = (score - s.mean()) / s.std();
        return new Position(group.family(), group.key(), group.edition(), z, phi(z));
    }

    /**
     * The standard normal CDF Φ(z), by its series {@code Φ(z) = ½ + φ(z) · Σ z^(2k+1) / (1·3·5···(2k+1))}
     * (all terms of one sign, so no cancellation; accurate to about 1e-15). Beyond |z| > 10 it is 0 or 1
     * (Φ(−10) ≈ 7.6e-24): the series would need ever more terms there for nothing a percentile shows.
     */
    public static double phi(double z) {
        if (Double.isNaN(z)) {
            throw new IllegalArgumentException("z is NaN");
        }
        if (Math.abs(z) > TAIL) {
            return z < 0 ? 0.0 : 1.0;
        }
        double sum = z;
        double term = z;
        double q = z * z;
        for (int i = 3; ; i += 2) {
            term *= q / i;
            double next = sum + term;
            if (next == sum) {
                break;
            }
            sum = next;
        }
        double p = 0.5 + sum * Math.exp(-0.5 * q - LOG_SQRT_2PI);
        return Math.max(0.0, Math.min(1.0, p));
    }
}
