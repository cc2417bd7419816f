package io.dorastream.connector.reading;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.events.Stream;

/**
 * Reads a few seconds around a second too crowded for one page, by service: groups of the services
 * the full page shows ({@code (query) service:(a OR b …)}), then the rest without them
 * ({@code (query) -service:(a OR b …)}), again with the services the rest shows while it is full; a
 * group still full is halved down to one service. One service still full cannot be read completely:
 * that ends in an {@link IllegalStateException} naming it, never in a silent loss.
 */
final class CrowdedSecondReader {

    private static final Logger LOG = Logger.getLogger(CrowdedSecondReader.class);
    /**
     * Most services named in one {@code service:(…)} group: keeps a query short enough for Datadog's
     * query length and parser, while still covering a typical page's services in a few requests.
     */
    private static final int MAX_GROUP = 100;

    private final PageCollector pages;
    private final Stream stream;
    private final String query;
    private final int limit;
    private final int threshold;

    /**
     * @param limit     the page size: {@code limit}, or a proven server-side cap
     * @param query     the connection's query, or null
     * @param threshold most events a group of services should hold by the counts seen
     */
    CrowdedSecondReader(PageCollector pages, Stream stream, String query, int limit, int threshold) {
        this.pages = pages;
        this.stream = stream;
        this.query = query;
        this.limit = limit;
        this.threshold = threshold;
    }

    /** Reads the logical window {@code [lo, hi)} (epoch seconds), whose request gave the full page {@code full}. */
    void read(long lo, long hi, PageCollector.Page full) {
        Instant from = Instant.ofEpochSecond(lo - 1);
        Instant to = Instant.ofEpochSecond(hi);
        LOG.debugf("%s: more than %d events in [%s, %s], splitting by service", stream.id(), limit - 1, from, to);
        List<String> excluded = new ArrayList<>();
        Set<String> excludedSet = new HashSet<>();
        JsonNode page = full.data();
        while (true) {
            Map<String, Integer> seen = new LinkedHashMap<>();
            for (JsonNode item : page) {
                ServiceQuery.count(item, seen);
            }
            seen.keySet().removeAll(excludedSet);
            if (seen.isEmpty() && !full.cut()) {
                return; // possibly full only (a cap never proven): the pages already read show every service there
            }
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
            full = pages.fetch(from, to, ServiceQuery.and(query, ServiceQuery.noneOf(excluded)));
            page = full.data();
            if (!full.full()) {
                return;
            }
        }
    }

    /** Reads the events of these services in a crowded stretch, halving the group while full. */
    private void byServices(Instant from, Instant to, List<String> group) {
        PageCollector.Page page = pages.fetch(from, to, ServiceQuery.and(query, ServiceQuery.anyOf(group)));
        if (!page.full()) {
            return;
        }
        if (group.size() == 1 && !page.cut()) {
            // as large as the largest page Datadog returned, but no cap was ever proven: nothing shows more
            LOG.debugf("%s: %d events of '%s' around %s, as many as the largest page, taken as complete", stream.id(),
                    page.size(), group.get(0), from);
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
}
