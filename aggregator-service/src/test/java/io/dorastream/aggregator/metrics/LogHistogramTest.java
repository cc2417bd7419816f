package io.dorastream.aggregator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The sketch's accuracy, with every value bucketed where production buckets it: the database's
 * {@code dora_bucket} (a {@code @QuarkusTest} for that alone).
 */
@QuarkusTest
class LogHistogramTest extends AggregatorTestBase {

    /** The database's buckets of the values, in order. */
    private List<LogHistogram.Bucket> buckets(double... values) throws SQLException {
        List<LogHistogram.Bucket> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT dora_bucket(x) FROM unnest(?::float8[]) WITH ORDINALITY AS v(x, i) ORDER BY i")) {
            Double[] boxed = new Double[values.length];
            for (int i = 0; i < values.length; i++) {
                boxed[i] = values[i];
            }
            ps.setArray(1, c.createArrayOf("float8", boxed));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(LogHistogram.Bucket.parse(rs.getString(1)));
                }
            }
        }
        return out;
    }

    private LogHistogram histogram(double... values) throws SQLException {
        LogHistogram h = new LogHistogram();
        buckets(values).forEach(b -> h.add(b, 1));
        return h;
    }

    private LogHistogram.Bucket bucket(double x) throws SQLException {
        return buckets(x).get(0);
    }

    @Test
    void everyValueLiesWithinOnePercentOfItsBucketsRepresentative() throws SQLException {
        Random random = new Random(42);
        double[] values = new double[200_000];
        for (int i = 0; i < values.length; i += 2) {
            values[i] = Math.exp(random.nextDouble() * 40 - 10); // 4.5e-5 .. 2.2e13
            values[i + 1] = -values[i];
        }
        List<LogHistogram.Bucket> buckets = buckets(values);
        for (int i = 0; i < values.length; i++) {
            double x = values[i];
            double r = LogHistogram.representative(buckets.get(i));
            assertTrue(Math.abs(r - x) <= 0.01 * Math.abs(x) * (1 + 1e-12), x + " → " + r);
        }
        assertEquals(0.0, LogHistogram.representative(bucket(0.0)));
    }

    @Test
    void percentilesAreWithinOnePercentOfTheExactOnes() throws SQLException {
        Random random = new Random(7);
        List<Double> values = new ArrayList<>();
        double[] raw = new double[50_001];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = Math.round(Math.exp(random.nextGaussian() * 2 + 8)); // lead-time-like seconds, 0 possible
            values.add(raw[i]);
        }
        LogHistogram h = histogram(raw);
        Quantiles approx = h.quantiles();
        assertEquals(values.size(), approx.n());
        assertTrue(approx.approximate());
        assertWithin(Percentiles.percentile(values, 0.5), approx.p50());
        assertWithin(Percentiles.percentile(values, 0.75), approx.p75());
        assertWithin(Percentiles.percentile(values, 0.9), approx.p90());
    }

    @Test
    void histogramsOfPartsMergeIntoTheHistogramOfTheWhole() throws SQLException {
        LogHistogram a = histogram(1, -5, 0, 3_600);
        LogHistogram b = histogram(7_200, 3_601, 1);
        LogHistogram whole = histogram(1, -5, 0, 3_600, 7_200, 3_601, 1);
        LogHistogram merged = a.merge(b);
        assertEquals(7, merged.n());
        assertEquals(whole.quantiles(), merged.quantiles());
        // order: negative, zero, positive; the median of -5, 0, 1, 1, 3600, 3601, 7200 is 1
        assertEquals(LogHistogram.representative(bucket(1)), merged.percentile(0.5));
        assertEquals(LogHistogram.representative(bucket(-5)), merged.percentile(0.0));
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
