package io.dorastream.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.devstack.run.ServiceProcess;
import io.dorastream.devstack.simulator.Dataset;
import io.dorastream.devstack.simulator.DatasetGenerator;
import io.dorastream.devstack.simulator.DatasetSpec;
import io.dorastream.devstack.simulator.FaultConfig;
import io.dorastream.devstack.simulator.Mutation;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.events.DoraJson;
import io.dorastream.events.EventKey;
import io.dorastream.events.EventRecords;
import io.dorastream.events.Topics;
import io.dorastream.systemtests.metrics.FigureComparison;
import io.dorastream.systemtests.metrics.ReferenceMetrics;
import io.dorastream.systemtests.metrics.ReferenceMetrics.Scope;

/**
 * The chaos run (issue 14): the whole pipeline on real Kafka and PostgreSQL with the packaged services as
 * processes (two connector replicas, an aggregator, a gateway), a simulated Datadog whose data mutates
 * meanwhile, and every fault the system promises to survive: SIGKILLs of the aggregator mid-batch and of
 * connector replicas mid-backfill and mid-live-poll, a restart of the broker and of the database while
 * traffic flows, a stretch in which Datadog answers a fifth of the calls with 429, 5xx, timeouts or broken
 * bodies, and a revoked then restored key. Then the system is brought to a defined settled state (a full
 * re-read of the connection completed, every stream's watermark past the simulator's clock at the start of
 * settling, and applied by the aggregator) and compared exactly: every event present in its latest
 * version, none extra, none twice; every daily rollup cell equal to the aggregator's own rebuild from its
 * events; the summary and the breakdown by service equal to the independent {@link ReferenceMetrics}. It
 * prints a table of it all (also written to {@code target/chaos/table.md}); any difference fails it.
 *
 * <p>{@code -Dchaos.size=ci} (the default: about 10,000 deployments and 1,000 failures) or {@code full}
 * (the {@code -Pchaos-full} profile: 24 months, at least 100,000 deployments and 10,000 failures).
 */
class ChaosIT {

    /** The run's size: the simulated organisation and what the dataset must at least hold. */
    record Size(String name, DatasetSpec spec, int seeds, int backfillDays, int minDeployments, int minFailures,
            int mutationsPerBatch) {

        static Size of(String name) {
            return switch (name) {
                // one environment: every deployment is a production one, so failures are about a tenth of them
                case "ci" -> new Size("ci", DatasetSpec.demo().withSeed(3).withServices(27).withEnvironments(1)
                        .withMonthsBack(12), 1, 12 * 31 + 7, 10_000, 1_000, 150);
                // two organisations' histories of 100 services merged: one alone has about 74,000 and 5,900
                case "full" -> new Size("full", DatasetSpec.demo().withSeed(3).withServices(100).withEnvironments(1)
                        .withMonthsBack(24), 2, 730, 100_000, 10_000, 1000);
                default -> throw new IllegalArgumentException("chaos.size must be ci or full, not " + name);
            };
        }
    }

    private static final Size SIZE = Size.of(System.getProperty("chaos.size", "ci"));
    private static final String API_KEY = ConnectorRig.randomHex(32);
    private static final String APP_KEY = ConnectorRig.randomHex(40);
    private static final String ADMIN_TOKEN = ConnectorRig.randomHex(48);
    private static final int POLL_INTERVAL_SECONDS = 10; // the connector's minimum
    private static final Duration READY = Duration.ofSeconds(180);
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(SIZE.name().equals("ci") ? 5 : 30); // a bound, not a target

    /** What the harness shortens against the defaults (README's configuration table), each with why. */
    private static final Map<String, String> CONNECTOR_SETTINGS = Map.of(
            // default P7D: a re-read step is at most this long and about a page of events, so a year's full re-read
            // takes about a dozen steps, not 53
            "dorastream.sync.backfill-step", "P92D",
            // default 4: the settling re-read (about 12 steps at the CI size, 165 at the full one) takes one or a
            // few 10 s polls, not three or forty
            "dorastream.sync.reread-steps-per-poll", "16",
            "dorastream.sync.lease-ttl", "5s", // default 30s: a killed replica's streams are taken over sooner
            "dorastream.sync.unauthorized-probe-initial", "2s", // default 5m: the restored key is found within seconds
            "dorastream.sync.unauthorized-probe-max", "8s", // default 1h
            "dorastream.datadog.request-timeout", "5s", // default 30s: an injected timeout costs 5 s, not 30
            "dorastream.datadog.breaker.delay", "5s"); // default 60s: the breaker opened by the fault stretch closes sooner
    private static final Map<String, String> AGGREGATOR_SETTINGS = Map.of(
            "dorastream.ingest.max-retry-backoff", "2s"); // default 30s: ingestion resumes within 2 s of PostgreSQL's return
    /** A fifth of Datadog's answers broken, by kind; timeouts held 3 s (the simulator's default is 15 s). */
    private static final FaultConfig FAULTS = FaultConfig.none().withSeed(14).withError5xx(0.06).withRateLimited429(0.05)
            .withTimeout(0.03).withMalformedJson(0.03).withTruncatedJson(0.03).withLatencyMillis(200)
            .withTimeoutHoldMillis(3000);

    private static final ObjectMapper SORTED = DoraJson.mapper().copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private static ConnectorRig rig;
    private static final Map<String, ServiceProcess> processes = new TreeMap<>();
    private static final Map<String, Integer> faults = new LinkedHashMap<>();
    private static final List<Mutation> mutations = new ArrayList<>();
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void nothingLostNothingTwiceEveryFigureRightAfterEveryFault() throws Exception {
        Instant begin = Instant.now();
        rig = ConnectorRig.start(SimulatorConfig.builder().apiKeys(API_KEY).appKeys(APP_KEY).build());
        Dataset generated = generate();
        assertTrue(generated.deployments().size() >= SIZE.minDeployments() && generated.failures().size() >= SIZE.minFailures(),
                SIZE.name() + " size: " + generated.deployments().size() + " deployments, " + generated.failures().size()
                        + " failures");
        log("%s size: %d deployments, %d failures", SIZE.name(), generated.deployments().size(), generated.failures().size());

        ServiceProcess aggregator = rig.startAggregator("aggregator", AGGREGATOR_SETTINGS);
        List<ServiceProcess> connectors = rig.launchConnectors(Map.of(
                "connector-a", with(CONNECTOR_SETTINGS, "dorastream.sync.replica-id", "connector-a"),
                "connector-b", with(CONNECTOR_SETTINGS, "dorastream.sync.replica-id", "connector-b")));
        processes.put("connector-a", connectors.get(0));
        processes.put("connector-b", connectors.get(1));
        // The gateway fronts replica a, as a Kubernetes Service would front one of them at a time.
        ServiceProcess gateway = rig.startGateway("gateway", connectors.get(0), aggregator, ADMIN_TOKEN, Map.of());
        for (ServiceProcess p : List.of(connectors.get(0), connectors.get(1), aggregator, gateway)) {
            p.awaitReady(READY);
        }
        processes.put("aggregator", aggregator);
        processes.put("gateway", gateway);
        Instant started = Instant.now();
        log("stack ready in %d s", Duration.between(begin, started).toSeconds());

        ObjectNode body = DoraJson.mapper().createObjectNode().put("name", "chaos").put("site", "datadoghq.com")
                .put("apiKey", API_KEY).put("appKey", APP_KEY).put("backfillDays", SIZE.backfillDays())
                .put("pollIntervalSeconds", POLL_INTERVAL_SECONDS);
        String id = gateway("POST", "/api/v1/connections", body.toString(), 201).path("id").asText();
        // Datadog keeps events two years, and a re-read stops a day short of that (docs/reliability.md): a change to
        // an event in its last day of retention is not seen, by design. The data changes only a day further in.
        Instant backfillFrom = backfillFrom(id);
        Instant mutableFrom = later(backfillFrom, rig.simulator().clock().now().minus(Duration.ofDays(730 - 2)));

        // 1. Datadog misbehaves for a stretch that spans the backfill (when most calls are made) and the first live
        // polls; meanwhile the processes die, the broker and the database restart, and the data changes.
        rig.simulator().stats().reset();
        rig.simulator().faults(FAULTS);
        Instant stretchStart = Instant.now();

        // 2. A connector replica killed in the middle of the backfill: the other one takes its streams over.
        await("the deployments backfill a tenth done", () -> progress(id, "deployments") >= 0.1);
        killLeaseHolder(id, "backfilling", "connector SIGKILL mid-backfill");

        // 3. The aggregator killed mid-batch twice, the broker restarted while the backfill flows.
        killAggregatorMidBatch();
        rig.restartKafka(Duration.ofSeconds(2));
        count("Kafka broker restart");
        restart("aggregator");
        killAggregatorMidBatch();
        restart("aggregator");

        // 4. The data changed after the fact, the aggregator killed while it applies the changes, replicas killed
        // mid-live-poll, PostgreSQL restarted.
        await("both streams live", () -> states(id).values().stream().allMatch("live"::equals));
        mutate(mutableFrom);
        killAggregatorMidBatch();
        restart("aggregator");
        killLeaseHolder(id, "live", "connector SIGKILL mid-live-poll");
        mutate(mutableFrom);
        // A service that cannot reach PostgreSQL while it starts exits, and its supervisor (Kubernetes) starts it
        // again; this harness is no supervisor, so the restarted replica is up before the database goes down.
        processes.values().forEach(p -> p.awaitReady(READY));
        rig.restartPostgres(Duration.ofSeconds(3));
        count("PostgreSQL restart");
        killLeaseHolder(id, "live", "connector SIGKILL mid-live-poll");
        await("a stretch of at least 30 s with every kind of fault answered", () -> Duration.between(stretchStart,
                Instant.now()).toSeconds() >= 30 && faultyAnswers().values().stream().allMatch(n -> n > 0));
        rig.simulator().faults(FaultConfig.none());
        count("Datadog fault stretch (s)", (int) Duration.between(stretchStart, Instant.now()).toSeconds());
        Map<String, Long> faultyAnswers = faultyAnswers();
        faultyAnswers.forEach((kind, n) -> count("Datadog answers: " + kind, n.intValue()));
        count("Datadog calls during the stretch", (int) rig.simulator().stats().total());

        // 5. The connection's key revoked (Datadog refuses it), data changing meanwhile, then restored.
        rig.simulator().revokeApiKey(API_KEY);
        await("the connection unauthorized", () -> states(id).containsValue("unauthorized"));
        mutate(mutableFrom);
        rig.simulator().restoreApiKey(API_KEY);
        count("API key revoked and restored");
        await("the connection resumed by itself", () -> states(id).values().stream().allMatch("live"::equals));

        processes.values().forEach(p -> p.awaitReady(READY));

        // 6. Settled: a full re-read done, every watermark past the simulator's clock and applied by the aggregator.
        Instant settleStart = rig.simulator().clock().now();
        Instant requested = Instant.now();
        JsonNode reread = gateway("POST", "/api/v1/connections/" + id + "/sync", "{}", 202);
        Instant rangeFrom = Instant.parse(reread.path("from").asText());
        await("the re-read done and every watermark past " + settleStart, () -> settled(id, requested, settleStart));
        await("the aggregator's watermarks past " + settleStart, () -> aggregatorWatermarks(id).size() == 2
                && aggregatorWatermarks(id).values().stream().allMatch(w -> !w.isBefore(settleStart)));
        Duration toSettle = Duration.between(requested, Instant.now());
        log("settled in %d s", toSettle.toSeconds());

        // 7. The exact comparison, over the connection's whole range (from its backfill start: the settling
        // re-read's starts later when the backfill reaches back to Datadog's retention).
        assertFalse(rangeFrom.isAfter(mutableFrom), "the re-read from " + rangeFrom + " reaches every mutated event");
        // events that aged out of the simulator's retention during the run stay expected: read before, kept
        Dataset expected = rig.simulator().exportSince(backfillFrom);
        List<String> differences = new ArrayList<>();
        Map<String, long[]> events = new LinkedHashMap<>();
        events.put("deployments", compareEvents(id, Topics.DEPLOYMENTS, "deployment", expected.deployments(), differences));
        events.put("failures", compareEvents(id, Topics.INCIDENTS, "incident", expected.failures(), differences));
        long[] cells = compareRollupsWithRebuild(differences);
        long[] figures = compareFigures(expected, backfillFrom, differences);
        Duration total = Duration.between(begin, Instant.now());

        String table = table(events, cells, figures, toSettle, total) + String.format("%nRange: the backfill from %s;"
                + " the settling re-read from %s; mutations touch events started from %s.%n", backfillFrom, rangeFrom,
                mutableFrom);
        System.out.println(table);
        Path out = Path.of(System.getProperty("dorastream.build.dir", "target"), "chaos", "table-" + SIZE.name() + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        assertTrue(faults.getOrDefault("aggregator SIGKILL mid-batch", 0) >= 3, "aggregator kills: " + faults);
        assertTrue(faults.getOrDefault("connector SIGKILL mid-backfill", 0) >= 1 && faults.getOrDefault(
                "connector SIGKILL mid-live-poll", 0) >= 1 && faults.getOrDefault("connector SIGKILL mid-backfill", 0)
                + faults.getOrDefault("connector SIGKILL mid-live-poll", 0) >= 3, "connector kills: " + faults);
        assertEquals(List.of(), differences.stream().limit(50).toList(), differences.size() + " differences");
    }

    // ---- the dataset and its mutations

    /** The organisation's data, generated from the simulator's clock and loaded into it; several seeds are merged. */
    private static Dataset generate() {
        Instant now = rig.simulator().clock().now();
        List<ObjectNode> deployments = new ArrayList<>();
        List<ObjectNode> failures = new ArrayList<>();
        for (int i = 0; i < SIZE.seeds(); i++) {
            Dataset d = DatasetGenerator.generate(SIZE.spec().withSeed(SIZE.spec().seed() + i), now);
            deployments.addAll(d.deployments());
            failures.addAll(d.failures());
        }
        Dataset merged = new Dataset(deployments, failures);
        rig.simulator().load(merged);
        return rig.simulator().export();
    }

    /**
     * A batch of mutations of every kind the mutator knows (verdicts, resolutions, late events, deletions), to
     * events started at or after {@code from}.
     */
    private static void mutate(Instant from) {
        List<Mutation> applied = rig.simulator().mutator().apply(SIZE.mutationsPerBatch(), from);
        mutations.addAll(applied);
        count("mutation batches");
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Where the connection's backfill started (its streams share it). */
    private static Instant backfillFrom(String connectionId) throws SQLException {
        try (Connection db = rig.connectorDatabase(); PreparedStatement ps = db.prepareStatement(
                "SELECT min(backfill_from) FROM stream_state WHERE connection_id = ?::uuid")) {
            ps.setString(1, connectionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    /** Only the events the connection's range covers (the simulator filters on {@code started_at}). */
    // ---- the faults

    /**
     * Waits until a poll of the connection in {@code state} holds a stream's lease (a backfill step or a live
     * poll in flight), SIGKILLs the replica holding it, and starts it again without waiting for it: the other
     * replica carries on meanwhile.
     */
    private static void killLeaseHolder(String connectionId, String state, String kind) throws SQLException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        try (Connection db = rig.connectorDatabase(); PreparedStatement ps = db.prepareStatement(
                "SELECT stream, lease_owner FROM stream_state WHERE connection_id = ?::uuid AND state = ?"
                        + " AND lease_owner IS NOT NULL AND lease_until > now() AND reread_cursor IS NULL")) {
            ps.setString(1, connectionId);
            ps.setString(2, state);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && processes.containsKey(rs.getString(2)) && processes.get(rs.getString(2)).alive()) {
                        String replica = rs.getString(2);
                        processes.get(replica).kill();
                        log("%s: %s killed holding the %s stream's lease", kind, replica, rs.getString(1));
                        count(kind);
                        processes.put(replica, rig.startAgain(processes.get(replica)));
                        return;
                    }
                }
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
        }
        fail("no " + state + " poll of " + connectionId + " held a lease within " + STEP_TIMEOUT);
    }

    /**
     * Waits until the aggregator has a transaction open that writes the event tables (a batch of events being
     * applied, not a watermark's promotion) and SIGKILLs it.
     */
    private static void killAggregatorMidBatch() throws SQLException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        try (Connection db = rig.aggregatorDatabase(); Statement s = db.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT left(query, 60) FROM pg_stat_activity WHERE datname = 'aggregator'"
                        + " AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND xact_start IS NOT NULL AND state <> 'idle'"
                        + " AND query ~* '(deployment|incident)' AND query !~* 'sync_watermark'")) {
                    if (rs.next()) {
                        String during = rs.getString(1);
                        processes.get("aggregator").kill();
                        log("aggregator SIGKILL mid-batch, during: %s", during.replaceAll("\\s+", " "));
                        count("aggregator SIGKILL mid-batch");
                        return;
                    }
                }
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
        }
        fail("the aggregator applied no batch within " + STEP_TIMEOUT);
    }

    /** An instant as a {@code timestamptz} keeps it: rounded to the nearest microsecond. */
    static Instant atMicros(Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusNanos((t.getNano() + 500L) / 1000 * 1000);
    }

    private static void restart(String name) {
        processes.put(name, rig.startAgain(processes.get(name), READY));
    }

    /** The simulator's counts of its injected 429s, 5xx answers and held-then-dropped requests. */
    private static Map<String, Long> faultyAnswers() {
        Map<String, Long> out = new LinkedHashMap<>();
        var stats = rig.simulator().stats();
        out.put("429 injected", stats.injectedRateLimited());
        out.put("5xx", stats.byEndpoint().values().stream().flatMap(m -> m.entrySet().stream())
                .filter(e -> e.getKey() >= 500).mapToLong(Map.Entry::getValue).sum());
        out.put("timeouts", stats.timeouts());
        return out;
    }

    private static void count(String kind) {
        count(kind, 1);
    }

    private static void count(String kind, int n) {
        faults.merge(kind, n, Integer::sum);
    }

    // ---- settling

    /** Each stream's state, through the gateway. */
    private static Map<String, String> states(String connectionId) {
        Map<String, String> out = new TreeMap<>();
        gateway("GET", "/api/v1/connections/" + connectionId + "/sync", null, 200).path("streams").properties()
                .forEach(e -> out.put(e.getKey(), e.getValue().path("state").asText()));
        return out;
    }

    private static double progress(String connectionId, String stream) {
        return gateway("GET", "/api/v1/connections/" + connectionId + "/sync", null, 200).path("streams").path(stream)
                .path("backfillProgress").asDouble();
    }

    /** Both streams live, done with a re-read requested at {@code requested}, positioned past {@code clock}. */
    private static boolean settled(String connectionId, Instant requested, Instant clock) {
        JsonNode streams = gateway("GET", "/api/v1/connections/" + connectionId + "/sync", null, 200).path("streams");
        if (streams.size() != 2) {
            return false;
        }
        for (JsonNode s : streams) {
            if (!"live".equals(s.path("state").asText()) || s.hasNonNull("reread") || !s.hasNonNull("lastRereadDoneAt")
                    || Instant.parse(s.get("lastRereadDoneAt").asText()).isBefore(requested) || !s.hasNonNull("position")
                    || Instant.parse(s.get("position").asText()).isBefore(clock)) {
                return false;
            }
        }
        return true;
    }

    /** The watermarks the aggregator applied for the connection, by stream. */
    private static Map<String, Instant> aggregatorWatermarks(String connectionId) throws SQLException {
        Map<String, Instant> out = new TreeMap<>();
        try (Connection db = rig.aggregatorDatabase(); PreparedStatement ps = db.prepareStatement(
                "SELECT stream, watermark FROM sync_watermark WHERE connection_id = ?::uuid")) {
            ps.setString(1, connectionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }
            }
        }
        return out;
    }

    // ---- the comparison

    /**
     * The connection's events on the topic and in the aggregator's table against the simulator's: returns
     * {expected, found, missing, extra, duplicated, stale, records, repeated}. An event is found when the
     * aggregator holds it, not deleted, at the topic's latest version and with the simulator's latest state
     * ({@code finished_at}, and a deployment's {@code change_failure}); missing when it is absent or deleted;
     * stale when it is there in an older state; extra when the aggregator holds an event the simulator does
     * not; duplicated when the topic carries one (id, version) with different contents. Repeats of the same
     * version with the same contents are at-least-once transport, counted but allowed.
     */
    private static long[] compareEvents(String connectionId, String topic, String table, List<ObjectNode> items,
            List<String> differences) throws SQLException {
        Map<String, ObjectNode> truth = new HashMap<>();
        items.forEach(i -> truth.put(i.path("id").asText(), i));

        Map<String, Long> latest = new HashMap<>();
        Map<String, Map<Long, String>> byVersion = new HashMap<>(); // the digest of each version's contents
        long records = 0;
        long repeated = 0;
        Set<String> duplicated = new TreeSet<>();
        for (ConsumerRecord<byte[], byte[]> r : rig.readAll(List.of(topic))) {
            EventKey key = EventKey.parse(new String(r.key(), StandardCharsets.UTF_8));
            if (!key.connectionId().toString().equals(connectionId)) {
                continue;
            }
            records++;
            long version = EventRecords.version(r.headers());
            latest.merge(key.eventId(), version, Math::max);
            String value = r.value() == null ? "tombstone" : digestWithoutObservedAt(r.value());
            String before = byVersion.computeIfAbsent(key.eventId(), k -> new HashMap<>()).putIfAbsent(version, value);
            if (before != null) {
                repeated++;
                if (!before.equals(value)) {
                    duplicated.add(key.eventId());
                }
            }
        }

        Map<String, Object[]> rows = new HashMap<>();
        String columns = table.equals("deployment") ? "event_id, version, deleted, finished_at, change_failure"
                : "event_id, version, deleted, finished_at, NULL";
        long rowCount = 0;
        try (Connection db = rig.aggregatorDatabase(); PreparedStatement ps = db.prepareStatement(
                "SELECT " + columns + " FROM " + table + " WHERE connection_id = ?::uuid")) {
            ps.setString(1, connectionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rowCount++;
                    Timestamp finished = rs.getTimestamp(4);
                    rows.put(rs.getString(1), new Object[] {rs.getLong(2), rs.getBoolean(3),
                        finished == null ? null : finished.toInstant(), rs.getObject(5)});
                }
            }
        }
        long extraRows = rowCount - rows.size(); // the table's key makes this 0; counted, not assumed

        long found = 0;
        Set<String> missing = new TreeSet<>();
        Set<String> stale = new TreeSet<>();
        for (Map.Entry<String, ObjectNode> e : truth.entrySet()) {
            Object[] row = rows.get(e.getKey());
            if (row == null || (Boolean) row[1]) {
                missing.add(e.getKey());
                continue;
            }
            JsonNode a = e.getValue().path("attributes");
            // at PostgreSQL's precision (microseconds, rounded): the simulator's clock writes nanoseconds
            Instant finished = a.hasNonNull("finished_at") ? atMicros(Instant.parse(a.get("finished_at").asText())) : null;
            Boolean changeFailure = a.hasNonNull("change_failure") ? a.get("change_failure").asBoolean() : null;
            boolean sameState = Objects.equals(finished, row[2]) && (!table.equals("deployment")
                    || Objects.equals(changeFailure, row[3]));
            boolean latestVersion = Objects.equals(latest.get(e.getKey()), row[0]);
            if (sameState && latestVersion) {
                found++;
            } else {
                stale.add(e.getKey() + " (v" + row[0] + ", topic v" + latest.get(e.getKey()) + ", finished " + row[2]
                        + " want " + finished + ", change_failure " + row[3] + " want " + changeFailure + ")");
            }
        }
        Set<String> extra = rows.entrySet().stream().filter(e -> !(Boolean) e.getValue()[1] && !truth.containsKey(e.getKey()))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        report(differences, table + " missing", missing);
        report(differences, table + " stale", stale);
        report(differences, table + " extra", extra);
        report(differences, table + " published twice with different contents", duplicated);
        if (extraRows != 0) {
            differences.add(table + ": " + extraRows + " rows beyond one per event");
        }
        return new long[] {truth.size(), found, missing.size(), extra.size(), duplicated.size() + extraRows, stale.size(),
            records, repeated};
    }

    /** SHA-256 of the record's value without {@code observedAt}, keys sorted (the full size holds too many values to keep). */
    private static String digestWithoutObservedAt(byte[] value) {
        try {
            ObjectNode n = (ObjectNode) DoraJson.mapper().readTree(value);
            n.remove("observedAt"); // when the connector read it: a repeated read differs there only (docs/events.md)
            byte[] canonical = SORTED.writeValueAsBytes(SORTED.treeToValue(n, Object.class));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void report(List<String> differences, String what, Set<String> ids) {
        if (!ids.isEmpty()) {
            differences.add(ids.size() + " " + what + ", e.g. " + ids.stream().limit(5).toList());
        }
    }

    /**
     * Every daily rollup cell (and monthly sketch) as maintained incrementally through all the faults, against
     * the aggregator's own rebuild of them from its stored events: returns {cells compared, differing}.
     */
    private static long[] compareRollupsWithRebuild(List<String> differences) throws SQLException {
        Map<String, String> before = rollups();
        ServiceProcess aggregator = processes.get("aggregator");
        internal(aggregator, "POST", "/internal/admin/rebuild", 202);
        await("the aggregator's rebuild", () -> !"running".equals(internal(aggregator, "GET", "/internal/admin/rebuild",
                200).path("state").asText()));
        JsonNode status = internal(aggregator, "GET", "/internal/admin/rebuild", 200);
        assertEquals("succeeded", status.path("state").asText(), "rebuild: " + status);
        Map<String, String> after = rollups();
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        long differing = 0;
        for (String k : keys) {
            if (!Objects.equals(before.get(k), after.get(k))) {
                if (differing < 5) {
                    differences.add("rollup " + k + ": incremental " + before.get(k) + ", rebuilt " + after.get(k));
                }
                differing++;
            }
        }
        if (differing > 5) {
            differences.add((differing - 5) + " more rollup cells differ from the rebuild");
        }
        assertTrue(keys.size() > 100, "rollup cells to compare: " + keys.size());
        return new long[] {keys.size(), differing};
    }

    /** Each rollup row as text, by table and key. */
    private static Map<String, String> rollups() throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection db = rig.aggregatorDatabase(); Statement s = db.createStatement()) {
            String cell = " || ' ' || service || ' ' || env || ' ' || team";
            for (String[] t : new String[][] {{"deployment_daily", "day", cell}, {"deployment_monthly", "month", cell},
                    {"deployment_connection_monthly", "month", ""}}) {
                try (ResultSet rs = s.executeQuery("SELECT connection_id || ' ' || " + t[1] + t[2] + ", r::text FROM " + t[0]
                        + " r")) {
                    while (rs.next()) {
                        // the row's text starts with its key, which is in the map's key already
                        out.put(t[0] + " " + rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
        return out;
    }

    /** The summary of the whole range and the breakdown by service against the reference: {scopes, differing figures}. */
    private static long[] compareFigures(Dataset expected, Instant rangeFrom, List<String> differences) {
        ReferenceMetrics reference = new ReferenceMetrics(expected);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Scope whole = Scope.of(rangeFrom.atOffset(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant(),
                today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        String query = "benchmark=dora-2023&from=" + whole.from().atOffset(ZoneOffset.UTC).toLocalDate() + "&to="
                + today.plusDays(1);
        int before = differences.size();
        long scopes = 1;
        differences.addAll(FigureComparison.differences("whole range", reference.compute(whole),
                gateway("GET", "/api/v1/metrics/dora?" + query, null, 200)));
        JsonNode breakdown = gateway("GET", "/api/v1/metrics/dora/breakdown?by=service&limit=1000&" + query, null, 200);
        Set<String> services = new TreeSet<>();
        for (JsonNode item : breakdown.path("items")) {
            String service = item.path("key").asText();
            services.add(service);
            differences.addAll(FigureComparison.differences("service " + service, reference.compute(whole.service(service)),
                    item));
            scopes++;
        }
        assertEquals(new TreeSet<>(reference.services()), services, "services of the breakdown");
        return new long[] {scopes, differences.size() - before};
    }

    // ---- the table

    private static String table(Map<String, long[]> events, long[] cells, long[] figures, Duration toSettle,
            Duration total) {
        StringBuilder t = new StringBuilder();
        t.append("Chaos run, size ").append(SIZE.name()).append(" (").append(SIZE.spec()).append(", ").append(SIZE.seeds())
                .append(SIZE.seeds() == 1 ? " seed" : " seeds merged").append(")\n\n");
        t.append("| fault | count |\n|---|---|\n");
        faults.forEach((k, v) -> t.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        Map<Mutation.Kind, Long> kinds = mutations.stream().collect(Collectors.groupingBy(Mutation::kind, TreeMap::new,
                Collectors.counting()));
        t.append("| mutations applied | ").append(mutations.size()).append(' ').append(kinds).append(" |\n\n");
        t.append("| events | expected | found | missing | extra | duplicated | stale | topic records | repeated records"
                + " (at-least-once) |\n|---|---|---|---|---|---|---|---|---|\n");
        events.forEach((k, v) -> {
            t.append("| ").append(k);
            for (long n : v) {
                t.append(" | ").append(n);
            }
            t.append(" |\n");
        });
        t.append("\n| rollup cells compared with a rebuild | differing |\n|---|---|\n| ").append(cells[0]).append(" | ")
                .append(cells[1]).append(" |\n\n");
        t.append("| figure scopes compared with the reference (summary + each service) | differing figures |\n|---|---|\n| ")
                .append(figures[0]).append(" | ").append(figures[1]).append(" |\n\n");
        t.append("Time to settle (the full re-read requested until done and applied): ").append(toSettle.toSeconds())
                .append(" s; the whole run: ").append(total.toSeconds()).append(" s.\n\n");
        t.append("Shortened by configuration: ");
        List<String> shortened = new ArrayList<>();
        new TreeMap<>(CONNECTOR_SETTINGS).forEach((k, v) -> shortened.add("connector `" + k + "=" + v + "`"));
        AGGREGATOR_SETTINGS.forEach((k, v) -> shortened.add("aggregator `" + k + "=" + v + "`"));
        shortened.add("connection poll interval " + POLL_INTERVAL_SECONDS + " s");
        shortened.add("simulator timeout hold " + FAULTS.timeoutHoldMillis() + " ms, latency " + FAULTS.latencyMillis()
                + " ms during the stretch");
        t.append(String.join(", ", shortened)).append(".\n");
        return t.toString();
    }

    // ---- calls

    /**
     * A call to the gateway with the admin token. While a fault is on (the fronted connector replica down, a
     * backend's breaker open) the gateway answers 502/503 or the call fails: such calls are tried again for up to
     * a minute, as a client would.
     */
    private static JsonNode gateway(String method, String path, String body, int expected) {
        URI uri = processes.get("gateway").baseUri().resolve(path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Accept", "application/json");
        HttpRequest request = (body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body))).build();
        return send(request, expected);
    }

    /** A call to a backend's internal API with the service token. */
    private static JsonNode internal(ServiceProcess service, String method, String path, int expected) {
        return send(HttpRequest.newBuilder(service.baseUri().resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + rig.internalToken()).header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), expected);
    }

    private static JsonNode send(HttpRequest request, int expected) {
        long deadline = System.nanoTime() + READY.toNanos(); // the fronted replica may be starting again
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == expected) {
                    return r.body().isEmpty() ? DoraJson.mapper().nullNode() : DoraJson.mapper().readTree(r.body());
                }
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() != 502 && r.statusCode() != 503 && r.statusCode() != 429) {
                    break;
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
        return fail(request.method() + " " + request.uri().getPath() + " answered " + last);
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Check check) {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        Instant from = Instant.now();
        while (System.nanoTime() < deadline) {
            try {
                if (check.holds()) {
                    log("%s (%d s)", what, Duration.between(from, Instant.now()).toSeconds());
                    return;
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
                // a backend restarting: asked again
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        fail("not reached within " + STEP_TIMEOUT + ": " + what);
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> out = new LinkedHashMap<>(settings);
        out.put(key, value);
        return out;
    }

    /** When the run began: every line says how far into it (where the time goes). */
    private static final long RUN_START = System.nanoTime();

    private static void log(String format, Object... args) {
        System.out.printf("[chaos +%ds] %s%n", Duration.ofNanos(System.nanoTime() - RUN_START).toSeconds(),
                String.format(format, args));
    }
}
