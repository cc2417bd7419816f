package io.dorastream.connector.reading;

/**
 * What one connection's answers of one stream showed of a server-side cap on the page size.
 * Datadog documents {@code limit} ≤ 1000, but only 500 has been seen honoured: an answer cut by
 * such a cap holds fewer events than asked and looks complete. So a page as large as the largest
 * Datadog has ever returned (at least {@link #SMALLEST_CAP} events) counts as possibly full: its
 * window is read again in smaller pieces, and nothing is taken as complete (or tombstoned) on its
 * evidence. Once pieces of a window showed more events than its possibly full page, that page size
 * is a proven cap: windows are then planned for it, and a page of it is cut as surely as one of
 * {@code limit}. A page larger than the cap (Datadog raised it) forgets it; a page of {@code limit}
 * events shows there is no cap below it, so from then on only full pages are suspected (a backfill
 * whose planned windows hold a little under a page would otherwise re-read every window that held
 * more events than any before it).
 *
 * <p>Kept in memory per connection and stream ({@link WindowReader}); after a restart it is learned
 * again at the cost of a few requests. Thread-safe.
 */
public final class PageCap {

    /**
     * Pages under this many events are never taken for cut: a cap that low has never been seen
     * (Datadog honoured 500 in a live probe), and suspecting every small page would re-read the
     * windows of small organisations for nothing.
     */
    static final int SMALLEST_CAP = 100;

    private int largest;
    private boolean proven;

    /**
     * Takes in an answer of {@code size} events to a request of {@code limit}. An answer of {@code limit} events
     * shows Datadog honours it: no smaller page is taken for cut after it (nor a cap proven before it kept).
     */
    synchronized void seen(int size, int limit) {
        if (size > largest) {
            largest = Math.min(size, limit);
            proven = false;
        }
    }

    /** Whether a page of {@code size} events may hold fewer than its window: a full page or one as large as the largest seen. */
    synchronized boolean possiblyFull(int size, int limit) {
        return size >= limit || (size >= SMALLEST_CAP && size >= largest);
    }

    /** Whether a page of {@code size} events is surely cut: a full page, or one of a proven cap. */
    synchronized boolean cut(int size, int limit) {
        return size >= limit || (proven && size >= largest);
    }

    /** A possibly full page of {@code size} events turned out to have been cut: its size is the cap. */
    synchronized void provenCut(int size) {
        if (size == largest && size >= SMALLEST_CAP) {
            proven = true;
        }
    }

    /** The page size to plan windows for: the proven cap, else {@code limit}. */
    synchronized int pageSize(int limit) {
        return proven ? Math.min(limit, largest) : limit;
    }

    /** The proven cap, or 0 while none is known. */
    public synchronized int provenCap() {
        return proven ? largest : 0;
    }
}
