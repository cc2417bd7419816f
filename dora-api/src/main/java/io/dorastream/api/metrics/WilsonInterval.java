package io.dorastream.api.metrics;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The 95% Wilson score interval of a rate, written in JSON as {@code [lower, upper]}. With
 * {@code z = 1.959964} and {@code p = successes/n}: centre {@code (p + z²/(2n)) / (1 + z²/n)},
 * half-width {@code z·sqrt(p(1-p)/n + z²/(4n²)) / (1 + z²/n)}, bounds clamped to [0, 1] (and exactly
 * 0 when {@code p = 0}, exactly 1 when {@code p = 1}).
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"lower", "upper"})
public record WilsonInterval(double lower, double upper) {

    /** The OpenAPI description of a {@code ci95} field. */
    public static final String DESCRIPTION = "95% Wilson score interval [lower, upper] of the rate; null when the rate is";

    /** The normal quantile for 95%, as the definitions fix it. */
    public static final double Z = 1.959964;

    /**
     * The interval of {@code successes} out of {@code n}; {@code null} when {@code n = 0}.
     *
     * @throws IllegalArgumentException unless {@code 0 ≤ successes ≤ n}
     */
    public static WilsonInterval of(long successes, long n) {
        if (n < 0 || successes < 0 || successes > n) {
            throw new IllegalArgumentException("need 0 <= successes <= n, got " + successes + " of " + n);
        }
        if (n == 0) {
            return null;
        }
        double nn = n;
        double p = successes / nn;
        double z2 = Z * Z;
        double denominator = 1 + z2 / nn;
        double centre = (p + z2 / (2 * nn)) / denominator;
        double halfWidth = Z * Math.sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / denominator;
        // at p = 0 (p = 1) the lower (upper) bound is exactly 0 (1): p(1-p) = 0 makes the half-width
        // equal to the centre's distance from it; floating point would miss it by an ulp
        double lower = successes == 0 ? 0.0 : clamp(centre - halfWidth);
        double upper = successes == n ? 1.0 : clamp(centre + halfWidth);
        return new WilsonInterval(lower, upper);
    }

    private static double clamp(double x) {
        return Math.max(0.0, Math.min(1.0, x));
    }
}
