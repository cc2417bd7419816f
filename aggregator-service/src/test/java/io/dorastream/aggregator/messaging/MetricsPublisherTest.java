package io.dorastream.aggregator.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.aggregator.AggregatorTestBase;
import io.dorastream.events.DoraJson;
import io.dorastream.events.Topics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The changed daily rollups reach {@code dora.metrics.v1}: one record per changed key with the rollup's
 * current content, a tombstone when it stands for nothing any more, and what a crash left in the
 * outbox table is published by the drain.
 */
@QuarkusTest
class MetricsPublisherTest extends AggregatorTestBase {

    /** Metrics are served on the management interface. */
    @TestHTTPResource(value = "/", management = true)
    URI management;

    private static final LocalDate DAY = LocalDate.parse("2026-05-10");
    private static final Instant NOON = Instant.parse("2026-05-10T12:00:00Z");

    @Test
    void eachChangedRollupIsPublishedWithItsContentAndATombstoneWhenItIsEmpty() throws Exception {
        UUID connection = UUID.randomUUID();
        sendDeployment(connection, "a", 1, deployment("checkout", "production", "backend", NOON));
        sendDeployment(connection, "b", 1, deployment("checkout", "production", "backend", NOON.plusSeconds(60)));
        sendDeployment(connection, "c", 1, deployment("checkout", "staging", null, NOON.plusSeconds(120)));
        awaitDeploymentsConsumed();

        String production = key(connection, DAY, "checkout", "production", "backend");
        String staging = key(connection, DAY, "checkout", "staging", "");
        assertEquals("[\"" + connection + "\",\"2026-05-10\",\"checkout\",\"production\",\"backend\"]", production);
        Map<String, ConsumerRecord<String, byte[]>> latest = awaitLatest(connection,
                l -> deployments(l.get(production)) == 2 && deployments(l.get(staging)) == 1);
        assertEquals(2, latest.size(), "a record per changed key, nothing else: " + latest.keySet());
        JsonNode value = json(latest.get(production).value());
        for (String keyField : List.of("connectionId", "day", "service", "env", "team", "connection_id")) {
            assertFalse(value.has(keyField), keyField + " travels in the key only");
        }
        Instant updatedAt = Instant.parse(value.get("updatedAt").asText());
        assertFalse(updatedAt.isAfter(Instant.now()));
        await().atMost(WAIT).until(() -> outboxRows(connection) == 0);

        // the last deployment of a key deleted: tombstone; a deployment moving to another day: both days change
        sendDeploymentTombstone(connection, "c", 2);
        sendDeployment(connection, "b", 2, deployment("checkout", "production", "backend", NOON.plusSeconds(86_400)));
        awaitDeploymentsConsumed();
        String nextDay = key(connection, DAY.plusDays(1), "checkout", "production", "backend");
        latest = awaitLatest(connection, l -> l.containsKey(staging) && l.get(staging).value() == null
                && deployments(l.get(production)) == 1 && deployments(l.get(nextDay)) == 1);
        assertNull(latest.get(staging).value(), "tombstone");
        assertEquals(3, latest.size());
    }

    @Test
    void whatACrashLeftInTheOutboxIsPublishedByTheDrain() throws Exception {
        UUID connection = UUID.randomUUID();
        sendDeployment(connection, "a", 1, deployment("checkout", "production", "backend", NOON));
        awaitDeploymentsConsumed();
        String existing = key(connection, DAY, "checkout", "production", "backend");
        awaitLatest(connection, l -> deployments(l.get(existing)) == 1);
        await().atMost(WAIT).until(() -> outboxRows(connection) == 0);
        Map<TopicPartition, Long> end = endOffsets();

        // as a crash after the commit and before the publication leaves them: one rollup that exists, one that does not
        Instant changedAt = Instant.parse("2026-05-11T08:00:00.123456Z");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO metrics_outbox (connection_id, day, service, env, team, changed_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (LocalDate day : List.of(DAY, DAY.minusDays(1))) {
                ps.setObject(1, connection);
                ps.setObject(2, day);
                ps.setString(3, "checkout");
                ps.setString(4, "production");
                ps.setString(5, "backend");
                ps.setTimestamp(6, Timestamp.from(changedAt));
                ps.addBatch();
            }
            ps.executeBatch();
        }

        String missing = key(connection, DAY.minusDays(1), "checkout", "production", "backend");
        Map<String, ConsumerRecord<String, byte[]>> published = awaitLatest(connection, end,
                l -> l.containsKey(existing) && l.containsKey(missing));
        assertEquals(1, deployments(published.get(existing)));
        assertEquals(changedAt.toString(), json(published.get(existing).value()).get("updatedAt").asText());
        assertNull(published.get(missing).value(), "a rollup that does not exist is a tombstone");
        await().atMost(WAIT).until(() -> outboxRows(connection) == 0);
        given().when().get(management.resolve("/q/metrics")).then().statusCode(200).body(containsString("dorastream_metrics_outbox_depth"));
    }

    /**
     * The triggers that fill the outbox, statement by statement in one transaction that is rolled back (the drain sees
     * none of it): a key is enqueued, once, by a statement that inserts, changes, moves or deletes its row, and not by
     * one that rewrites it as it was; each enqueueing takes a new seq.
     */
    @Test
    void theOutboxHoldsTheKeysAStatementChanged() throws Exception {
        UUID connection = UUID.randomUUID();
        String daily = "INSERT INTO deployment_daily (connection_id, day, service, env, team, deployments, cf_failed, cf_stable,"
                + " cf_pending, link_failed, type_known, rework, lead_times, cf_recovery, link_recovery, cf_remediation,"
                + " link_remediation) SELECT ?, d::date, 'checkout', 'production', '', 1, 0, 1, 0, 0, 0, 0, '{60}', '{}', '{}', '{}',"
                + " '{}' FROM generate_series(?::date, ?::date, '1 day') AS d";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Outbox outbox = new Outbox(c, connection);
                execute(c, daily, connection, DAY, DAY.plusDays(2)); // three rows in one statement
                assertEquals(Map.of(DAY, 1L, DAY.plusDays(1), 1L, DAY.plusDays(2), 1L), outbox.changesSince());

                String update = "UPDATE deployment_daily SET deployments = deployments + ? WHERE connection_id = ? AND day >= ?";
                execute(c, update, 0, connection, DAY); // rewritten as they were
                assertEquals(Map.of(), outbox.changesSince());
                execute(c, update.replace("deployments + ?", "CASE WHEN day = ?::date THEN 5 ELSE deployments END"),
                        DAY.plusDays(1), connection, DAY); // one of the three changed
                assertEquals(Map.of(DAY.plusDays(1), 1L), outbox.changesSince());
                execute(c, "UPDATE deployment_daily SET day = day + 7 WHERE connection_id = ? AND day = ?", connection, DAY);
                assertEquals(Map.of(DAY, 1L, DAY.plusDays(7), 1L), outbox.changesSince(), "a moved row: both keys");
                execute(c, daily + " ON CONFLICT (connection_id, day, service, env, team) DO UPDATE SET deployments = 9",
                        connection, DAY.plusDays(2), DAY.plusDays(3)); // one updated, one inserted by one upsert
                assertEquals(Map.of(DAY.plusDays(2), 1L, DAY.plusDays(3), 1L), outbox.changesSince());
                execute(c, "DELETE FROM deployment_daily WHERE connection_id = ? AND day <= ?", connection, DAY.plusDays(2));
                assertEquals(Map.of(DAY.plusDays(1), 1L, DAY.plusDays(2), 1L), outbox.changesSince());
                assertEquals(5, queryLong(c, "SELECT count(*) FROM metrics_outbox WHERE connection_id = ?", connection),
                        "one row per key, however often it changed");
            } finally {
                c.rollback();
            }
        }
    }

    /** The outbox rows of one connection whose seq moved since the last look, per day (how many rows: 1 each). */
    private static final class Outbox {
        private final Connection c;
        private final UUID connection;
        private final Map<LocalDate, Long> seen = new HashMap<>();

        Outbox(Connection c, UUID connection) {
            this.c = c;
            this.connection = connection;
        }

        Map<LocalDate, Long> changesSince() throws java.sql.SQLException {
            Map<LocalDate, Long> changed = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT day, seq FROM metrics_outbox WHERE connection_id = ?")) {
                ps.setObject(1, connection);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        LocalDate day = rs.getObject(1, LocalDate.class);
                        long seq = rs.getLong(2);
                        if (!Long.valueOf(seq).equals(seen.put(day, seq))) {
                            changed.merge(day, 1L, Long::sum);
                        }
                    }
                }
            }
            return changed;
        }
    }

    private static void execute(Connection c, String sql, Object... params) throws java.sql.SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            ps.execute();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String key(UUID connection, LocalDate day, String service, String env, String team) {
        return new RollupKey(connection, day, service, env, team).kafkaKey();
    }

    private long outboxRows(UUID connection) throws Exception {
        return queryLong("SELECT count(*) FROM metrics_outbox WHERE connection_id = ?", connection);
    }

    private static JsonNode json(byte[] value) throws IOException {
        return DoraJson.mapper().readTree(value);
    }

    /** The rollup's deployment count in a record; -1 for no record or a tombstone. */
    private static long deployments(ConsumerRecord<String, byte[]> r) {
        try {
            return r == null || r.value() == null ? -1 : json(r.value()).get("deployments").asLong();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        p.put("enable.auto.commit", "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static Map<TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            return consumer.endOffsets(partitions(consumer));
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
        return consumer.partitionsFor(Topics.METRICS).stream().map(i -> new TopicPartition(Topics.METRICS, i.partition())).toList();
    }

    private static Map<String, ConsumerRecord<String, byte[]>> awaitLatest(UUID connection,
            Predicate<Map<String, ConsumerRecord<String, byte[]>>> done) {
        return awaitLatest(connection, Map.of(), done);
    }

    /**
     * Reads the metrics topic from {@code from} (its beginning where absent) until {@code done} holds for
     * the latest record per key of the connection's rollups; returns those.
     */
    private static Map<String, ConsumerRecord<String, byte[]>> awaitLatest(UUID connection, Map<TopicPartition, Long> from,
            Predicate<Map<String, ConsumerRecord<String, byte[]>>> done) {
        Map<String, ConsumerRecord<String, byte[]>> latest = new HashMap<>();
        String prefix = "[\"" + connection + "\",";
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            from.forEach(consumer::seek);
            await().atMost(WAIT).pollInSameThread().pollInterval(Duration.ofMillis(50)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.key().startsWith(prefix)) {
                        latest.put(r.key(), r);
                    }
                }
                return done.test(latest);
            });
        }
        return latest;
    }
}
