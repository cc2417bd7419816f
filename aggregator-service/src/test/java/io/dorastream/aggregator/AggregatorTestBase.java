package io.dorastream.aggregator;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.devstack.testing.KafkaTestResource;
import io.dorastream.devstack.testing.PostgresTestResource;
import io.dorastream.events.Deployment;
import io.dorastream.events.DoraJson;
import io.dorastream.events.EventEnvelope;
import io.dorastream.events.EventRecords;
import io.dorastream.events.Incident;
import io.dorastream.events.Stream;
import io.dorastream.events.SyncWatermark;
import io.dorastream.events.Topics;
import io.dorastream.events.serde.JsonSerializer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Shared set-up of every {@code @QuarkusTest} of the module: one broker and one database per test JVM
 * (so one Quarkus boot), plus helpers to publish contract records, wait for the consumer, read the
 * tables, the summary endpoint and the dead-letter topics.
 */
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "aggregator"), scope = TestResourceScope.GLOBAL, parallel = true)
public abstract class AggregatorTestBase {

    public static final String TOKEN = "Bearer test-internal-token";
    protected static final String SITE = "datadoghq.eu";
    protected static final Duration WAIT = Duration.ofSeconds(30);

    private static KafkaProducer<String, byte[]> producer;
    private static final JsonSerializer<Object> JSON = new JsonSerializer<>();

    @Inject
    protected DataSource dataSource;

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    protected static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    // ------------------------------------------------------------------ events

    protected static Deployment deployment(String service, String env, String team, Instant startedAt, Instant finishedAt) {
        return new Deployment(service, env, team, "v1.0.0", startedAt, finishedAt, List.of(), null, null, null, null,
                "standard", List.of(), List.of(), 0, 0, 10.0, "ci", startedAt, null);
    }

    /** A deployment of 10 seconds finishing at {@code finishedAt}. */
    protected static Deployment deployment(String service, String env, String team, Instant finishedAt) {
        return deployment(service, env, team, finishedAt.minusSeconds(10), finishedAt);
    }

    protected static Incident incident(String service, Instant startedAt, Instant finishedAt) {
        return new Incident("Checkout returns 500", "SEV-2", List.of(service), List.of("production"), List.of("backend"),
                "v1.0.0", startedAt, finishedAt, null, List.of(), null);
    }

    protected static <T> EventEnvelope<T> envelope(UUID connection, String eventId, long version, T event) {
        ObjectNode raw = DoraJson.mapper().createObjectNode().put("note", "raw attributes");
        return new EventEnvelope<>(eventId, connection, SITE, Instant.now(), version, EventEnvelope.SCHEMA_VERSION, event, raw);
    }

    protected static byte[] json(Object value) {
        return JSON.serialize("test", value);
    }

    protected static Headers headers(Stream stream, UUID connection, String eventId, long version, boolean deleted) {
        return EventRecords.headers(stream, connection, eventId, SITE, version, Instant.now(), deleted);
    }

    /** Sends a deployment; returns where it went. */
    protected static RecordMetadata sendDeployment(UUID connection, String eventId, long version, Deployment d) {
        return send(Topics.DEPLOYMENTS, connection + ":" + eventId, json(envelope(connection, eventId, version, d)),
                headers(Stream.DEPLOYMENTS, connection, eventId, version, false));
    }

    protected static void sendDeploymentTombstone(UUID connection, String eventId, long version) {
        send(Topics.DEPLOYMENTS, connection + ":" + eventId, null, headers(Stream.DEPLOYMENTS, connection, eventId, version, true));
    }

    /** Sends a failure; returns where it went. */
    protected static RecordMetadata sendIncident(UUID connection, String eventId, long version, Incident i) {
        return send(Topics.INCIDENTS, connection + ":" + eventId, json(envelope(connection, eventId, version, i)),
                headers(Stream.FAILURES, connection, eventId, version, false));
    }

    protected static void sendIncidentTombstone(UUID connection, String eventId, long version) {
        send(Topics.INCIDENTS, connection + ":" + eventId, null, headers(Stream.FAILURES, connection, eventId, version, true));
    }

    /** A watermark without offsets (schema version 1: applicable at once). */
    protected static void sendWatermark(UUID connection, String stream, Instant watermark) {
        SyncWatermark w = new SyncWatermark(connection, stream, watermark, Instant.now(), 1);
        send(Topics.SYNC, w.key(), json(w), new RecordHeaders());
    }

    /** A watermark covering the event records before {@code offsets} (per partition of the stream's topic). */
    protected static void sendWatermark(UUID connection, String stream, Instant watermark, Map<Integer, Long> offsets) {
        SyncWatermark w = new SyncWatermark(connection, stream, watermark, Instant.now(), SyncWatermark.SCHEMA_VERSION, offsets);
        send(Topics.SYNC, w.key(), json(w), new RecordHeaders());
    }

    /** The retirement of a connection's stream: a tombstone on its sync key. */
    protected static void sendRetirement(UUID connection, String stream) {
        send(Topics.SYNC, SyncWatermark.key(connection, stream), null, new RecordHeaders());
    }

    /** Sends one record and waits for the broker's acknowledgement (so records of a test keep their order); returns where it went. */
    protected static RecordMetadata send(String topic, String key, byte[] value, Headers headers) {
        try {
            return producer().send(new ProducerRecord<>(topic, null, key, value, headers)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrapServers());
            p.put("acks", "all");
            p.put("linger.ms", "0");
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    // ------------------------------------------------------------------ barriers

    /*
     * The contract topics have one partition in tests and each channel applies its batches in order, so
     * once a marker record sent after a test's records is applied, every earlier record has been handled.
     */

    /** Waits until every deployment record sent so far has been consumed. */
    protected void awaitDeploymentsConsumed() {
        UUID marker = UUID.randomUUID();
        sendDeployment(marker, "marker", 1, deployment("marker", "production", null, Instant.parse("2020-01-01T00:00:00Z")));
        await().atMost(WAIT).until(() -> rowCount("deployment", marker) == 1);
    }

    /** Waits until every incident record sent so far has been consumed. */
    protected void awaitIncidentsConsumed() {
        UUID marker = UUID.randomUUID();
        sendIncident(marker, "marker", 1, incident("marker", Instant.parse("2020-01-01T00:00:00Z"), null));
        await().atMost(WAIT).until(() -> rowCount("incident", marker) == 1);
    }

    /** Waits until every watermark sent so far has been consumed. */
    protected void awaitWatermarksConsumed() {
        UUID marker = UUID.randomUUID();
        sendWatermark(marker, "deployments", Instant.parse("2020-01-01T00:00:00Z"));
        await().atMost(WAIT).until(() -> rowCount("sync_watermark", marker) == 1);
    }

    // ------------------------------------------------------------------ database

    protected long rowCount(String table, UUID connection) throws SQLException {
        return queryLong("SELECT count(*) FROM " + table + " WHERE connection_id = ?", connection);
    }

    /** The deployment row of an event: version, deleted, window_at; null when there is none. */
    protected Map<String, Object> deploymentRow(UUID connection, String eventId) throws SQLException {
        return row("SELECT version, deleted, window_at, service, env, team FROM deployment WHERE connection_id = ? AND event_id = ?",
                connection, eventId);
    }

    protected Map<String, Object> incidentRow(UUID connection, String eventId) throws SQLException {
        return row("SELECT version, deleted, services, started_at, finished_at, event FROM incident"
                + " WHERE connection_id = ? AND event_id = ?", connection, eventId);
    }

    /** The rollup's per-day rows of a connection (summed over service/env/team); a row left without deployments is deleted. */
    protected Map<LocalDate, Long> rollup(UUID connection) throws SQLException {
        Map<LocalDate, Long> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT day, sum(deployments) FROM deployment_daily WHERE connection_id = ? GROUP BY day")) {
            ps.setObject(1, connection);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, LocalDate.class), rs.getLong(2));
                }
            }
        }
        return out;
    }

    protected long queryLong(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return queryLong(c, sql, params);
        }
    }

    /** The first column of the first row, read on {@code c} (inside its transaction). */
    protected static long queryLong(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A statement on {@code c} with its parameters bound in order. */
    protected static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }

    private Map<String, Object> row(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql, params);
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            Map<String, Object> out = new HashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                Object v = rs.getObject(i);
                if (v instanceof java.sql.Timestamp t) {
                    v = t.toInstant();
                } else if (v instanceof java.sql.Array a) {
                    v = List.of((Object[]) a.getArray());
                } else if (v != null && v.getClass().getName().equals("org.postgresql.util.PGobject")) {
                    v = v.toString();
                }
                out.put(rs.getMetaData().getColumnLabel(i), v);
            }
            return out;
        }
    }

    // ------------------------------------------------------------------ REST

    protected static RequestSpecification authorized() {
        return given().header("Authorization", TOKEN);
    }

    /** Asks for a rebuild (answered at once with {@code 202}) and waits until it has finished; returns its status. */
    protected static JsonPath rebuildAndWait() {
        String startedAt = authorized().when().post("/internal/admin/rebuild").then().statusCode(202)
                .header("Location", "/internal/admin/rebuild").extract().jsonPath().getString("startedAt");
        await().atMost(WAIT).until(() -> !"running".equals(rebuildStatus().getString("state")));
        JsonPath done = rebuildStatus();
        assertEquals(startedAt, done.getString("startedAt"), "the rebuild this call started");
        assertEquals("succeeded", done.getString("state"), done.prettify());
        return done;
    }

    protected static JsonPath rebuildStatus() {
        return authorized().when().get("/internal/admin/rebuild").then().statusCode(200).extract().jsonPath();
    }

    /**
     * The summary of a window; {@code filters} are name/value pairs, a name may repeat
     * ({@code "service", "a", "service", "b"}).
     */
    protected static JsonPath summary(String from, String to, String... filters) {
        RequestSpecification spec = authorized().queryParam("from", from).queryParam("to", to);
        Map<String, List<String>> multi = new java.util.LinkedHashMap<>();
        for (int i = 0; i < filters.length; i += 2) {
            multi.computeIfAbsent(filters[i], k -> new java.util.ArrayList<>()).add(filters[i + 1]);
        }
        multi.forEach((name, values) -> spec.queryParam(name, values));
        return spec.when().get("/internal/metrics/summary").then().statusCode(200).extract().jsonPath();
    }

    protected static long count(String from, String to, String... filters) {
        return summary(from, to, filters).getLong("deploymentFrequency.count");
    }

    // ------------------------------------------------------------------ dead letters

    /** Reads {@code topic} from its beginning until a record of every key is found; returns the last one per key. */
    protected static Map<String, ConsumerRecord<String, byte[]>> awaitDeadLetters(String topic, Set<String> keys) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        p.put("enable.auto.commit", "false");
        Map<String, ConsumerRecord<String, byte[]>> found = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(WAIT).pollInSameThread().pollInterval(Duration.ofMillis(50)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (keys.contains(r.key())) {
                        found.put(r.key(), r);
                    }
                }
                return found.keySet().containsAll(keys);
            });
        }
        return found;
    }

    protected static String header(ConsumerRecord<String, byte[]> r, String name) {
        return EventRecords.text(r.headers(), name);
    }

    protected static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
