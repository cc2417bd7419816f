package io.dorastream.connector.reading;

import java.time.Instant;

import org.jboss.logging.Logger;

import io.dorastream.events.Stream;

/**
 * One read of {@link WindowReader}: one request over the whole window, and if that page is full a
 * sweep from the end the page seems sorted toward, window after window, each sized by the
 * {@link DensityModel} from where the sweep stands ({@link SweepPosition}); a one-second window
 * still full goes to the {@link CrowdedSecondReader}. Times are epoch seconds; the logical window
 * {@code [lo, hi)} is requested as {@code [lo - 1, hi)}.
 */
final class WindowSweep {

    private static final Logger LOG = Logger.getLogger(WindowSweep.class);
    /**
     * Seconds read by service when a one-second window is still full: the crowded second may sit on
     * either side of that window's one-second overlap, and three seconds keep it out of the next
     * window's request.
     */
    private static final long CROWDED_SPAN = 3;

    private final PageCollector pages;
    private DensityModel model;
    private CrowdedSecondReader crowded;
    private final Stream stream;
    private final String query;
    /** The page size answers are judged by: {@code limit}, or a server-side cap once proven. */
    private int pageSize;
    /** Most events a window is planned for since one kept failing (too heavy to answer), else unbounded. */
    private int heavyPage = Integer.MAX_VALUE;
    /** Longest next window after one kept failing: a half, quarter … of it, so that the sweep progresses. */
    private long heavyCap = Long.MAX_VALUE;
    /** Windows split in a row (since the last answer). */
    private int splits;
    /** The largest page answered in this read: windows are never planned for fewer events after a failure. */
    private int answered;

    WindowSweep(PageCollector pages, Stream stream, String query) {
        this.pages = pages;
        this.stream = stream;
        this.query = query == null || query.isBlank() ? null : query;
        plan();
    }

    /**
     * (Re)builds the planning for the page size: a cap proven during the read, or a window too heavy
     * to answer, makes windows smaller.
     */
    private void plan() {
        pageSize = pages.pageSize();
        model = new DensityModel(Math.min(pageSize, heavyPage));
        crowded = new CrowdedSecondReader(pages, stream, query, pageSize, model.threshold());
    }

    /** Reads the logical window {@code [from, to)}; the events go to the page collector. */
    void read(long from, long to) {
        SweepPosition pos;
        try {
            PageCollector.Page first = pages.window(from, to, query, to - from > 1);
            if (!first.full()) {
                return;
            }
            PageCollector.Shape shape = first.shape();
            pos = SweepPosition.begin(from, to, shape.nonIncreasing() || !shape.nonDecreasing());
            pos = afterFull(pos, first, to - from);
        } catch (PageFetcher.HeavyWindowException e) {
            pos = split(SweepPosition.begin(from, to, true), to - from, e);
        }
        while (pos.remaining() > 0) {
            if (pages.pageSize() != pageSize) {
                LOG.debugf("%s: planning for pages of %d from now on", stream.id(), pages.pageSize());
                plan();
            }
            long len = Math.min(heavyCap, model.plan(pos, pages.known()));
            long lo = pos.windowLo(len);
            long hi = pos.windowHi(len);
            PageCollector.Page page;
            try {
                page = pages.window(lo, hi, query, len > 1);
            } catch (PageFetcher.HeavyWindowException e) {
                pos = split(pos, len, e);
                continue;
            }
            heavyCap = Long.MAX_VALUE;
            splits = 0;
            answered = Math.max(answered, page.size());
            LOG.tracef("%s: [%s, %s) gave %d events%s", stream.id(), Instant.ofEpochSecond(lo), Instant.ofEpochSecond(hi),
                    page.size(), page.full() ? " (full)" : "");
            judgeWeeklyGuess(pos, lo, hi, page.size());
            if (!page.full()) {
                model.observe(page.size(), len + 1.0);
                pos = pos.afterShortPage(lo, hi, page.size(), model.threshold());
            } else if (len == 1) {
                long span = Math.min(CROWDED_SPAN, pos.remaining());
                long crowdedLo = pos.windowLo(span);
                long crowdedHi = pos.windowHi(span);
                crowded.read(crowdedLo, crowdedHi, page);
                pos = pos.afterCrowded(crowdedLo, crowdedHi);
            } else {
                if (pos.insideZone(lo, hi)) {
                    LOG.debugf("%s: window [%d, %d) inside a believed-complete stretch came back full", stream.id(), lo, hi);
                    pos = pos.zoneDistrusted();
                }
                pos = afterFull(pos, page, len);
            }
        }
    }

    /**
     * A window of {@code len} seconds kept failing: the next one is at most half as long, a quarter
     * when that piece failed too, then an eighth … (the read has few failed calls left, see
     * {@link PageFetcher}: six attempts reach a window 1/1024 as long), and windows are planned for
     * half as many events as before for the rest of the read, but never for fewer than the largest
     * page answered (that failure came of a window holding more than planned).
     */
    private SweepPosition split(SweepPosition pos, long len, PageFetcher.HeavyWindowException e) {
        splits++;
        heavyCap = Math.max(1, len >> Math.min(splits, 62));
        heavyPage = Math.max(Math.max(1, answered), Math.min(heavyPage, pageSize) / 2);
        plan();
        LOG.debugf("%s: %s; reading windows planned for %d events", stream.id(), e.getMessage(), heavyPage);
        return pos;
    }

    /** Learns from a full page of a window of {@code len} seconds at the position. */
    private SweepPosition afterFull(SweepPosition pos, PageCollector.Page page, long len) {
        PageCollector.Shape s = page.shape();
        boolean sorted = pos.trustsSorted(s.count(), s.nonIncEst(), s.nonDecEst());
        long far = pos.descending() ? s.minEst() : s.maxEst();
        // events per second between cur and the farthest event shown (where they bunch, it says nothing of the gap)
        model.sampleFull(page.size(), s.count() >= 2 ? Math.abs(pos.cur() - far) + 1.0 : len + 1.0);
        return pos.afterFullPage(len, page.size(), sorted, far);
    }

    private void judgeWeeklyGuess(SweepPosition pos, long lo, long hi, int found) {
        boolean before = model.weeklyTrusted();
        double weekly = model.judgeWeeklyGuess(pos, lo, hi, found, pages.known());
        if (model.weeklyTrusted() != before) {
            LOG.debugf("%s: %s the weekly guess (%d events where it said %.0f)", stream.id(),
                    model.weeklyTrusted() ? "trusting" : "distrusting", found, weekly);
        }
    }
}
