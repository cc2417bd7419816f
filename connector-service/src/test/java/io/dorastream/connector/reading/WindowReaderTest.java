package io.dorastream.connector.reading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.connector.config.ConnectorConfig.AuthorEmails;
import io.dorastream.connector.datadog.DatadogApiException;
import io.dorastream.connector.datadog.DatadogEventParser;
import io.dorastream.connector.datadog.DatadogEventParser.Parsed;
import io.dorastream.connector.datadog.DatadogResponse;
import io.dorastream.connector.datadog.RateLimit;
import io.dorastream.devstack.simulator.Dataset;
import io.dorastream.devstack.simulator.DatadogSimulator;
import io.dorastream.devstack.simulator.FaultConfig;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.devstack.simulator.SimulatorConfig.FilterField;
import io.dorastream.events.Stream;

/** The reader's query handling, dense seconds, rejections and its ways with a failing or pacing Datadog. */
class WindowReaderTest {

    static final DatadogEventParser PARSER = new DatadogEventParser(AuthorEmails.DROP);
    static final Dataset DATASET = ReaderDataset.build();

    /** Records the sleeps instead of sleeping. */
    static final class Sleeps implements WindowReader.Sleeper {
        final List<Duration> all = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void sleep(Duration d) {
            all.add(d);
        }

        Duration total() {
            return all.stream().reduce(Duration.ZERO, Duration::plus);
        }
    }

    static DatadogSimulator simulator(SimulatorConfig config, Dataset dataset) {
        DatadogSimulator sim = DatadogSimulator.start(config);
        sim.clock().set(ReaderDataset.NOW);
        sim.load(dataset);
        return sim;
    }

    static SimulatorConfig.Builder config() {
        return SimulatorConfig.builder().rateLimit(1_000_000, 60);
    }

    static WindowReader reader(int limit, WindowReader.Sleeper sleeper) {
        return new WindowReader(PARSER, limit, WindowReader.Settings.defaults().withSleeper(sleeper));
    }

    static Set<String> ids(WindowReader.Result r) {
        return r.events().stream().map(Parsed::id).collect(Collectors.toSet());
    }

    static void assertContains(Set<String> expected, Set<String> read, String what) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(read);
        assertTrue(missing.isEmpty(), what + ": " + missing.size() + " missing, e.g. " + missing.stream().limit(10).toList());
    }

    // ------------------------------------------------------------------ query

    @Test
    void respectsTheConnectionQueryAndAndsItWithTheSplitByService() {
        String query = "env:production OR team:backend";
        Predicate<JsonNode> matches = i -> ReaderDataset.has(i, "env", "production") || ReaderDataset.has(i, "team", "backend");
        List<String> sent = Collections.synchronizedList(new ArrayList<>());
        try (DatadogSimulator sim = simulator(config().build(), DATASET)) {
            SimulatorListCall http = new SimulatorListCall(sim.baseUri());
            ListCall recording = (stream, from, to, limit, q) -> {
                sent.add(q);
                return http.list(stream, from, to, limit, q);
            };
            Dataset export = sim.export();
            for (Stream stream : Stream.values()) {
                WindowReader.Result r = reader(50, d -> sim.clock().advance(d)).read(recording, stream, query,
                        ReaderDataset.FROM, ReaderDataset.TO);
                Set<String> expected = ReaderDataset.expected(export, stream, FilterField.STARTED_AT, ReaderDataset.FROM,
                        ReaderDataset.TO, matches);
                assertContains(expected, ids(r), stream.id());
                for (Parsed p : r.events()) {
                    ObjectNode item = find(export, stream, p.id());
                    assertTrue(matches.test(item), p.id() + " does not match the connection's query");
                }
            }
        }
        assertTrue(sent.stream().allMatch(q -> q.startsWith("(" + query + ")") || q.equals(query)), "every call carries the query");
        assertTrue(sent.stream().anyMatch(q -> q.startsWith("(" + query + ") service:")), "split by service: " + sent);
        assertTrue(sent.stream().anyMatch(q -> q.startsWith("(" + query + ") -service:(")), "the rest without them: " + sent);
    }

    static ObjectNode find(Dataset export, Stream stream, String id) {
        return (stream == Stream.DEPLOYMENTS ? export.deployments() : export.failures()).stream()
                .filter(i -> i.get("id").asText().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void splitsADenseSecondByServiceWhateverTheServicesAreCalled() {
        // 140 deployments in one second, of services whose names need quoting or look like operators and wildcards
        Instant second = Instant.parse("2026-04-07T09:00:00Z");
        List<ObjectNode> deployments = new ArrayList<>();
        String[] odd = { "svc one", "svc \"two\"", "OR", "AND", "not", "-leading-dash", "key:value", "paren(s)", "star*", "starfish",
                "back\\slash", "Case", "case" };
        for (int i = 0; i < 140; i++) {
            String service = i < odd.length ? odd[i] : "svc-" + i;
            deployments.add(ReaderDataset.deployment("odd-" + i, service, second, second.plusSeconds(60), "production"));
        }
        deployments.add(ReaderDataset.deployment("before", "svc-0", second.minusSeconds(1), second, "production"));
        deployments.add(ReaderDataset.deployment("after", "svc-0", second.plusSeconds(1), second.plusSeconds(2), "production"));
        Dataset dataset = new Dataset(deployments, List.of());
        for (String query : new String[] { null, "env:production", "env:production OR team:nobody" }) {
            try (DatadogSimulator sim = simulator(config().build(), dataset)) {
                WindowReader.Result r = reader(20, d -> sim.clock().advance(d)).read(new SimulatorListCall(sim.baseUri()),
                        Stream.DEPLOYMENTS, query, second.minusSeconds(3600), second.plusSeconds(3600));
                assertContains(deployments.stream().map(d -> d.get("id").asText()).collect(Collectors.toSet()), ids(r),
                        "query " + query);
                assertEquals(0, r.rejected());
            }
        }
    }

    @Test
    void failsClearlyWhenOneServiceHasMoreFailuresInOneSecondThanAPage() {
        Instant second = Instant.parse("2026-04-07T09:00:00Z");
        List<ObjectNode> failures = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            failures.add(ReaderDataset.failure("storm-" + i, List.of("checkout"), second, second.plusSeconds(900)));
        }
        for (int i = 0; i < 30; i++) {
            failures.add(ReaderDataset.failure("other-" + i, List.of("search-" + i), second, second.plusSeconds(900)));
        }
        try (DatadogSimulator sim = simulator(config().build(), new Dataset(List.of(), failures))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> reader(50, d -> sim.clock().advance(d)).read(new SimulatorListCall(sim.baseUri()), Stream.FAILURES,
                            null, second.minusSeconds(86_400), second.plusSeconds(86_400)));
            assertTrue(e.getMessage().contains("service 'checkout'") && e.getMessage().contains("at least 50 failures of"),
                    e.getMessage());
        }
        // with pages that can hold them, the same data reads completely
        try (DatadogSimulator sim = simulator(config().build(), new Dataset(List.of(), failures))) {
            WindowReader.Result r = reader(100, d -> sim.clock().advance(d)).read(new SimulatorListCall(sim.baseUri()),
                    Stream.FAILURES, null, second.minusSeconds(86_400), second.plusSeconds(86_400));
            assertEquals(90, r.events().size());
        }
    }

    // ------------------------------------------------------------------ rejections

    @Test
    void countsAndSkipsUnparseableEventsOnce() {
        List<ObjectNode> deployments = new ArrayList<>(DATASET.deployments());
        ObjectNode noService = ReaderDataset.deployment("no-service-deployment", "x", Instant.parse("2026-04-08T10:30:00Z"),
                null, "production");
        ((ObjectNode) noService.get("attributes")).remove("service");
        ObjectNode wrongType = ReaderDataset.deployment("wrong-type-deployment", "y", Instant.parse("2026-04-02T12:00:00Z"),
                null, "production");
        wrongType.put("type", "dora_failure");
        deployments.add(noService);
        deployments.add(wrongType);
        List<ObjectNode> failures = new ArrayList<>(DATASET.failures());
        ObjectNode failureTyped = ReaderDataset.failure("deployment-typed-failure", List.of("z"),
                Instant.parse("2026-04-03T12:00:00Z"), null);
        failureTyped.put("type", "dora_deployment");
        failures.add(failureTyped);
        Dataset dataset = new Dataset(deployments, failures);
        try (DatadogSimulator sim = simulator(config().build(), dataset)) {
            for (int limit : new int[] { 1000, 50 }) {
                WindowReader reader = reader(limit, d -> sim.clock().advance(d));
                WindowReader.Result d = reader.read(new SimulatorListCall(sim.baseUri()), Stream.DEPLOYMENTS, null,
                        ReaderDataset.FROM, ReaderDataset.TO);
                assertEquals(2, d.rejected(), "each unreadable deployment counted once, limit " + limit);
                Set<String> expected = ReaderDataset.expected(sim.export(), Stream.DEPLOYMENTS, FilterField.STARTED_AT,
                        ReaderDataset.FROM, ReaderDataset.TO, i -> !i.get("id").asText().contains("-deployment"));
                assertContains(expected, ids(d), "deployments, limit " + limit);
                assertFalse(ids(d).contains("no-service-deployment") || ids(d).contains("wrong-type-deployment"));

                WindowReader.Result f = reader.read(new SimulatorListCall(sim.baseUri()), Stream.FAILURES, null,
                        ReaderDataset.FROM, ReaderDataset.TO);
                assertEquals(1, f.rejected());
                assertFalse(ids(f).contains("deployment-typed-failure"));
            }
        }
    }

    // ------------------------------------------------------------------ a failing Datadog

    @Test
    void retriesServerErrorsUnreadableBodiesAndUnansweredCalls() {
        Set<String> expected;
        int cleanRequests;
        try (DatadogSimulator sim = simulator(config().build(), DATASET)) {
            WindowReader.Result clean = reader(50, new Sleeps()).read(new SimulatorListCall(sim.baseUri()), Stream.DEPLOYMENTS,
                    null, ReaderDataset.FROM, ReaderDataset.TO);
            expected = ids(clean);
            cleanRequests = clean.requests();
        }
        FaultConfig faults = new FaultConfig(7, 0.12, 0, 0.04, 0.06, 0.06, 0, 600);
        try (DatadogSimulator sim = simulator(config().faults(faults).build(), DATASET)) {
            Sleeps sleeps = new Sleeps();
            SimulatorListCall call = new SimulatorListCall(sim.baseUri(), Duration.ofMillis(300));
            WindowReader.Result r = reader(50, sleeps).read(call, Stream.DEPLOYMENTS, null, ReaderDataset.FROM, ReaderDataset.TO);
            assertEquals(expected, ids(r), "the same events as without faults");
            assertEquals(0, r.rejected());
            assertEquals(call.calls(), r.requests(), "every call counted");
            assertTrue(r.requests() > cleanRequests + 20, r.requests() + " requests, " + cleanRequests + " without faults");
            long serverErrors = sim.stats().byEndpoint().values().stream()
                    .flatMap(m -> m.entrySet().stream()).filter(e -> e.getKey() >= 500).mapToLong(e -> e.getValue()).sum();
            assertTrue(serverErrors > 10, "5xx answers met: " + serverErrors);
            assertTrue(sim.stats().timeouts() > 0, "unanswered calls met");
            assertTrue(sleeps.all.contains(Duration.ofMillis(500)) && sleeps.all.contains(Duration.ofSeconds(1)),
                    "exponential backoff: " + sleeps.all);
        }
    }

    @Test
    void givesUpOnAPersistentServerErrorAndAtOnceOnARefusal() {
        Sleeps sleeps = new Sleeps();
        int[] calls = { 0 };
        ListCall failing = (stream, from, to, limit, q) -> {
            calls[0]++;
            return new DatadogResponse(503, "{\"errors\":[\"Service Unavailable\"]}", null);
        };
        DatadogApiException e = assertThrows(DatadogApiException.class,
                () -> reader(1000, sleeps).read(failing, Stream.DEPLOYMENTS, null, ReaderDataset.FROM, ReaderDataset.TO));
        assertEquals(503, e.status());
        assertEquals(6, calls[0]);
        assertEquals(List.of(500L, 1000L, 2000L, 4000L, 8000L), sleeps.all.stream().map(Duration::toMillis).toList());

        calls[0] = 0;
        ListCall refusing = (stream, from, to, limit, q) -> {
            calls[0]++;
            return new DatadogResponse(403, "{\"errors\":[{\"status\":\"403\",\"title\":\"Forbidden\","
                    + "\"detail\":\"Failed permission authorization checks\"}]}", null);
        };
        e = assertThrows(DatadogApiException.class,
                () -> reader(1000, sleeps).read(refusing, Stream.DEPLOYMENTS, null, ReaderDataset.FROM, ReaderDataset.TO));
        assertTrue(e.unauthorized() && e.getMessage().contains("Failed permission authorization checks"), e.getMessage());
        assertEquals(1, calls[0]);
    }

    // ------------------------------------------------------------------ rate limits

    @Test
    void waitsForTheRateLimitToResetAndRecovers() {
        // 10 requests per minute; the clock stands still until the reader "sleeps", which advances it
        try (DatadogSimulator sim = simulator(config().rateLimit(10, 60).build(), DATASET)) {
            Sleeps sleeps = new Sleeps();
            WindowReader.Result r = reader(50, d -> {
                sleeps.sleep(d);
                sim.clock().advance(d);
            }).read(new SimulatorListCall(sim.baseUri()), Stream.DEPLOYMENTS, null, ReaderDataset.FROM, ReaderDataset.TO);
            Set<String> expected = ReaderDataset.expected(sim.export(), Stream.DEPLOYMENTS, FilterField.STARTED_AT,
                    ReaderDataset.FROM, ReaderDataset.TO, i -> true);
            assertContains(expected, ids(r), "deployments");
            assertTrue(sim.stats().rateLimited() > 5, "the limit was hit: " + sim.stats().rateLimited());
            assertEquals(sim.stats().rateLimited(), sleeps.all.size(), "one wait per 429");
            assertTrue(sleeps.all.stream().allMatch(d -> d.compareTo(Duration.ZERO) > 0 && d.compareTo(Duration.ofSeconds(60)) <= 0),
                    "waits of X-RateLimit-Reset: " + sleeps.all);
            RateLimit last = r.rateLimit();
            assertNotNull(last);
            assertEquals(10, last.limit());
            assertEquals(60, last.period());
            assertEquals("dora_metrics", last.name());
            assertEquals(r.requests(), sim.stats().total());
        }
    }

    @Test
    void givesUpWhenDatadogKeepsRateLimiting() {
        Sleeps sleeps = new Sleeps();
        int[] calls = { 0 };
        ListCall limited = (stream, from, to, limit, q) -> {
            calls[0]++;
            return new DatadogResponse(429, "{\"errors\":[\"Too many requests\"]}", new RateLimit(100, 60, 0, 45, "dora_metrics"));
        };
        WindowReader reader = new WindowReader(PARSER, 1000,
                WindowReader.Settings.defaults().withSleeper(sleeps).withMaxRateLimitWait(Duration.ofMinutes(5)));
        DatadogApiException e = assertThrows(DatadogApiException.class,
                () -> reader.read(limited, Stream.FAILURES, null, ReaderDataset.FROM, ReaderDataset.TO));
        assertEquals(429, e.status());
        assertTrue(e.getMessage().contains("rate limit"), e.getMessage());
        assertEquals(6, sleeps.all.size(), "6 waits of 45 s fit in 5 minutes: " + sleeps.all);
        assertTrue(sleeps.total().compareTo(Duration.ofMinutes(5)) <= 0);
        assertEquals(7, calls[0]);

        // without a Reset header: 1, 2, 4 … seconds
        Sleeps unknown = new Sleeps();
        ListCall bare = (stream, from, to, limit, q) -> new DatadogResponse(429, "", null);
        assertThrows(DatadogApiException.class, () -> new WindowReader(PARSER, 1000, WindowReader.Settings.defaults()
                .withSleeper(unknown).withMaxRateLimitWait(Duration.ofMinutes(2))).read(bare, Stream.FAILURES, null,
                        ReaderDataset.FROM, ReaderDataset.TO));
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L), unknown.all.stream().map(Duration::toSeconds).toList(),
                "the next wait (60 s) would pass the 2 minutes");
    }

    // ------------------------------------------------------------------ termination

    @Test
    void endsWithAnExceptionWhenDatadogIgnoresWindowsAndQueries() {
        // a full page of new events whatever the window and the query: of 7 services, then of none (team only)
        for (boolean withServices : new boolean[] { true, false }) {
            int[] calls = { 0 };
            ListCall endless = (stream, from, to, limit, q) -> {
                calls[0]++;
                StringBuilder body = new StringBuilder("{\"data\":[");
                for (int i = 0; i < limit; i++) {
                    ObjectNode item = ReaderDataset.failure("call-" + calls[0] + "-" + i,
                            withServices ? List.of("svc-" + (i % 7)) : List.of(), from.plusSeconds(1), from.plusSeconds(2));
                    body.append(i == 0 ? "" : ",").append(item);
                }
                return new DatadogResponse(200, body.append("]}").toString(), null);
            };
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> reader(50, new Sleeps())
                    .read(endless, Stream.FAILURES, "env:production", ReaderDataset.FROM, ReaderDataset.TO));
            assertTrue(e.getMessage().contains(withServices ? "of service 'svc-" : "name no further service"), e.getMessage());
            assertTrue(calls[0] < 100, calls[0] + " calls before giving up");
        }
    }

    // ------------------------------------------------------------------ small things

    @Test
    void anEmptyOrReversedWindowCostsNothingAndAQuietOneOneRequest() {
        try (DatadogSimulator sim = simulator(config().build(), DATASET)) {
            SimulatorListCall call = new SimulatorListCall(sim.baseUri());
            WindowReader reader = reader(1000, new Sleeps());
            assertEquals(0, reader.read(call, Stream.DEPLOYMENTS, null, ReaderDataset.TO, ReaderDataset.TO).requests());
            assertEquals(0, reader.read(call, Stream.DEPLOYMENTS, null, ReaderDataset.TO, ReaderDataset.FROM).requests());
            WindowReader.Result quiet = reader.read(call, Stream.DEPLOYMENTS, null, Instant.parse("2025-01-01T00:00:00Z"),
                    Instant.parse("2025-01-02T00:00:00Z"));
            assertEquals(1, quiet.requests());
            assertTrue(quiet.events().isEmpty());
        }
    }

    @Test
    void widensAWindowOfFractionalSecondsToWholeSeconds() {
        try (DatadogSimulator sim = simulator(config().filterField(FilterField.STARTED_AT).fromInclusive(false).build(), DATASET)) {
            WindowReader.Result r = reader(1000, new Sleeps()).read(new SimulatorListCall(sim.baseUri()), Stream.DEPLOYMENTS, null,
                    Instant.parse("2026-04-01T00:00:00.400Z"), Instant.parse("2026-04-01T00:00:00.600Z"));
            assertTrue(ids(r).contains("fractional-start"), ids(r).toString());
        }
    }

    @Test
    void quotesServiceNamesOnlyWhenNeeded() {
        assertEquals("service:checkout", ServiceQuery.anyOf(List.of("checkout")));
        assertEquals("service:(a OR b-2 OR \"c d\")", ServiceQuery.anyOf(List.of("a", "b-2", "c d")));
        assertEquals("-service:(\"OR\" OR \"-x\" OR \"k:v\" OR \"q\\\"\\\\\")", ServiceQuery.noneOf(List.of("OR", "-x", "k:v", "q\"\\")));
        assertEquals("service:x", ServiceQuery.and(null, "service:x"));
        assertEquals("service:x", ServiceQuery.and("  ", "service:x"));
        assertEquals("(env:prod OR team:a) service:x", ServiceQuery.and("env:prod OR team:a", "service:x"));
    }
}
