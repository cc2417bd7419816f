package io.dorastream.connector.reading;

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
 * The pages of one read and what they hold: every event parsed (each id once), the unreadable ones,
 * and how many events lie in each second by the timestamp the list endpoint seems to filter on
 * ({@code started_at}, unless an answer rules it out, then {@code finished_at}, else
 * {@code started_at}). One instance per read, not thread-safe.
 */
final class PageCollector {

    private static final Logger LOG = Logger.getLogger(PageCollector.class);

    /**
     * One answer: its {@code data} array, the shape of its parsed events, whether it is possibly full
     * (the window may hold more than it shows: {@code limit} events, or as many as a server-side cap
     * may allow, see {@link PageCap}) and whether it is surely cut.
     */
    record Page(JsonNode data, Shape shape, boolean full, boolean cut) {
        int size() {
            return data.size();
        }
    }

    /** A possibly full page not yet known to be cut: the logical window {@code [lo, hi)} and its size. */
    private record Suspect(long lo, long hi, int size) {
    }

    /**
     * Whether the parsed events of a page come in time order (by filter second, by start, by finish),
     * and the span of their filter seconds.
     */
    record Shape(int count, long minEst, long maxEst, boolean nonIncEst, boolean nonDecEst, boolean nonIncStarted,
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

    private final PageFetcher fetcher;
    private final DatadogEventParser parser;
    private final Stream stream;
    private final int limit;
    private final PageCap cap;
    private final List<Suspect> suspects = new ArrayList<>();

    private final Map<String, Parsed> events = new LinkedHashMap<>();
    private final Set<String> rejected = new HashSet<>();
    /** Times per event, the second each is counted in, and how many events each second holds. */
    private final Map<String, Times> times = new HashMap<>();
    private final Map<String, Long> counted = new HashMap<>();
    private final TreeMap<Long, Integer> known = new TreeMap<>();
    /** What the answers have not ruled out: the window filters on started_at / on finished_at. */
    private boolean startedPossible = true;
    private boolean finishedPossible = true;
    private boolean byFinished;

    PageCollector(PageFetcher fetcher, DatadogEventParser parser, Stream stream, int limit, PageCap cap) {
        this.fetcher = fetcher;
        this.parser = parser;
        this.stream = stream;
        this.limit = limit;
        this.cap = cap;
    }

    /** The page size to plan windows for: a proven server-side cap, else {@code limit}. */
    int pageSize() {
        return cap.pageSize(limit);
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

    /** How many of the events seen lie in each second (epoch seconds), by the presumed filter timestamp. */
    NavigableMap<Long, Integer> known() {
        return known;
    }

    /**
     * The logical window {@code [lo, hi)} (epoch seconds), requested as {@code [lo - 1, hi)}.
     *
     * @param splittable whether a window that keeps failing should rather be split ({@link PageFetcher.HeavyWindowException})
     */
    Page window(long lo, long hi, String query, boolean splittable) {
        Page page = fetch(Instant.ofEpochSecond(lo - 1), Instant.ofEpochSecond(hi), query, splittable);
        if (page.full() && !page.cut()) {
            // a window of the sweep holds every event of the query there: pieces that show more prove a cap
            suspects.add(new Suspect(lo, hi, page.size()));
        }
        return page;
    }

    /** The list answer for {@code [from, to)} and {@code query} (null: all events), its events taken in. */
    Page fetch(Instant from, Instant to, String query) {
        return fetch(from, to, query, false);
    }

    private Page fetch(Instant from, Instant to, String query, boolean splittable) {
        JsonNode data = fetcher.fetch(from, to, query, splittable);
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
        cap.seen(data.size(), limit);
        boolean full = cap.possiblyFull(data.size(), limit);
        proveCuts();
        return new Page(data, shape(order), full, cap.cut(data.size(), limit));
    }

    /**
     * A possibly full page whose window turned out to hold more events than it showed was cut by a
     * server-side cap: its size becomes the {@link PageCap}'s proven cap.
     */
    private void proveCuts() {
        for (var it = suspects.iterator(); it.hasNext();) {
            Suspect s = it.next();
            int inside = 0;
            for (int n : known.subMap(s.lo(), true, s.hi() - 1, true).values()) {
                inside += n;
            }
            if (inside > s.size()) {
                LOG.debugf("%s: a page of %d events was cut, %d lie in its window: Datadog caps pages at %d",
                        stream.id(), s.size(), inside, s.size());
                cap.provenCut(s.size());
                it.remove();
            }
        }
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
