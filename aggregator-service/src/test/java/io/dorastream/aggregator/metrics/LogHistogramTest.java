package io.dorastream.aggregator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LogHistogramTest {

    @Test
    void everyValueLiesWithinOnePercentOfItsBucketsRepresentative() {
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            double x = Math.exp(random.nextDouble() * 40 - 10); // 4.5e-5 .. 2.2e13
            double r = LogHistogram.representative(LogHistogram.bucketOf(x));
            assertTrue(Math.abs(r - x) <= 0.01 * x * (1 + 1e-12), x + " → " + r);
            double y = -x;
            assertTrue(Math.abs(LogHistogram.representative(LogHistogram.bucketOf(y)) - y) <= 0.01 * x * (1 + 1e-12));
        }
        assertEquals(0.0, LogHistogram.representative(LogHistogram.bucketOf(0.0)));
    }

    @Test
    void percentilesAreWithinOnePercentOfTheExactOnes() {
        Random random = new Random(7);
        List<Double> values = new ArrayList<>();
        LogHistogram h = new LogHistogram();
        for (int i = 0; i < 50_001; i++) {
            double x = Math.round(Math.exp(random.nextGaussian() * 2 + 8)); // lead-time-like seconds, 0 possible
            values.add(x);
            h.add(x);
        }
        Quantiles exact = Quantiles.exact(values);
        Quantiles approx = h.quantiles();
        assertEquals(values.size(), approx.n());
        assertTrue(approx.approximate());
        assertWithin(exact.p50(), approx.p50());
        assertWithin(exact.p75(), approx.p75());
        assertWithin(exact.p90(), approx.p90());
    }

    @Test
    void histogramsOfPartsMergeIntoTheHistogramOfTheWhole() {
        LogHistogram a = new LogHistogram().add(1).add(-5).add(0).add(3_600);
        LogHistogram b = new LogHistogram().add(7_200).add(3_601).add(1);
        LogHistogram whole = new LogHistogram();
        for (double x : new double[] { 1, -5, 0, 3_600, 7_200, 3_601, 1 }) {
            whole.add(x);
        }
        LogHistogram merged = a.merge(b);
        assertEquals(7, merged.n());
        assertEquals(whole.quantiles(), merged.quantiles());
        // order: negative, zero, positive; the median of -5, 0, 1, 1, 3600, 3601, 7200 is 1
        assertEquals(LogHistogram.representative(LogHistogram.bucketOf(1)), merged.percentile(0.5));
        assertEquals(LogHistogram.representative(LogHistogram.bucketOf(-5)), merged.percentile(0.0));
    }

    @Test
    void emptyAndInvalid() {
        assertNull(new LogHistogram().percentile(0.5));
        assertEquals(Quantiles.NONE, new LogHistogram().quantiles());
        assertThrows(IllegalArgumentException.class, () -> new LogHistogram().add(new LogHistogram.Bucket(1, 3), -1));
    }

    @Test
    void interpolationFromTwoPickedValuesIsTheExactPercentile() {
        double[] sorted = { 10, 20, 1000, 1000.5, 86_000, 86_800 };
        for (double q : new double[] { 0, 0.1, 0.5, 0.75, 0.9, 1 }) {
            int lo = Percentiles.lowerRank(sorted.length, q);
            Double upper = lo + 1 < sorted.length ? sorted[lo + 1] : null;
            assertEquals(Percentiles.percentileOfSorted(sorted, q), Percentiles.interpolate(sorted.length, q, sorted[lo], upper));
        }
        assertEquals(901.0, Percentiles.interpolate(2, 0.9, 10, 1000.0));
    }

    private static void assertWithin(double exact, double approx) {
        assertTrue(Math.abs(approx - exact) <= 0.01 * Math.abs(exact) + 1e-9, "exact " + exact + ", approximate " + approx);
    }
}
