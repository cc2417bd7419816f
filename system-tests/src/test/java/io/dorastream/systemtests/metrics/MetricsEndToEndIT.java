package io.dorastream.systemtests.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.systemtests.Stacks;
import io.dorastream.devstack.run.LocalStack;
import io.dorastream.devstack.simulator.DatasetSpec;
import io.dorastream.devstack.simulator.Mutation;
import io.dorastream.systemtests.metrics.ReferenceMetrics.Figures;
import io.dorastream.systemtests.metrics.ReferenceMetrics.Scope;

/**
 * Every DORA figure end to end: a simulator dataset is backfilled by the packaged connector, then
 * changed after the fact by the simulator's {@code Mutator} (verdicts arriving, failures resolved,
 * late events, deletions), re-read on request, and the gateway's summary, weekly time series and
 * breakdown by service must equal what {@link ReferenceMetrics} computes independently from the
 * simulator's exported dataset, for several windows and filters.
 */
class MetricsEndToEndIT {

    private static final Duration PIPELINE_TIMEOUT = Duration.ofMinutes(3);

    static LocalStack stack;
    static ReferenceMetrics reference;
    static Map<Mutation.Kind, Long> mutationKinds;
    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(Stacks.options("metrics", "it-metrics-token",
                DatasetSpec.demo().withSeed(29).withServices(5).withMonthsBack(2)));

        // The backfill first, so that the mutations below change events the aggregator already holds.
        long initial = new ReferenceMetrics(stack.simulator().export()).compute(wholeRange()).count();
        Awaitility.await("backfill of " + initial + " deployments").atMost(PIPELINE_TIMEOUT)
                .pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> summary(wholeRange()).path("deploymentFrequency").path("count").asLong() == initial);

        List<Mutation> mutations = new ArrayList<>(stack.simulator().mutator().apply(40));
        while (mutations.stream().map(Mutation::kind).distinct().count() < Mutation.Kind.values().length
                && mutations.size() < 200) {
            mutations.addAll(stack.simulator().mutator().apply(10));
        }
        Instant mutatedAt = Instant.now();
        mutationKinds = new EnumMap<>(mutations.stream().collect(Collectors.groupingBy(Mutation::kind, Collectors.counting())));
        System.out.println("[metrics-it] mutations: " + mutationKinds);

        // Deletions and late events older than the connector's look-back (72 h in prod) need a re-read.
        String connection = "/api/v1/connections/" + stack.demoConnectionId() + "/sync";
        Instant requestedAt = Instant.now();
        stack.call("POST", connection, "{}", 202);
        Awaitility.await("re-read of the whole backfill range").atMost(PIPELINE_TIMEOUT).pollInterval(Duration.ofSeconds(2))
                .until(() -> rereadDone(stack.call("GET", connection, null, 200), requestedAt));

        reference = new ReferenceMetrics(stack.simulator().export());
        Figures expected = reference.compute(wholeRange());
        Awaitility.await("the mutated data through to the gateway").atMost(PIPELINE_TIMEOUT)
                .pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    JsonNode s = summary(wholeRange());
                    assertTrue(s.hasNonNull("dataAsOf") && Instant.parse(s.get("dataAsOf").asText()).isAfter(mutatedAt),
                            "dataAsOf after the mutations: " + s.path("dataAsOf"));
                    assertEquals(List.of(), FigureComparison.differences("whole range", expected, s));
                });
        System.out.println("[metrics-it] whole range, reference: " + expected);
        System.out.println("[metrics-it] whole range, gateway: " + summary(wholeRange()));
    }

    @AfterAll
    static void stop() {
        Stacks.stop(stack);
    }

    @Test
    void mutationsCoverEveryKind() {
        assertEquals(Set.of(Mutation.Kind.values()), mutationKinds.keySet(), "kinds applied: " + mutationKinds);
    }

    @Test
    void summaryEqualsTheReferenceForEveryWindowAndFilter() {
        List<String> differences = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<String, Scope> window : windows().entrySet()) {
            for (Map.Entry<String, Scope> filtered : filters(window.getValue()).entrySet()) {
                Figures expected = reference.compute(filtered.getValue());
                if (filtered.getKey().equals("no filter")) {
                    assertTrue(expected.count() > 20 && expected.restoreN() > 0,
                            "a window with something to compare: " + window.getKey() + " " + expected);
                }
                JsonNode actual = summary(filtered.getValue());
                differences.addAll(FigureComparison.differences(window.getKey() + ", " + filtered.getKey(), expected, actual));
                differences.addAll(FigureComparison.unscored(window.getKey() + ", " + filtered.getKey(), actual));
                compared++;
            }
        }
        assertEquals(12, compared);
        assertEquals(List.of(), differences, String.join("\n", differences));
    }

    @Test
    void weeklyTimeSeriesEqualsTheReference() {
        List<String> differences = new ArrayList<>();
        Scope whole = wholeRange();
        Scope halfDays = windows().get("half-day edges");
        for (Scope scope : List.of(whole, whole.team(reference.teams().get(0)), halfDays.service(reference.services().get(0)))) {
            JsonNode series = stack.call("GET", "/api/v1/metrics/dora/timeseries?interval=week&" + query(scope), null, 200);
            assertEquals("week", series.path("interval").asText());
            List<Instant[]> buckets = weeks(scope);
            JsonNode points = series.path("points");
            assertEquals(buckets.size(), points.size(), "weekly points of " + scope);
            long total = 0;
            for (int i = 0; i < buckets.size(); i++) {
                JsonNode p = points.get(i);
                Instant start = Instant.parse(p.path("start").asText());
                Instant end = Instant.parse(p.path("end").asText());
                assertEquals(List.of(buckets.get(i)[0], buckets.get(i)[1]), List.of(start, end), "point " + i + " of " + scope);
                Figures expected = reference.compute(scope.window(start, end));
                total += expected.count();
                differences.addAll(FigureComparison.differences("week " + start + " of " + query(scope), expected, p));
            }
            assertEquals(reference.compute(scope).count(), total, "points partition the window");
        }
        assertEquals(List.of(), differences, String.join("\n", differences));
    }

    /**
     * Recent days per service: many deployments there are still pending, so a day whose deployments
     * are all pending falls back to the {@code incident_link} method, point by point.
     */
    @Test
    void dailyTimeSeriesOfRecentDaysEqualsTheReference() {
        List<String> differences = new ArrayList<>();
        Scope recent = Scope.of(midnight(TODAY.minusDays(6)), midnight(TODAY.plusDays(1)));
        int points = 0;
        int linked = 0;
        for (String service : reference.services()) {
            Scope scope = recent.service(service);
            JsonNode series = stack.call("GET", "/api/v1/metrics/dora/timeseries?interval=day&" + query(scope), null, 200);
            assertEquals(7, series.path("points").size(), "daily points of " + query(scope));
            for (JsonNode p : series.path("points")) {
                Instant start = Instant.parse(p.path("start").asText());
                Figures expected = reference.compute(scope.window(start, start.plus(Duration.ofDays(1))));
                assertEquals(start.plus(Duration.ofDays(1)), Instant.parse(p.path("end").asText()));
                differences.addAll(FigureComparison.differences("day " + start + " of " + query(scope), expected, p));
                points++;
                linked += ReferenceMetrics.INCIDENT_LINK.equals(expected.method()) ? 1 : 0;
            }
        }
        System.out.println("[metrics-it] daily points compared: " + points + ", under incident_link: " + linked);
        assertEquals(List.of(), differences, String.join("\n", differences));
    }

    @Test
    void breakdownByServiceEqualsTheReference() {
        List<String> differences = new ArrayList<>();
        Scope whole = wholeRange();
        Scope halfDays = windows().get("half-day edges");
        for (Scope scope : List.of(whole, halfDays.env(productionOrFirstEnv()))) {
            JsonNode breakdown = stack.call("GET", "/api/v1/metrics/dora/breakdown?by=service&" + query(scope), null, 200);
            assertEquals("service", breakdown.path("by").asText());
            List<String> keys = new ArrayList<>();
            List<Long> counts = new ArrayList<>();
            for (JsonNode item : breakdown.path("items")) {
                String service = item.path("key").asText();
                keys.add(service);
                counts.add(item.path("deploymentFrequency").path("count").asLong());
                differences.addAll(FigureComparison.differences("service " + service + " of " + query(scope),
                        reference.compute(scope.service(service)), item));
            }
            List<String> deploying = reference.services().stream()
                    .filter(s -> reference.compute(scope.service(s)).count() > 0).sorted().toList();
            assertEquals(deploying, keys.stream().filter(k -> counts.get(keys.indexOf(k)) > 0).sorted().toList(),
                    "services with deployments in " + query(scope));
            List<String> sorted = new ArrayList<>(keys);
            sorted.sort(Comparator.<String>comparingLong(k -> -counts.get(keys.indexOf(k))).thenComparing(k -> k));
            assertEquals(sorted, keys, "sorted by count descending, then key");
        }
        assertEquals(List.of(), differences, String.join("\n", differences));
    }

    /**
     * Under dora-2025, every window and filter in four comparison groups (the default, an industry, and
     * both "all" groups, which must agree): the figures, their scores and positions and the profile
     * equal the independent {@link ReferenceScores}.
     */
    @Test
    void dora2025ScoresAndPositionsEqualTheReference() {
        List<String> differences = new ArrayList<>();
        ReferenceScores scores = new ReferenceScores();
        List<String[]> groups = List.of(new String[] {"industry", "all", ""}, new String[] {"industry", "financial_services",
                "&industry=financial_services"}, new String[] {"orgSize", "all", "&orgSize=all"},
                new String[] {"orgSize", "fewer_than_100", "&orgSize=fewer_than_100"});
        int compared = 0;
        for (Map.Entry<String, Scope> window : windows().entrySet()) {
            for (Map.Entry<String, Scope> filtered : filters(window.getValue()).entrySet()) {
                Figures expected = reference.compute(filtered.getValue());
                for (String[] g : groups) {
                    String label = window.getKey() + ", " + filtered.getKey() + ", " + g[0] + "=" + g[1];
                    JsonNode actual = stack.call("GET", "/api/v1/metrics/dora?benchmark=dora-2025" + g[2] + "&"
                            + query(filtered.getValue()), null, 200);
                    differences.addAll(FigureComparison.differences(label, expected, actual));
                    differences.addAll(FigureComparison.scored(label,
                            scores.expected(expected, filtered.getValue(), g[0], g[1]), actual));
                    compared++;
                }
            }
        }
        assertEquals(48, compared);

        Scope whole = wholeRange();
        JsonNode industryAll = summary2025(whole, "");
        JsonNode orgSizeAll = summary2025(whole, "&orgSize=all");
        for (String figure : FigureComparison.SCORED) {
            assertEquals(industryAll.path(figure).path("position").path("percentile").asDouble(),
                    orgSizeAll.path(figure).path("position").path("percentile").asDouble(), 1e-12, "industry=all ≡ orgSize=all: " + figure);
        }

        JsonNode series = stack.call("GET", "/api/v1/metrics/dora/timeseries?interval=week&benchmark=dora-2025&orgSize=solo&"
                + query(whole), null, 200);
        for (JsonNode p : series.path("points")) {
            Scope week = whole.window(Instant.parse(p.path("start").asText()), Instant.parse(p.path("end").asText()));
            Figures expected = reference.compute(week);
            differences.addAll(FigureComparison.scored("week " + week.from() + ", orgSize=solo",
                    scores.expected(expected, week, "orgSize", "solo"), p));
        }
        JsonNode breakdown = stack.call("GET", "/api/v1/metrics/dora/breakdown?by=service&benchmark=dora-2025&industry=technology&"
                + query(whole), null, 200);
        for (JsonNode item : breakdown.path("items")) {
            Scope service = whole.service(item.path("key").asText());
            differences.addAll(FigureComparison.scored("service " + service.services() + ", industry=technology",
                    scores.expected(reference.compute(service), service, "industry", "technology"), item));
        }
        assertTrue(breakdown.path("items").size() > 1 && series.path("points").size() > 5, "something to compare");
        assertEquals(List.of(), differences, String.join("\n", differences));
    }

    private static JsonNode summary2025(Scope scope, String group) {
        return stack.call("GET", "/api/v1/metrics/dora?benchmark=dora-2025" + group + "&" + query(scope), null, 200);
    }

    /** The three windows: whole days, days cut in half, everything the connection backfilled. */
    static Map<String, Scope> windows() {
        Map<String, Scope> w = new LinkedHashMap<>();
        w.put("whole days", Scope.of(midnight(TODAY.minusDays(45)), midnight(TODAY.minusDays(12))));
        w.put("half-day edges", Scope.of(TODAY.minusDays(33).atTime(LocalTime.of(13, 30)).toInstant(ZoneOffset.UTC),
                TODAY.minusDays(2).atTime(LocalTime.of(7, 15)).toInstant(ZoneOffset.UTC)));
        w.put("whole range", wholeRange());
        return w;
    }

    /** No filter, one service, one env, one team. */
    static Map<String, Scope> filters(Scope window) {
        Map<String, Scope> f = new LinkedHashMap<>();
        f.put("no filter", window);
        f.put("service " + reference.services().get(1), window.service(reference.services().get(1)));
        f.put("env " + productionOrFirstEnv(), window.env(productionOrFirstEnv()));
        f.put("team " + reference.teams().get(0), window.team(reference.teams().get(0)));
        return f;
    }

    /** The whole backfill range (the demo connection backfills two months and a week) and tomorrow. */
    static Scope wholeRange() {
        return Scope.of(midnight(TODAY.minusDays(69)), midnight(TODAY.plusDays(1)));
    }

    /** ISO weeks clipped to the window. */
    static List<Instant[]> weeks(Scope scope) {
        List<Instant[]> out = new ArrayList<>();
        Instant start = scope.from();
        while (start.isBefore(scope.to())) {
            LocalDate nextMonday = start.atOffset(ZoneOffset.UTC).toLocalDate().with(TemporalAdjusters.next(DayOfWeek.MONDAY));
            Instant end = midnight(nextMonday).isBefore(scope.to()) ? midnight(nextMonday) : scope.to();
            out.add(new Instant[] { start, end });
            start = end;
        }
        return out;
    }

    static String productionOrFirstEnv() {
        return reference.envs().contains("production") ? "production" : reference.envs().get(0);
    }

    /** The summary under dora-2023 (levels, no scores: {@link FigureComparison#unscored}); the default, dora-2025, scores. */
    static JsonNode summary(Scope scope) {
        return stack.call("GET", "/api/v1/metrics/dora?benchmark=dora-2023&" + query(scope), null, 200);
    }

    /** The query string; a bound at midnight is sent as a date, so both forms are exercised. */
    static String query(Scope scope) {
        StringBuilder q = new StringBuilder("from=" + bound(scope.from()) + "&to=" + bound(scope.to()));
        scope.services().forEach(s -> q.append("&service=").append(encode(s)));
        scope.envs().forEach(e -> q.append("&env=").append(encode(e)));
        scope.teams().forEach(t -> q.append("&team=").append(encode(t)));
        return q.toString();
    }

    private static String bound(Instant i) {
        return i.atOffset(ZoneOffset.UTC).toLocalTime().equals(LocalTime.MIDNIGHT)
                ? i.atOffset(ZoneOffset.UTC).toLocalDate().toString() : i.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Instant midnight(LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Both streams finished a re-read after {@code requestedAt} and run none. */
    private static boolean rereadDone(JsonNode sync, Instant requestedAt) {
        JsonNode streams = sync.path("streams");
        if (streams.size() < 2) {
            return false;
        }
        for (JsonNode s : streams) {
            if (s.hasNonNull("reread") || !s.hasNonNull("lastRereadDoneAt")
                    || Instant.parse(s.get("lastRereadDoneAt").asText()).isBefore(requestedAt)) {
                return false;
            }
        }
        return true;
    }
}
