package io.dorastream.aggregator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void p90OfTwoValuesInterpolatesExactly() {
        // h = 0.9·(2-1) = 0.9 → 10 + 0.9·(1000-10) = 10 + 891 = 901
        assertEquals(901.0, Percentiles.percentile(List.of(10, 1000), 0.9));
        // median: h = 0.5 → 10 + 0.5·990 = 505
        assertEquals(505.0, Percentiles.median(List.of(1000, 10)));
    }

    @Test
    void evenSizedMedianIsTheMeanOfTheMiddleTwo() {
        // sorted 1,2,3,4: h = 0.5·3 = 1.5 → x[1] + 0.5·(x[2]-x[1]) = 2 + 0.5 = 2.5
        assertEquals(2.5, Percentiles.median(List.of(4, 1, 3, 2)));
        // 86000, 86800: h = 0.5 → 86000 + 0.5·800 = 86400 exactly (one day)
        assertEquals(86_400.0, Percentiles.median(List.of(86_800.0, 86_000.0)));
    }

    @Test
    void oddSizedMedianIsTheMiddleValue() {
        // sorted 1,3,5: h = 0.5·2 = 1 → x[1] = 3
        assertEquals(3.0, Percentiles.median(List.of(5, 1, 3)));
    }

    @Test
    void oneValueIsEveryPercentile() {
        // n = 1: h = q·0 = 0 → x[0]
        assertEquals(42.0, Percentiles.percentile(List.of(42), 0.0));
        assertEquals(42.0, Percentiles.median(List.of(42)));
        assertEquals(42.0, Percentiles.percentile(List.of(42), 0.9));
        assertEquals(42.0, Percentiles.percentile(List.of(42), 1.0));
    }

    @Test
    void noValuesIsNullNeverZero() {
        assertNull(Percentiles.median(List.of()));
        assertNull(Percentiles.percentile(List.of(), 0.9));
        assertNull(Percentiles.percentileOfSorted(new double[0], 0.75));
        assertNull(Percentiles.mean(List.of()));
    }

    @Test
    void p75AndP90OfFiveValues() {
        // sorted 10,20,30,40,50; p75: h = 0.75·4 = 3 → 40; p90: h = 0.9·4 = 3.6 → 40 + 0.6·10 = 46
        List<Integer> xs = List.of(50, 10, 40, 20, 30);
        assertEquals(40.0, Percentiles.percentile(xs, 0.75));
        assertEquals(46.0, Percentiles.percentile(xs, 0.9));
        // extremes: q = 0 → min, q = 1 → max
        assertEquals(10.0, Percentiles.percentile(xs, 0.0));
        assertEquals(50.0, Percentiles.percentile(xs, 1.0));
    }

    @Test
    void interpolationIsDecimalExact() {
        // 1..10: h = 0.9·9 = 8.1 → x[8] + 0.1·(x[9]-x[8]) = 9 + 0.1 = 9.1 (the double nearest 9.1, no drift)
        List<Integer> xs = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertEquals(9.1, Percentiles.percentile(xs, 0.9));
        // h = 0.75·9 = 6.75 → 7 + 0.75·1 = 7.75
        assertEquals(7.75, Percentiles.percentile(xs, 0.75));
    }

    @Test
    void rejectsBadQuantilesAndValues() {
        assertThrows(IllegalArgumentException.class, () -> Percentiles.percentile(List.of(1), 1.5));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.percentile(List.of(1), -0.1));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.percentile(List.of(1), Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.median(List.of(1.0, Double.NaN)));
    }

    @Test
    void meanIsSummedExactly() {
        // (100 + 200) / 2 = 150; (1 + 2 + 4) / 3 = 7/3, rounded once
        assertEquals(150.0, Percentiles.mean(List.of(100.0, 200.0)));
        assertEquals(7.0 / 3, Percentiles.mean(List.of(1.0, 2.0, 4.0)));
    }
}
