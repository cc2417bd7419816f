package io.dorastream.connector.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.connector.datadog.DatadogEventParser;
import io.dorastream.connector.datadog.DatadogEventParser.Parsed;
import io.dorastream.connector.datadog.DatadogEventParser.UnparseableEventException;
import io.dorastream.events.Deployment;
import io.dorastream.events.Incident;
import io.dorastream.events.Stream;

/**
 * One read of {@link WindowReader}: the events found so far and the state of the sweep. Times are
 * epoch seconds; the logical window {@code [lo, hi)} is requested as {@code [lo - 1, hi)}, so
 * the events such a request may return lie in the closed range of seconds {@code [lo - 1, hi]}.
 */
final class WindowSweep {

    private static final Logger LOG = Logger.getLogger(WindowSweep.class);
    /** Most services named in one {@code service:(…)} group, to keep queries short. */
    private static final int MAX_GROUP = 100;
    /** Seconds read by service when a one-second window is still full. */
    private static final long DENSE_SPAN = 3;
    private static final long WEEK = 7 * 24 * 3600;
    /** Weeks averaged when guessing a stretch from the same stretch in the weeks already read. */
    private static final int WEEKS = 3;

    private final PageFetcher fetcher;
    private final DatadogEventParser parser;
    private final Stream stream;
    private final String query;
    private final int limit;
    /** Most events a planned window should hold: a little under {@code limit}. */
    private final int threshold;
    /** Margin on guesses of unseen stretches: counts vary by about their square root. */
    private final double inflation;

    private final Map<String, Parsed> events = new LinkedHashMap<>();
    private final Set<String> rejected = new HashSet<>();

    /** Filter-time guess per event and how many events each second holds by that guess. */
    private final Map<String, Times> times = new HashMap<>();
    private final Map<String, Long> counted = new HashMap<>();
    private final TreeMap<Long, Integer> known = new TreeMap<>();
    /** What the answers have not ruled out: the window filters on started_at / on finished_at. */
    private boolean startedPossible = true;
    private boolean finishedPossible = true;
    private boolean byFinished;

    private boolean descending;
    private long start;
    private long end;
    /** Sweep position: done is [cur, end) when descending, [start, cur) when ascending. */
    private long cur;
    /**
     * Far end of the stretch next to {@code cur} whose events a sorted full page seems to have
     * shown completely ({@code [zone, cur]} descending, {@code [cur, zone]} ascending); equal to
     * {@code cur} when there is none.
     */
    private long zone;
    private boolean zoneTrusted = true;
    /** Whether the same stretch in the weeks already read predicts the next window. */
    private boolean weeklyTrusted = true;
    /** Events and seconds of the last windows, each window weighing twice the one before. */
    private double recentEvents;
    private double recentSeconds;
    /** Far end of the last full window and how many of its events lie beyond cur, as far as known. */
    private long fullEdge;
    private long fullDeficit;
    /** Full pages met since cur last moved. */
    private int overflows;
    /** Longest next window: shrinks after each full page so the sweep always progresses. */
    private long cap = Long.MAX_VALUE;

    WindowSweep(PageFetcher fetcher, DatadogEventParser parser, Stream stream, String query, int limit) {
        this.fetcher = fetcher;
        this.parser = parser;
        this.stream = stream;
        this.query = query == null || query.isBlank() ? null : query;
        this.limit = limit;
        this.threshold = Math.max(0, limit - 1 - limit / 50);
        this.inflation = 1.02 + 1 / Math.sqrt(Math.max(1, threshold));
    }

    List<Parsed> events() {
        return new ArrayList<>(events.values());
    }

    /** The ids (or, without one, the JSON) of the events that could not be parsed in any page. */
    Set<String> unreadable() {
        Set<String> out = new HashSet<>(rejected);
        out.removeAll(events.keySet());
        return out;
    }

    /** Reads the logical window {@code [from, to)}. */
    void read(long from, long to) {
        start = from;
        end = to;
        Page first = window(from, to);
        if (!first.full()) {
            return;
        }
        descending = first.shape.nonIncreasing() || !first.shape.nonDecreasing();
        cur = descending ? end : start;
        zone = cur;
        afterFull(first, to - from);
        while (remaining() > 0) {
            long len = plan();
            long lo = descending ? cur - len : cur;
            long hi = descending ? cur : cur + len;
            Page page = window(lo, hi);
            LOG.tracef("%s: [%s, %s) gave %d events%s", stream.id(), Instant.ofEpochSecond(lo), Instant.ofEpochSecond(hi),
                    page.size(), page.full() ? " (full)" : "");
            judgeWeeklyGuess(lo, hi, page.size());
            if (!page.full()) {
                observe(page.size(), len + 1.0);
                advance(lo, hi);
                fullDeficit = beyond(fullEdge) ? fullDeficit - page.size() : 0;
                if (fullDeficit >= threshold) {
                    // the rest of the last full window alone still holds a page: keep halving it
                    cap = Math.max(1, Math.abs(cur - fullEdge) / 2);
                }
            } else if (len == 1) {
                // the crowded second may sit on either side of this window's overlap: splitting three seconds
                // by service keeps it out of the next window's request
                long span = Math.min(DENSE_SPAN, remaining());
                long denseLo = descending ? cur - span : cur;
                long denseHi = descending ? cur : cur + span;
                byService(denseLo, denseHi, page);
                advance(denseLo, denseHi);
                fullDeficit = 0;
            } else {
                if (insideZone(lo, hi)) {
                    LOG.debugf("%s: window [%d, %d) inside a believed-complete stretch came back full", stream.id(), lo, hi);
                    zoneTrusted = false;
                    zone = cur;
                }
                afterFull(page, len);
            }
        }
    }

    private long remaining() {
        return descending ? cur - start : end - cur;
    }

    private void advance(long lo, long hi) {
        cur = descending ? lo : hi;
        if (descending ? zone >= cur : zone <= cur) {
            zone = cur;
        }
        cap = Long.MAX_VALUE;
        overflows = 0;
    }

    /** Whether {@code second} lies ahead of cur, still to be read. */
    private boolean beyond(long second) {
        return descending ? second < cur : second > cur;
    }

    private boolean insideZone(long lo, long hi) {
        return zone != cur && (descending ? lo - 1 >= zone : hi <= zone);
    }

    /** Learns from a full page of a window of {@code len} seconds at {@code cur}. */
    private void afterFull(Page page, long len) {
        Shape s = page.shape;
        boolean sortedByEstimate = s.count >= 2 && (descending ? s.nonIncEst : s.nonDecEst);
        // a page sorted toward cur tells where the window is full, so the plan needs little room; else
        // shrink: by a fifth after a first full page at this position (the guess was a little low), then halve
        overflows++;
        long shrunk = sortedByEstimate && zoneTrusted ? len * 19 / 20 : overflows == 1 ? len * 4 / 5 : len / 2;
        cap = Math.max(1, Math.min(len - 1, shrunk));
        fullEdge = descending ? cur - len : cur + len;
        fullDeficit = sortedByEstimate && zoneTrusted ? 0 : page.size();
        // events per second between cur and the farthest event shown (where they bunch, it says nothing of the gap)
        double sample = s.count >= 2 ? page.size() / (Math.abs(cur - (descending ? s.minEst : s.maxEst)) + 1.0)
                : page.size() / (len + 1.0);
        recentEvents = page.size();
        recentSeconds = page.size() / sample;
        if (sortedByEstimate && zoneTrusted) {
            // the page seems to hold the events nearest to cur: all of them up to the far second it reached
            long z = descending ? s.minEst + 1 : s.maxEst - 1;
            zone = descending ? Math.min(z, cur) : Math.max(z, cur);
        }
    }

    /** The longest next window (at least one second) expected to hold at most {@code threshold} events. */
    private long plan() {
        long max = Math.min(remaining(), cap);
        Counts counts = counts(max);
        if (estimate(max, counts) <= threshold) {
            return max;
        }
        long lo = 1;
        long hi = max;
        while (lo < hi) {
            long mid = lo + (hi - lo + 1) / 2;
            if (estimate(mid, counts) <= threshold) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Expected events of the next window of {@code len} seconds: those seen, plus a guess where the view is partial. */
    private double estimate(long len, Counts counts) {
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
        double estimate = inside + Math.max(outside, inflation * guess(outLo, outHi, counts));
        if (fullDeficit > 0 && beyond(fullEdge) && (descending ? regionLo <= fullEdge : regionHi >= fullEdge)) {
            // the window covers what is left of the last full window: at least its deficit, plus what lies further
            long restLo = descending ? regionLo : fullEdge + 1;
            long restHi = descending ? fullEdge - 1 : regionHi;
            double further = restLo <= restHi ? inflation * guess(restLo, restHi, counts) : 0;
            estimate = Math.max(estimate, fullDeficit + further);
        }
        return estimate;
    }

    /**
     * Events expected in the unseen stretch {@code [lo, hi]}: the weekly guess while it holds,
     * else the density of the last windows.
     */
    private double guess(long lo, long hi, Counts counts) {
        double weekly = weeklyTrusted ? weekly(lo, hi, counts) : Double.NaN;
        return Double.isNaN(weekly) ? density() * (hi - lo + 1) : weekly;
    }

    /** Events per second of the last windows. */
    private double density() {
        return recentSeconds > 0 ? recentEvents / recentSeconds : 0;
    }

    /** Takes in a window read whole: it replaces the past on its own when it holds enough events or differs a lot. */
    private void observe(int events, double seconds) {
        double before = density();
        double now = Math.max(events, 0.5) / seconds;
        if (events >= 8 || before == 0 || now > 4 * before || now < before / 4) {
            recentEvents = Math.max(events, 0.5);
            recentSeconds = seconds;
        } else {
            recentEvents = recentEvents / 2 + events;
            recentSeconds = recentSeconds / 2 + seconds;
        }
    }

    /**
     * Events the stretch {@code [lo, hi]} held on average one to {@code WEEKS} weeks nearer the
     * sweep's start (deployments follow the working week), or NaN before a week has been read.
     */
    private double weekly(long lo, long hi, Counts counts) {
        long len = hi - lo + 1;
        long readLo = descending ? cur : start;
        long readHi = descending ? end : cur;
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
     */
    private void judgeWeeklyGuess(long lo, long hi, int found) {
        long regionLo = lo - 1;
        Counts counts = new Counts(known.subMap(regionLo - WEEKS * WEEK, true, hi + WEEKS * WEEK, true));
        double weekly = weekly(regionLo, hi, counts);
        if (Double.isNaN(weekly)) {
            return;
        }
        boolean agrees = found <= 1.5 * weekly + 0.1 * limit && found >= weekly / 2 - 0.1 * limit;
        if (agrees != weeklyTrusted) {
            LOG.debugf("%s: %s the weekly guess (%d events where it said %.0f)", stream.id(), agrees ? "trusting" : "distrusting",
                    found, weekly);
            weeklyTrusted = agrees;
        }
    }

    private Counts counts(long max) {
        long lo = descending ? cur - max - 1 : Math.max(start - 1, cur - WEEKS * WEEK - 1);
        long hi = descending ? Math.min(end, cur + WEEKS * WEEK + 1) : cur + max;
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

    // ---------------------------------------------------------------- dense seconds

    /**
     * Reads the logical window {@code [lo, hi)} (a few seconds around a crowded second) by service:
     * groups of the services seen in the full page, then the rest without them, again while the
     * rest is full.
     */
    private void byService(long lo, long hi, Page full) {
        Instant from = Instant.ofEpochSecond(lo - 1);
        Instant to = Instant.ofEpochSecond(hi);
        LOG.debugf("%s: more than %d events in [%s, %s], splitting by service", stream.id(), limit - 1, from, to);
        List<String> excluded = new ArrayList<>();
        Set<String> excludedSet = new HashSet<>();
        JsonNode page = full.data;
        while (true) {
            Map<String, Integer> seen = new LinkedHashMap<>();
            for (JsonNode item : page) {
                ServiceQuery.count(item, seen);
            }
            seen.keySet().removeAll(excludedSet);
            if (seen.isEmpty()) {
                throw new IllegalStateException("Datadog holds at least " + limit + " " + stream.id() + " between "
                        + from + " and " + to + (excluded.isEmpty() ? "" : " besides those of " + excluded.size() + " services")
                        + " that name no further service: they cannot be told apart by query, and the list endpoint has"
                        + " no cursor, so they cannot all be read");
            }
            for (List<String> group : groups(seen)) {
                byServices(from, to, group);
            }
            excluded.addAll(seen.keySet());
            excludedSet.addAll(seen.keySet());
            page = fetch(from, to, ServiceQuery.and(query, ServiceQuery.noneOf(excluded))).data;
            if (page.size() < limit) {
                return;
            }
        }
    }

    /** Reads the events of these services in a crowded stretch, halving the group while full. */
    private void byServices(Instant from, Instant to, List<String> group) {
        Page page = fetch(from, to, ServiceQuery.and(query, ServiceQuery.anyOf(group)));
        if (!page.full()) {
            return;
        }
        if (group.size() == 1) {
            throw new IllegalStateException("Datadog holds at least " + limit + " " + stream.id() + " of service '"
                    + group.get(0) + "' between " + from + " and " + to + " (around a second too crowded for one page)"
                    + ": the list endpoint has no cursor and a window of whole seconds cannot be split further, so they"
                    + " cannot all be read with pages of " + limit);
        }
        int half = group.size() / 2;
        byServices(from, to, group.subList(0, half));
        byServices(from, to, group.subList(half, group.size()));
    }

    /** Services packed into groups expected to hold under {@code threshold} events (seen count + 1 each). */
    private List<List<String>> groups(Map<String, Integer> seen) {
        List<List<String>> groups = new ArrayList<>();
        List<String> group = new ArrayList<>();
        long sum = 0;
        for (Map.Entry<String, Integer> e : seen.entrySet()) {
            long expected = e.getValue() + 1L;
            if (!group.isEmpty() && (sum + expected > threshold || group.size() >= MAX_GROUP)) {
                groups.add(group);
                group = new ArrayList<>();
                sum = 0;
            }
            group.add(e.getKey());
            sum += expected;
        }
        if (!group.isEmpty()) {
            groups.add(group);
        }
        return groups;
    }

    // ---------------------------------------------------------------- pages

    private record Page(JsonNode data, Shape shape, int limit) {
        int size() {
            return data.size();
        }

        boolean full() {
            return data.size() >= limit;
        }
    }

    /** Whether the parsed events of a page come in time order, and the span of their filter-time guesses. */
    private record Shape(int count, long minEst, long maxEst, boolean nonIncEst, boolean nonDecEst, boolean nonIncStarted,
            boolean nonDecStarted, boolean nonIncFinished, boolean nonDecFinished) {

        boolean nonIncreasing() {
            return nonIncEst || nonIncStarted || nonIncFinished;
        }

        boolean nonDecreasing() {
            return nonDecEst || nonDecStarted || nonDecFinished;
        }
    }

    private record Times(Instant started, Instant finished) {
        Instant finishedOrStarted() {
            return finished != null ? finished : started;
        }
    }

    /** The logical window {@code [lo, hi)}, requested as {@code [lo - 1, hi)}. */
    private Page window(long lo, long hi) {
        return fetch(Instant.ofEpochSecond(lo - 1), Instant.ofEpochSecond(hi), query);
    }

    private Page fetch(Instant from, Instant to, String q) {
        JsonNode data = fetcher.fetch(from, to, q);
        List<Times> order = new ArrayList<>();
        for (JsonNode item : data) {
            Parsed p;
            try {
                p = parser.parse(stream, item);
            } catch (UnparseableEventException e) {
                String key = item.path("id").asText("");
                if (rejected.add(key.isEmpty() ? item.toString() : key)) {
                    LOG.warnf("skipped an unreadable %s event: %s", stream.id(), e.getMessage());
                }
                continue;
            }
            events.put(p.id(), p);
            Times t = times(p);
            times.put(p.id(), t);
            order.add(t);
            if (t.started().isBefore(from) || t.started().isAfter(to)) {
                startedPossible = false;
            }
            if (t.finishedOrStarted().isBefore(from) || t.finishedOrStarted().isAfter(to)) {
                finishedPossible = false;
            }
            recount(p.id(), t);
        }
        boolean nowByFinished = !startedPossible && finishedPossible;
        if (nowByFinished != byFinished) {
            byFinished = nowByFinished;
            LOG.debugf("%s: the window seems to filter on %s", stream.id(), byFinished ? "finished_at" : "started_at");
            known.clear();
            counted.clear();
            times.forEach(this::recount);
        }
        return new Page(data, shape(order), limit);
    }

    private long filterSecond(Times t) {
        return (byFinished ? t.finishedOrStarted() : t.started()).getEpochSecond();
    }

    private void recount(String id, Times t) {
        long second = filterSecond(t);
        Long before = counted.put(id, second);
        if (before != null) {
            known.computeIfPresent(before, (k, n) -> n > 1 ? n - 1 : null);
        }
        known.merge(second, 1, Integer::sum);
    }

    private Shape shape(List<Times> order) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        boolean incE = true, decE = true, incS = true, decS = true, incF = true, decF = true;
        Times prev = null;
        for (Times t : order) {
            long e = filterSecond(t);
            min = Math.min(min, e);
            max = Math.max(max, e);
            if (prev != null) {
                int ce = Long.compare(e, filterSecond(prev));
                int cs = t.started().compareTo(prev.started());
                int cf = t.finishedOrStarted().compareTo(prev.finishedOrStarted());
                incE &= ce <= 0;
                decE &= ce >= 0;
                incS &= cs <= 0;
                decS &= cs >= 0;
                incF &= cf <= 0;
                decF &= cf >= 0;
            }
            prev = t;
        }
        return new Shape(order.size(), min, max, incE, decE, incS, decS, incF, decF);
    }

    private static Times times(Parsed p) {
        if (p.event() instanceof Deployment d) {
            return new Times(d.startedAt(), d.finishedAt());
        }
        Incident i = (Incident) p.event();
        return new Times(i.startedAt(), i.finishedAt());
    }
}
