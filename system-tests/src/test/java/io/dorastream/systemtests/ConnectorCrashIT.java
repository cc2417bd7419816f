package io.dorastream.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.devstack.run.ServiceProcess;
import io.dorastream.devstack.simulator.Dataset;
import io.dorastream.devstack.simulator.DatasetSpec;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.events.DoraJson;
import io.dorastream.events.EventKey;
import io.dorastream.events.EventRecords;
import io.dorastream.events.Topics;

/**
 * A connector killed with SIGKILL in the middle of a backfill, then started again on the same
 * database and broker, ends with the same topic content as one that never crashed: every event of
 * the simulator in its one version, nothing else, and duplicates only as repeats of the same
 * version with the same content (only the time it was read may differ, see {@link #MAY_DIFFER}).
 * The kill comes at the worst moment, after Kafka acknowledged a window and before its position was
 * saved (the test holds the stream's row lock meanwhile), so that the window is certainly repeated.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectorCrashIT {

    private static final String API_KEY = ConnectorRig.randomHex(32);
    private static final String APP_KEY = ConnectorRig.randomHex(40);
    /** Six months with an hour of 1000 deployments (its week needs split windows): about 5,000 events. */
    private static final DatasetSpec DATASET = DatasetSpec.demo().withSeed(7).withServices(8).withMonthsBack(6)
            .withDenseHourDeployments(1000);
    /**
     * 2 requests a second for the 27 weekly windows of each stream (and the split ones of the dense
     * hour): the backfill takes about half a minute, long enough to crash inside it.
     */
    private static final SimulatorConfig SIMULATOR = SimulatorConfig.builder().apiKeys(API_KEY).appKeys(APP_KEY)
            .rateLimit(10, 5).build();
    private static final Map<String, String> SETTINGS = Map.of(
            // The restarted process is another replica (default id): it takes the stream over when the dead one's lease expires.
            "dorastream.sync.lease-ttl", "10s",
            "quarkus.log.category.\"io.dorastream\".level", "DEBUG");

    /**
     * The envelope fields a repeated version may change: {@code observedAt} is when the connector
     * read the version (docs/events.md), and a repeated window is read again later. Everything else
     * (event, raw, version, ids) must be the same.
     */
    private static final Set<String> MAY_DIFFER = Set.of("observedAt");

    private static ConnectorRig rig;
    private static ServiceProcess restarted;

    @BeforeAll
    static void start() {
        rig = ConnectorRig.start(SIMULATOR);
        rig.simulator().generate(DATASET);
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @Order(1)
    void killedMidBackfillEndsWithTheSimulatorsEventsOnce() throws SQLException {
        ServiceProcess first = rig.startConnector("connector-1", SETTINGS);
        String id = rig.createConnection(first, "crash", API_KEY, APP_KEY, DATASET.monthsBack() * 31 + 7, 10);

        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> progress(rig.streams(first, id), "deployments") >= 0.2);
        JsonNode atKill = null;
        try (Connection db = rig.connectorDatabase()) {
            db.setAutoCommit(false);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (atKill == null) {
                assertTrue(System.nanoTime() < deadline, "no poll of deployments published a window while its row was held");
                // The worst moment to die: Kafka acknowledged a window's records, its position is not saved yet.
                long saved = holdWhilePolling(db, id, "deployments");
                if (publishedMoreThan(id, saved, Duration.ofSeconds(10))) {
                    atKill = rig.streams(first, id);
                    first.kill();
                }
                db.rollback(); // else the held poll had saved already and only waited to give its lease back
            }
        }
        assertFalse(first.alive());
        System.out.println("[crash] killed at " + atKill);
        // The failures stream (few events, quicker windows) may be further on: the deployments one is cut in the middle.
        assertEquals("backfilling", atKill.path("deployments").path("state").asText(), "backfilling at the kill");
        assertTrue(progress(atKill, "deployments") <= 0.8, "killed mid-backfill: " + atKill);

        restarted = rig.startConnector("connector-2", SETTINGS);
        JsonNode done = Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> rig.streams(restarted, id), s -> live(s, "deployments") && live(s, "failures"));
        System.out.println("[crash] live again: " + done);

        Dataset truth = rig.simulator().export();
        int repeated = assertTopicHoldsExactly(Topics.DEPLOYMENTS, id, ids(truth.deployments()));
        assertTrue(repeated > 0, "the window published before the kill was published again");
        assertTopicHoldsExactly(Topics.INCIDENTS, id, ids(truth.failures()));
    }

    @Test
    @Order(2)
    void noCredentialInLogsTopicsOrAnswers() {
        assertNotNull(restarted, "the crash test ran");
        rig.metrics(restarted);
        rig.call(restarted, "GET", "/internal/connections", null, 200);
        rig.call(restarted, "GET", "/internal/sync", null, 200);
        rig.assertNoSecretAnywhere(List.of(API_KEY, APP_KEY));
    }

    /**
     * Locks the stream's row in {@code db}'s open transaction at a moment a poll holds its lease, so
     * that the poll publishes its window and then waits for the row to save its position. Returns
     * the events the stream had saved as published.
     */
    private static long holdWhilePolling(Connection db, String connectionId, String stream) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (PreparedStatement ps = db.prepareStatement("SELECT lease_owner, events_published FROM stream_state"
                + " WHERE connection_id = ?::uuid AND stream = ? FOR UPDATE")) {
            ps.setString(1, connectionId);
            ps.setString(2, stream);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "the stream's row");
                    if (rs.getString(1) != null) {
                        return rs.getLong(2);
                    }
                }
                db.rollback(); // between two polls: let the next one claim the stream
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }
        return fail("no poll of " + stream + " held a lease for 30 s");
    }

    /**
     * The topic's records of the connection: the latest version of each event id are exactly
     * {@code expected}, all version 1 (nothing changed in Datadog), none a tombstone, and a
     * record repeated for an (id, version) has the same value each time but for {@link #MAY_DIFFER}.
     * Returns how many records were such repeats.
     */
    private static int assertTopicHoldsExactly(String topic, String connectionId, Set<String> expected) {
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byId = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records(topic, connectionId)) {
            byId.computeIfAbsent(EventKey.parse(new String(r.key(), StandardCharsets.UTF_8)).eventId(), k -> new ArrayList<>())
                    .add(r);
        }
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(byId.keySet());
        Set<String> extra = new TreeSet<>(byId.keySet());
        extra.removeAll(expected);
        assertTrue(missing.isEmpty() && extra.isEmpty(), topic + ": " + missing.size() + " events missing (e.g. "
                + first(missing) + "), " + extra.size() + " not in Datadog (e.g. " + first(extra) + ")");

        int duplicates = 0;
        int readAgain = 0;
        for (Map.Entry<String, List<ConsumerRecord<byte[], byte[]>>> e : byId.entrySet()) {
            Map<Long, byte[]> byVersion = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : e.getValue()) {
                long version = EventRecords.version(r.headers());
                assertEquals(1, version, topic + " " + e.getKey() + " changed nowhere but has version " + version);
                if (r.value() == null) {
                    fail(topic + " " + e.getKey() + " is in Datadog but has a tombstone");
                }
                byte[] before = byVersion.putIfAbsent(version, r.value());
                if (before != null) {
                    duplicates++;
                    if (!Arrays.equals(before, r.value())) {
                        Set<String> differ = differingFields(before, r.value());
                        if (!MAY_DIFFER.containsAll(differ)) {
                            fail(topic + " " + e.getKey() + " v" + version + " was published twice with different "
                                    + differ + ": " + text(before) + " <> " + text(r.value()));
                        }
                        readAgain++;
                    }
                }
            }
        }
        System.out.printf("[crash] %s: %d events, %d records, %d repeated (%d of them differing in %s only)%n", topic,
                expected.size(), byId.values().stream().mapToInt(List::size).sum(), duplicates, readAgain, MAY_DIFFER);
        return duplicates;
    }

    /** The envelope fields whose values differ between two records. */
    private static Set<String> differingFields(byte[] one, byte[] other) {
        try {
            JsonNode a = DoraJson.mapper().readTree(one);
            JsonNode b = DoraJson.mapper().readTree(other);
            Set<String> names = new TreeSet<>();
            a.properties().forEach(f -> names.add(f.getKey()));
            b.properties().forEach(f -> names.add(f.getKey()));
            names.removeIf(n -> a.path(n).equals(b.path(n)));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** Whether the connection's deployment records on the topic become more than {@code saved} within {@code timeout}. */
    private static boolean publishedMoreThan(String connectionId, long saved, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (records(Topics.DEPLOYMENTS, connectionId).size() > saved) {
                return true;
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        return false;
    }

    /** The records of the topic whose key names the connection. */
    private static List<ConsumerRecord<byte[], byte[]>> records(String topic, String connectionId) {
        return rig.readAll(List.of(topic)).stream()
                .filter(r -> EventKey.parse(new String(r.key(), StandardCharsets.UTF_8)).connectionId().toString()
                        .equals(connectionId))
                .toList();
    }

    private static Set<String> ids(List<ObjectNode> items) {
        Set<String> ids = new HashSet<>();
        items.forEach(i -> ids.add(i.get("id").asText()));
        assertFalse(ids.isEmpty(), "the dataset has events");
        return ids;
    }

    private static String first(Set<String> s) {
        return s.isEmpty() ? "-" : s.iterator().next();
    }

    private static double progress(JsonNode streams, String stream) {
        return streams.path(stream).path("backfillProgress").asDouble();
    }

    private static boolean live(JsonNode streams, String stream) {
        return "live".equals(streams.path(stream).path("state").asText());
    }
}
