package io.dorastream.aggregator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.dorastream.api.benchmark.Benchmarks;
import io.dorastream.api.benchmark.ComparisonGroup;
import io.dorastream.api.benchmark.Measure;
import io.dorastream.api.metrics.Position;

/** The 2025 mapping's every boundary, the score arithmetic and Φ on hand-computed values. */
class ScoresTest {

    private static final long HOUR = 3_600;
    private static final long DAY = 86_400;

    /** Each bound belongs to the slower category: exactly 1 h is "less than one day" (5). */
    @ParameterizedTest(name = "{0} s → category {1}")
    @CsvSource({
        "0, 6",
        "3599.999, 6",
        "3600, 5", // exactly 1 h
        "86399.5, 5",
        "86400, 4", // exactly 1 day
        "604799, 4",
        "604800, 3", // exactly 7 days
        "2591999.9, 3",
        "2592000, 2", // exactly 30 days
        "15767999.5, 2",
        "15768000, 1", // exactly 182.5 days
        "1e9, 1",
    })
    void durationCategories(double seconds, int category) {
        assertEquals(category, Scores.durationCategory(seconds));
    }

    /** The mean interval window / count against the same bounds, compared exactly. */
    @ParameterizedTest(name = "{0} deployments in {1} days → category {2}")
    @CsvSource({
        "0, 28, 1", // no deployment: category 1, score 0 (not "no data")
        "673, 28, 6", // 28 days / 673 < 1 h
        "672, 28, 5", // exactly 1 h
        "29, 28, 5",
        "28, 28, 4", // exactly 1 day
        "5, 28, 4",
        "4, 28, 3", // exactly 7 days
        "3, 60, 3",
        "2, 60, 2", // exactly 30 days
        "3, 365, 2",
        "2, 365, 1", // exactly 182.5 days
        "1, 28, 3",
    })
    void frequencyCategories(long count, long days, int category) {
        assertEquals(category, Scores.frequencyCategory(count, BigDecimal.valueOf(days * DAY)));
    }

    @Test
    void aFractionalWindowIsComparedExactly() {
        // 1 h and a millisecond over 1 deployment: one hour plus, so "less than one day"
        assertEquals(5, Scores.frequencyCategory(1, new BigDecimal("3600.001")));
        assertEquals(6, Scores.frequencyCategory(1, new BigDecimal("3599.999")));
        assertThrows(IllegalArgumentException.class, () -> Scores.frequencyCategory(-1, BigDecimal.ONE));
        assertThrows(IllegalArgumentException.class, () -> Scores.durationCategory(Double.NaN));
        assertEquals(4, Scores.durationCategory(HOUR * 24 * 6.5));
    }

    @Test
    void categoriesScoreLinearlyOntoZeroToTen() {
        assertEquals(0.0, Scores.categoryScore(1));
        assertEquals(2.0, Scores.categoryScore(2));
        assertEquals(4.0, Scores.categoryScore(3));
        assertEquals(6.0, Scores.categoryScore(4));
        assertEquals(8.0, Scores.categoryScore(5));
        assertEquals(10.0, Scores.categoryScore(6));
        assertThrows(IllegalArgumentException.class, () -> Scores.categoryScore(0));
        assertThrows(IllegalArgumentException.class, () -> Scores.categoryScore(7));
    }

    @Test
    void ratesScoreTenMinusPercentOverTen() {
        assertEquals(10.0, Scores.rateScore(0, 17)); // 0%
        assertEquals(0.0, Scores.rateScore(17, 17)); // 100%
        assertEquals(7.5, Scores.rateScore(1, 4)); // 25% → 10 − 2.5
        assertEquals(8.1, Scores.rateScore(19, 100), 1e-12); // 19%, the 2025 all-industries mean
        assertThrows(IllegalArgumentException.class, () -> Scores.rateScore(0, 0)); // no data has no score
        assertThrows(IllegalArgumentException.class, () -> Scores.rateScore(5, 4));
    }

    @Test
    void phiIsTheStandardNormalCdf() {
        assertEquals(0.5, Scores.phi(0));
        assertEquals(0.8413447460685429, Scores.phi(1), 1e-15);
        assertEquals(0.15865525393145707, Scores.phi(-1), 1e-15);
        assertEquals(0.9986501019683699, Scores.phi(3), 1e-15);
        assertEquals(0.0013498980316301035, Scores.phi(-3), 1e-15);
        assertEquals(0.975, Scores.phi(1.959964), 1e-7);
        assertEquals(0.9999999999987201, Scores.phi(7), 1e-15);
        assertEquals(1.0, Scores.phi(11));
        assertEquals(0.0, Scores.phi(-11));
        assertThrows(IllegalArgumentException.class, () -> Scores.phi(Double.NaN));
    }

    /** z = (score − mean) / std against the group's comparable statistics, percentile = Φ(z). */
    @Test
    void positionsOnHandComputedValues() {
        ComparisonGroup all = Benchmarks.builtIn().group("dora-2025", "industry", "all").orElseThrow();
        Position lead = Scores.position(8.0, all, Measure.LEAD_TIME); // (8 − 5.5) / 2.4
        assertEquals(new Position("industry", "all", "2025", 1.041666666667, 0.851216875818), rounded(lead));
        Position failures = Scores.position(7.5, all, Measure.CHANGE_FAILURE_RATE); // (7.5 − (10 − 1.9)) / 2.1
        assertEquals(-0.2857142857142857, failures.z(), 1e-12);
        assertEquals(0.38754848109799245, failures.percentile(), 1e-12);
        Position stability = Scores.position(7.5, all, Measure.STABILITY); // (7.5 − (10 − 2.1)) / 2.0
        assertEquals(-0.2, stability.z(), 1e-12);
        assertEquals(0.420740290560897, stability.percentile(), 1e-12);
        Position average = Scores.position(7.9, all, Measure.PERFORMANCE_AVERAGE); // (7.9 − 6.72) / 1.2
        assertEquals(0.98333333333333, average.z(), 1e-12);
    }

    private static Position rounded(Position p) {
        return new Position(p.family(), p.group(), p.edition(), round(p.z()), round(p.percentile()));
    }

    private static double round(double x) {
        return Math.round(x * 1e12) / 1e12;
    }
}
