package io.dorastream.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.devstack.run.ServiceProcess;
import io.dorastream.devstack.simulator.DatasetSpec;
import io.dorastream.devstack.simulator.FaultConfig;
import io.dorastream.devstack.simulator.SimulatorConfig;

/**
 * Two connector replicas share 20 connections of 4 Datadog organisations through the stream leases:
 * no stream is ever polled by both at once (read from the scheduler's DEBUG lines {@code poll start}
 * and {@code poll end}, logged while the lease is held), a replica killed with SIGKILL has all its
 * streams taken over by the other within two poll intervals plus the lease time, and a replica
 * stopped gracefully gives its leases back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectorReplicasIT {

    private static final int CONNECTIONS = 20;
    private static final int ORGANISATIONS = 4;
    private static final int POLL_INTERVAL_SECONDS = 10;
    private static final Duration LEASE_TTL = Duration.ofSeconds(10);
    private static final List<String> API_KEYS = IntStream.range(0, ORGANISATIONS).mapToObj(i -> ConnectorRig.randomHex(32))
            .toList();
    private static final List<String> APP_KEYS = IntStream.range(0, ORGANISATIONS).mapToObj(i -> ConnectorRig.randomHex(40))
            .toList();
    private static final Pattern POLL_LINE = Pattern.compile(
            "^(\\S+) DEBUG \\[[^]]*] \\([^)]*\\) poll (start|end) ([0-9a-f-]{36}) (deployments|failures) epoch (\\d+) on (\\S+)$");

    /** One poll of one stream by one replica, from its log; {@code end} null when the log has none. */
    private record Poll(String stream, long epoch, String replica, Instant start, Instant end) {
    }

    private static ConnectorRig rig;
    private static ServiceProcess survivor;

    @BeforeAll
    static void start() {
        rig = ConnectorRig.start(SimulatorConfig.builder().apiKeys(API_KEYS.toArray(String[]::new))
                .appKeys(APP_KEYS.toArray(String[]::new)).build());
        rig.simulator().generate(DatasetSpec.demo().withSeed(3).withServices(3).withMonthsBack(1));
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @Order(1)
    void replicasNeverPollAStreamAtOnceAndCoverEachOther() throws SQLException {
        Map<String, Map<String, String>> replicas = new LinkedHashMap<>();
        for (String name : List.of("replica-a", "replica-b")) {
            replicas.put(name, Map.of(
                    "dorastream.sync.replica-id", name,
                    "dorastream.sync.lease-ttl", LEASE_TTL.toSeconds() + "s",
                    "quarkus.log.category.\"io.dorastream\".level", "DEBUG"));
        }
        List<ServiceProcess> started = rig.startConnectors(replicas);
        ServiceProcess a = started.get(0);
        ServiceProcess b = started.get(1);
        assertEquals("replica-a", a.name());

        Set<String> streams = new TreeSet<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            // a query of its own per connection (matching every event): the connector refuses two with the same key and query
            String id = rig.createConnection(i % 2 == 0 ? a : b, "replicas-" + i, API_KEYS.get(i % ORGANISATIONS),
                    APP_KEYS.get(i % ORGANISATIONS), "-replicas_test:" + i, 7, POLL_INTERVAL_SECONDS);
            streams.add(id + " deployments");
            streams.add(id + " failures");
        }
        // Everything live, then one more poll of every stream: both replicas have then polled live streams.
        Map<String, JsonNode> live = Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> sync(a), s -> s.size() == streams.size()
                        && s.values().stream().allMatch(n -> "live".equals(n.path("state").asText())));
        Instant allLive = live.values().stream().map(ConnectorReplicasIT::lastSuccess).max(Comparator.naturalOrder()).orElseThrow();
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .until(() -> sync(b), s -> s.values().stream().allMatch(n -> lastSuccess(n).isAfter(allLive)));
        rig.call(a, "GET", "/internal/connections", null, 200);
        rig.call(b, "GET", "/internal/sync", null, 200);
        rig.metrics(a);
        rig.metrics(b);

        Instant killed = Instant.now();
        a.kill();
        Instant afterKill = killed.truncatedTo(ChronoUnit.SECONDS); // lastSuccessAt has whole seconds
        Duration takeover = Duration.ofSeconds(2L * POLL_INTERVAL_SECONDS).plus(LEASE_TTL);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> sync(b), s -> s.values().stream().allMatch(n -> lastSuccess(n).isAfter(afterKill)));
        Instant covered = Instant.now();
        // The bound itself is not asserted (no timed assertions); the generous await above is.
        System.out.printf("[replicas] every stream polled again at most %d ms after the kill (two intervals plus the lease: %s)%n",
                Duration.between(killed, covered).toMillis(), takeover);
        survivor = b;
        rig.metrics(b);

        // Slow Datadog down so that polls are in flight when the survivor stops: their leases must be given back.
        rig.simulator().faults(FaultConfig.none().withLatencyMillis(3000));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> leaseOwners().containsValue("replica-b"));
        b.close();
        assertFalse(b.alive(), "the survivor stopped");
        assertEquals(Map.of(), leaseOwners(), "leases still held after the graceful stop");
        rig.simulator().faults(FaultConfig.none());

        Map<String, List<Poll>> polls = new TreeMap<>();
        readPolls(a, killed, polls);
        readPolls(b, null, polls);
        assertEquals(streams, polls.keySet(), "every stream was polled");
        assertNoOverlap(polls);
        for (String replica : List.of("replica-a", "replica-b")) {
            long before = polls.values().stream().flatMap(List::stream)
                    .filter(p -> p.replica().equals(replica) && p.start().isBefore(killed)).count();
            System.out.printf("[replicas] %s polled %d times before the kill%n", replica, before);
            assertTrue(before > 0, replica + " polled before the kill");
        }
        for (String stream : streams) {
            assertTrue(polls.get(stream).stream().anyMatch(p -> p.replica().equals("replica-b") && p.start().isAfter(killed)
                    && p.end() != null), stream + " was polled by the survivor after the kill");
        }
    }

    @Test
    @Order(2)
    void noCredentialInLogsTopicsOrAnswers() {
        assertNotNull(survivor, "the replica test ran");
        List<String> secrets = new ArrayList<>(API_KEYS);
        secrets.addAll(APP_KEYS);
        rig.assertNoSecretAnywhere(secrets);
    }

    /**
     * Per stream, its polls ordered by start: each starts no earlier than the one before ended and
     * has a higher lease epoch. Holds across replicas and within one.
     */
    private static void assertNoOverlap(Map<String, List<Poll>> polls) {
        int count = 0;
        for (Map.Entry<String, List<Poll>> e : polls.entrySet()) {
            List<Poll> list = new ArrayList<>(e.getValue());
            list.sort(Comparator.comparing(Poll::start).thenComparing(Poll::epoch));
            for (int i = 1; i < list.size(); i++) {
                Poll before = list.get(i - 1);
                Poll next = list.get(i);
                if (before.end() == null || next.start().isBefore(before.end())) {
                    fail(e.getKey() + ": " + next + " started while " + before + " ran");
                }
                if (next.epoch() <= before.epoch()) {
                    fail(e.getKey() + ": epoch did not increase from " + before + " to " + next);
                }
            }
            count += list.size();
        }
        System.out.printf("[replicas] %d polls of %d streams, none overlapping%n", count, polls.size());
    }

    /**
     * Adds the polls in a replica's log to {@code polls} (by {@code "<connectionId> <stream>"}). A
     * poll without an end line ended at {@code killedAt} when the replica was killed then; otherwise
     * its end stays unknown (null).
     */
    private static void readPolls(ServiceProcess replica, Instant killedAt, Map<String, List<Poll>> polls) {
        List<String> lines;
        try {
            lines = Files.readAllLines(replica.log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Instant> open = new HashMap<>();
        for (String line : lines) {
            Matcher m = POLL_LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            assertEquals(replica.name(), m.group(6), "replica id in " + replica.log());
            Instant at = OffsetDateTime.parse(m.group(1)).toInstant();
            String stream = m.group(3) + " " + m.group(4);
            String key = stream + " " + m.group(5);
            if (m.group(2).equals("start")) {
                assertTrue(open.put(key, at) == null, "epoch started twice: " + line);
            } else {
                Instant start = open.remove(key);
                assertNotNull(start, "end without start: " + line);
                polls.computeIfAbsent(stream, k -> new ArrayList<>())
                        .add(new Poll(stream, Long.parseLong(m.group(5)), replica.name(), start, at));
            }
        }
        open.forEach((key, start) -> {
            String stream = key.substring(0, key.lastIndexOf(' '));
            polls.computeIfAbsent(stream, k -> new ArrayList<>())
                    .add(new Poll(stream, Long.parseLong(key.substring(key.lastIndexOf(' ') + 1)), replica.name(), start,
                            killedAt));
        });
    }

    /** Each stream's status by {@code "<connectionId> <stream>"}, from {@code /internal/sync}. */
    private static Map<String, JsonNode> sync(ServiceProcess connector) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode c : rig.call(connector, "GET", "/internal/sync", null, 200).path("items")) {
            c.path("streams").properties().forEach(s -> out.put(c.path("connectionId").asText() + " " + s.getKey(),
                    s.getValue()));
        }
        return out;
    }

    private static Instant lastSuccess(JsonNode stream) {
        return stream.hasNonNull("lastSuccessAt") ? Instant.parse(stream.get("lastSuccessAt").asText()) : Instant.EPOCH;
    }

    /** Streams with a lease owner in the database, by {@code "<connectionId> <stream>"}. */
    private static Map<String, String> leaseOwners() throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = rig.connectorDatabase(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT connection_id, stream, lease_owner FROM stream_state WHERE lease_owner IS NOT NULL")) {
            while (rs.next()) {
                out.put(rs.getString(1) + " " + rs.getString(2), rs.getString(3));
            }
        }
        return out;
    }
}
