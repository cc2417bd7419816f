package io.dorastream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One measured figure: the median of repeated runs with their spread (min and max of the runs), or, for a latency
 * distribution, its median with p10 and p90.
 */
record Figure(double median, double low, double high, String spread, int samples) {

    /** The median of repeated runs with their min and max. */
    static Figure ofRuns(List<Double> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs");
        }
        List<Double> sorted = new ArrayList<>(runs);
        sorted.sort(null);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Figure(median, sorted.get(0), sorted.get(n - 1), "min-max", n);
    }

    /** A ratio of two figures: median over median, the spread from the runs' extremes. */
    Figure over(Figure reference) {
        return new Figure(median / reference.median, low / reference.high, high / reference.low, "min-max", Math.min(samples,
                reference.samples));
    }

    String format(String unit) {
        return String.format(Locale.ROOT, "%s %s (%s %s–%s, n=%d)", number(median), unit, spread, number(low), number(high),
                samples);
    }

    static String number(double v) {
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
