package io.dorastream.connector.reading;

import java.util.Map;
import java.util.NavigableMap;

/**
 * How many events the next window of a sweep will hold, from what is known: the events already seen
 * (how many lie in each second, by the timestamp the window seems to filter on), the same stretch in
 * the weeks already read (deployments follow the working week) and the density of the last windows.
 * It sizes windows only; completeness never rests on it ({@link WindowReader}). Pure: no I/O, one
 * instance per read, not thread-safe.
 */
final class DensityModel {

    static final long WEEK = 7 * 24 * 3600;
    /** Weeks averaged when guessing a stretch from the same stretch in the weeks already read. */
    static final int WEEKS = 3;
    /**
     * A page's share left free when planning: a planned window aims at one event under the page
     * minus 2 %, so that a few events more than known (arrived meanwhile, or guessed low) still fit
     * and the answer comes back short, which is what makes a window count as read.
     */
    private static final int HEADROOM_DIVISOR = 50;
    /** Base margin on guesses of unseen stretches, before the square-root term: 2 %. */
    private static final double BASE_INFLATION = 1.02;
    /** A window of at least this many events is a sample good enough to replace the past density alone. */
    private static final int SOLID_SAMPLE = 8;
    /** A window whose density differs from the past's by more than this factor replaces it alone (a change of pace). */
    private static final double PACE_CHANGE = 4;
    /** Events counted for a window that held none: a density of zero would plan windows without bound. */
    private static final double EMPTY_WINDOW_EVENTS = 0.5;
    /**
     * A window agrees with the weekly guess while it holds at most 1.5 times and at least half of it,
     * each with a slack of a tenth of a page: ordinary week-to-week variation, not a burst.
     */
    private static final double AGREE_ABOVE = 1.5, AGREE_BELOW = 0.5, AGREE_SLACK = 0.1;

    private final int limit;
    private final int threshold;
    /** Margin on guesses of unseen stretches, see {@link #inflation(int)}. */
    private final double inflation;

    /** Events and seconds of the last windows, each window weighing twice the one before. */
    private double recentEvents;
    private double recentSeconds;
    /** Whether the same stretch in the weeks already read predicts the next window. */
    private boolean weeklyTrusted = true;

    DensityModel(int limit) {
        this.limit = limit;
        this.threshold = threshold(limit);
        this.inflation = inflation(limit);
    }

    /** Most events a planned window (or a group of services) should hold: a little under {@code limit}. */
    static int threshold(int limit) {
        return Math.max(0, limit - 1 - limit / HEADROOM_DIVISOR);
    }

    /**
     * The factor on guesses of unseen stretches: 2 % plus one standard deviation of a count of
     * {@code threshold} events (counts vary by about their square root), so that a planned window
     * overflows a page only when its count exceeds the guess by more than that.
     */
    static double inflation(int limit) {
        return BASE_INFLATION + 1 / Math.sqrt(Math.max(1, threshold(limit)));
    }

    int threshold() {
        return threshold;
    }

    boolean weeklyTrusted() {
        return weeklyTrusted;
    }

    /** Events per second of the last windows. */
    double density() {
        return recentSeconds > 0 ? recentEvents / recentSeconds : 0;
    }

    /**
     * The longest next window (at least one second) expected to hold at most {@link #threshold()}
     * events; {@code known} counts the events seen per second.
     */
    long plan(SweepPosition p, NavigableMap<Long, Integer> known) {
        long max = Math.min(p.remaining(), p.cap());
        Counts counts = counts(p, max, known);
        if (estimate(p, max, counts) <= threshold) {
            return max;
        }
        long lo = 1;
        long hi = max;
        while (lo < hi) {
            long mid = lo + (hi - lo + 1) / 2;
            if (estimate(p, mid, counts) <= threshold) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Expected events of the next window of {@code len} seconds: those seen, plus a guess where the view is partial. */
    double estimate(SweepPosition p, long len, NavigableMap<Long, Integer> known) {
        return estimate(p, len, counts(p, len, known));
    }

    private double estimate(SweepPosition p, long len, Counts counts) {
        boolean descending = p.descending();
        long cur = p.cur();
        long zone = p.zone();
        long regionLo = descending ? cur - len - 1 : cur - 1;
        long regionHi = descending ? cur : cur + len;
        // [inLo, inHi]: inside the believed-complete stretch; the rest is outside
        long inLo;
        long inHi;
        if (zone == cur) {
            inLo = 1;
            inHi = 0;
        } else if (descending) {
            inLo = Math.max(regionLo, zone);
            inHi = regionHi;
        } else {
            inLo = regionLo;
            inHi = Math.min(regionHi, zone);
        }
        long inside = inLo <= inHi ? counts.between(inLo, inHi) : 0;
        long outLo = descending ? regionLo : (inLo <= inHi ? inHi + 1 : regionLo);
        long outHi = descending ? (inLo <= inHi ? inLo - 1 : regionHi) : regionHi;
        if (outLo > outHi) {
            return inside;
        }
        long outside = counts.between(outLo, outHi);
        double estimate = inside + Math.max(outside, inflation * guess(p, outLo, outHi, counts));
        long fullEdge = p.fullEdge();
        if (p.fullDeficit() > 0 && p.beyond(fullEdge) && (descending ? regionLo <= fullEdge : regionHi >= fullEdge)) {
            // the window covers what is left of the last full window: at least its deficit, plus what lies further
            long restLo = descending ? regionLo : fullEdge + 1;
            long restHi = descending ? fullEdge - 1 : regionHi;
            double further = restLo <= restHi ? inflation * guess(p, restLo, restHi, counts) : 0;
            estimate = Math.max(estimate, p.fullDeficit() + further);
        }
        return estimate;
    }

    /**
     * Events expected in the unseen stretch {@code [lo, hi]}: the weekly guess while it holds,
     * else the density of the last windows.
     */
    private double guess(SweepPosition p, long lo, long hi, Counts counts) {
        double weekly = weeklyTrusted ? weekly(p, lo, hi, counts) : Double.NaN;
        return Double.isNaN(weekly) ? density() * (hi - lo + 1) : weekly;
    }

    /** Takes in a window read whole: it replaces the past on its own when it holds enough events or differs a lot. */
    void observe(int events, double seconds) {
        double before = density();
        double now = Math.max(events, EMPTY_WINDOW_EVENTS) / seconds;
        if (events >= SOLID_SAMPLE || before == 0 || now > PACE_CHANGE * before || now < before / PACE_CHANGE) {
            recentEvents = Math.max(events, EMPTY_WINDOW_EVENTS);
            recentSeconds = seconds;
        } else {
            recentEvents = recentEvents / 2 + events;
            recentSeconds = recentSeconds / 2 + seconds;
        }
    }

    /**
     * Takes in a full page of {@code events} whose events span {@code seconds} from the sweep's position
     * (where they bunch, it says nothing of the gap): it replaces the past.
     */
    void sampleFull(int events, double seconds) {
        recentEvents = events;
        recentSeconds = seconds;
    }

    /**
     * Events the stretch {@code [lo, hi]} held on average one to {@link #WEEKS} weeks nearer the
     * sweep's start, or NaN before a week has been read.
     */
    private static double weekly(SweepPosition p, long lo, long hi, Counts counts) {
        boolean descending = p.descending();
        long cur = p.cur();
        long len = hi - lo + 1;
        long readLo = descending ? cur : p.start();
        long readHi = descending ? p.end() : cur;
        long weeks = Math.min(WEEKS, (readHi - readLo) / WEEK);
        if (weeks == 0) {
            return Double.NaN;
        }
        long sum = 0;
        int n = 0;
        for (int k = 1; k <= weeks && len <= WEEK; k++) {
            long shift = (descending ? WEEK : -WEEK) * k;
            if (lo + shift >= readLo && hi + shift <= readHi) {
                sum += counts.between(lo + shift, hi + shift);
                n++;
            }
        }
        if (n > 0) {
            return sum / (double) n;
        }
        long spanLo = descending ? cur : cur - weeks * WEEK;
        return counts.between(spanLo, spanLo + weeks * WEEK - 1) * (double) len / (weeks * WEEK);
    }

    /**
     * Distrusts the weekly guess while a window holds far more or far fewer events than it said
     * (a burst such as a dense hour or a mass redeploy, here or a week away), trusts it again once
     * a window agrees.
     *
     * @return what the weekly guess said for the window {@code [lo, hi)} that held {@code found} events,
     *         NaN when it says nothing yet
     */
    double judgeWeeklyGuess(SweepPosition p, long lo, long hi, int found, NavigableMap<Long, Integer> known) {
        long regionLo = lo - 1;
        Counts counts = new Counts(known.subMap(regionLo - WEEKS * WEEK, true, hi + WEEKS * WEEK, true));
        double weekly = weekly(p, regionLo, hi, counts);
        if (!Double.isNaN(weekly)) {
            weeklyTrusted = found <= AGREE_ABOVE * weekly + AGREE_SLACK * limit
                    && found >= weekly * AGREE_BELOW - AGREE_SLACK * limit;
        }
        return weekly;
    }

    private static Counts counts(SweepPosition p, long max, NavigableMap<Long, Integer> known) {
        long cur = p.cur();
        long lo = p.descending() ? cur - max - 1 : Math.max(p.start() - 1, cur - WEEKS * WEEK - 1);
        long hi = p.descending() ? Math.min(p.end(), cur + WEEKS * WEEK + 1) : cur + max;
        return new Counts(known.subMap(lo, true, hi, true));
    }

    /** Known events per second over the stretch a plan may look at, as prefix sums. */
    private static final class Counts {
        private final long[] seconds;
        private final long[] before;

        Counts(NavigableMap<Long, Integer> map) {
            seconds = new long[map.size()];
            before = new long[map.size() + 1];
            int i = 0;
            for (Map.Entry<Long, Integer> e : map.entrySet()) {
                seconds[i] = e.getKey();
                before[i + 1] = before[i] + e.getValue();
                i++;
            }
        }

        long between(long lo, long hi) {
            return before[firstAtLeast(hi + 1)] - before[firstAtLeast(lo)];
        }

        private int firstAtLeast(long second) {
            int lo = 0;
            int hi = seconds.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (seconds[mid] < second) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
