package io.dorastream.aggregator.metrics;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mergeable sketch of a set of values with at most 1% relative error on every percentile: fixed
 * logarithmic buckets (bucket {@code i} of sign {@code s} holds the values {@code x} with
 * {@code γ^(i-1) < |x| ≤ γ^i}, {@code γ = 1.01/0.99}), each represented by the value {@code 2γ^i/(γ+1)},
 * which lies within 1% of every value of its bucket. Zero has a bucket of its own. Because the buckets
 * are fixed, histograms of parts of a set add up to the histogram of the whole. Which bucket a value
 * falls in is decided in one place, the database's {@code dora_bucket_index} (the index; the sign is {@code sign(x)}),
 * which {@code dora_bucket} names {@code "sign:index"}: every value is bucketed there, by the sketches and by the
 * queries; this class counts buckets, merges and reads percentiles.
 */
public final class LogHistogram {

    /** The relative accuracy. */
    public static final double ALPHA = 0.01;
    /** The ratio of consecutive bucket bounds. */
    public static final double GAMMA = (1 + ALPHA) / (1 - ALPHA);

    /** A bucket: sign -1, 0 or 1, and index (0 for zero). */
    public record Bucket(int sign, int index) {

        /** The bucket the database names {@code "sign:index"}. */
        public static Bucket parse(String name) {
            int colon = name.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("not a bucket name: " + name);
            }
            return new Bucket(Integer.parseInt(name.substring(0, colon)), Integer.parseInt(name.substring(colon + 1)));
        }
    }

    /** Negative values first (the larger the magnitude, the smaller), then zero, then positive values. */
    private static final Comparator<Bucket> ORDER = Comparator.comparingInt(Bucket::sign)
            .thenComparingInt(b -> b.sign() < 0 ? -b.index() : b.index());

    private final TreeMap<Bucket, Long> counts = new TreeMap<>(ORDER);
    private long n;

    /** The value standing for every value of the bucket. */
    public static double representative(Bucket b) {
        if (b.sign() == 0) {
            return 0.0;
        }
        return b.sign() * 2 * Math.pow(GAMMA, b.index()) / (GAMMA + 1);
    }

    public LogHistogram add(Bucket b, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("a bucket count cannot be negative: " + count);
        }
        if (count > 0) {
            counts.merge(b, count, Long::sum);
            n += count;
        }
        return this;
    }

    /** Adds every bucket of the other histogram to this one. */
    public LogHistogram merge(LogHistogram other) {
        other.counts.forEach(this::add);
        return this;
    }

    /**
     * Takes every bucket of the other histogram out of this one: the histogram of a set less one of its subsets (a
     * month's sketch less the days of the month outside a window). Exact, as the buckets are fixed.
     *
     * @throws IllegalStateException when a bucket of the other holds more than this one's: not a subset
     */
    public LogHistogram remove(LogHistogram other) {
        other.counts.forEach((b, count) -> {
            long left = counts.getOrDefault(b, 0L) - count;
            if (left < 0) {
                throw new IllegalStateException("cannot remove " + count + " values of bucket " + b + " from "
                        + counts.getOrDefault(b, 0L) + ": not a subset");
            }
            if (left == 0) {
                counts.remove(b);
            } else {
                counts.put(b, left);
            }
            n -= count;
        });
        return this;
    }

    public long n() {
        return n;
    }

    /** Percentile {@code q}, interpolated like the exact one between the values at the two ranks; null when empty. */
    public Double percentile(double q) {
        if (n == 0) {
            return null;
        }
        int lo = Percentiles.lowerRank(n, q);
        return Percentiles.interpolate(n, q, valueAtRank(lo), lo + 1 < n ? valueAtRank(lo + 1) : null);
    }

    /** The approximate median, p75 and p90. */
    public Quantiles quantiles() {
        if (n == 0) {
            return Quantiles.NONE;
        }
        return new Quantiles(n, percentile(0.5), percentile(0.75), percentile(0.9), true);
    }

    private double valueAtRank(long rank) {
        long seen = 0;
        for (Map.Entry<Bucket, Long> e : counts.entrySet()) {
            seen += e.getValue();
            if (rank < seen) {
                return representative(e.getKey());
            }
        }
        throw new IllegalStateException("rank " + rank + " beyond " + n);
    }
}
