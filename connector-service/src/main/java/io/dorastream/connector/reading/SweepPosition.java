package io.dorastream.connector.reading;

/**
 * Where a sweep over the logical window {@code [start, end)} stands, and what its last full pages
 * said about the stretch ahead: an immutable value, each step of the sweep makes the next one.
 * Times are epoch seconds. A descending sweep has read {@code [cur, end)}, an ascending one
 * {@code [start, cur)}.
 *
 * @param zone        far end of the stretch next to {@code cur} whose events a sorted full page seems to
 *                    have shown completely ({@code [zone, cur]} descending, {@code [cur, zone]} ascending);
 *                    equal to {@code cur} when there is none
 * @param zoneTrusted false once a window inside such a stretch came back full: sorted pages are then
 *                    no longer taken as complete
 * @param fullEdge    far end of the last full window
 * @param fullDeficit how many events of the last full window lie beyond {@code cur}, as far as known
 * @param overflows   full pages met since {@code cur} last moved
 * @param cap         longest next window: shrinks after each full page so that the sweep always progresses
 */
record SweepPosition(long start, long end, boolean descending, long cur, long zone, boolean zoneTrusted, long fullEdge,
        long fullDeficit, int overflows, long cap) {

    /**
     * After a full page sorted toward {@code cur}, the next window is 5 % shorter: the page shows where
     * the window is full, so the plan needs little room.
     */
    private static final long SORTED_SHRINK_NUM = 19, SORTED_SHRINK_DEN = 20;
    /**
     * After a first unsorted full page at one position the next window is a fifth shorter: the plan's
     * guess was a little low, usually not far off; further full pages halve it.
     */
    private static final long FIRST_SHRINK_NUM = 4, FIRST_SHRINK_DEN = 5;

    /** A sweep of {@code [start, end)} from its end ({@code descending}) or its start, nothing read yet. */
    static SweepPosition begin(long start, long end, boolean descending) {
        long cur = descending ? end : start;
        return new SweepPosition(start, end, descending, cur, cur, true, 0, 0, 0, Long.MAX_VALUE);
    }

    /** Seconds still to read. */
    long remaining() {
        return descending ? cur - start : end - cur;
    }

    /** The first second of the next window of {@code len} seconds. */
    long windowLo(long len) {
        return descending ? cur - len : cur;
    }

    /** The second after the next window of {@code len} seconds. */
    long windowHi(long len) {
        return descending ? cur : cur + len;
    }

    /** Whether {@code second} lies ahead of {@code cur}, still to be read. */
    boolean beyond(long second) {
        return descending ? second < cur : second > cur;
    }

    /** Whether {@code [lo, hi)} lies inside the stretch believed complete. */
    boolean insideZone(long lo, long hi) {
        return zone != cur && (descending ? lo - 1 >= zone : hi <= zone);
    }

    /** The window {@code [lo, hi)} next to {@code cur} was read whole: {@code cur} moves past it. */
    SweepPosition advancedPast(long lo, long hi) {
        long next = descending ? lo : hi;
        long z = (descending ? zone >= next : zone <= next) ? next : zone;
        return new SweepPosition(start, end, descending, next, z, zoneTrusted, fullEdge, fullDeficit, 0, Long.MAX_VALUE);
    }

    /**
     * After the short page of the window {@code [lo, hi)} with {@code events}: {@code cur} moves past it,
     * the last full window's deficit shrinks by what was found (it is forgotten once passed), and
     * while what is left of that window alone still holds more than {@code threshold} events the next
     * window is at most half of it.
     */
    SweepPosition afterShortPage(long lo, long hi, int events, int threshold) {
        SweepPosition p = advancedPast(lo, hi);
        long deficit = p.beyond(fullEdge) ? fullDeficit - events : 0;
        long nextCap = deficit >= threshold ? Math.max(1, Math.abs(p.cur - fullEdge) / 2) : p.cap;
        return new SweepPosition(start, end, descending, p.cur, p.zone, zoneTrusted, fullEdge, deficit, 0, nextCap);
    }

    /** After the crowded seconds {@code [lo, hi)} were read by service: {@code cur} moves past them. */
    SweepPosition afterCrowded(long lo, long hi) {
        SweepPosition p = advancedPast(lo, hi);
        return new SweepPosition(start, end, descending, p.cur, p.zone, zoneTrusted, fullEdge, 0, 0, p.cap);
    }

    /** A window inside the stretch believed complete came back full: sorted pages are no longer trusted. */
    SweepPosition zoneDistrusted() {
        return new SweepPosition(start, end, descending, cur, cur, false, fullEdge, fullDeficit, overflows, cap);
    }

    /** Whether a page of this shape is sorted toward {@code cur} and such pages are still trusted. */
    boolean trustsSorted(int count, boolean nonIncreasing, boolean nonDecreasing) {
        return count >= 2 && (descending ? nonIncreasing : nonDecreasing) && zoneTrusted;
    }

    /**
     * After a full page of {@code events} for a window of {@code len} seconds at {@code cur}: the next window
     * shrinks (by 5 % when the page is sorted toward {@code cur}, by a fifth after a first full page at
     * this position, else by half); an unsorted page leaves a deficit of its events, a sorted one marks
     * the stretch up to its farthest second ({@code far}) as complete.
     */
    SweepPosition afterFullPage(long len, int events, boolean sorted, long far) {
        int n = overflows + 1;
        long shrunk = sorted ? len * SORTED_SHRINK_NUM / SORTED_SHRINK_DEN
                : n == 1 ? len * FIRST_SHRINK_NUM / FIRST_SHRINK_DEN : len / 2;
        long nextCap = Math.max(1, Math.min(len - 1, shrunk));
        long edge = descending ? cur - len : cur + len;
        long z = zone;
        if (sorted) {
            // the page seems to hold the events nearest to cur: all of them up to the far second it reached
            long near = descending ? far + 1 : far - 1;
            z = descending ? Math.min(near, cur) : Math.max(near, cur);
        }
        return new SweepPosition(start, end, descending, cur, z, zoneTrusted, edge, sorted ? 0 : events, n, nextCap);
    }
}
