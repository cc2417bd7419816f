package io.dorastream.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.devstack.Ports;
import io.dorastream.devstack.kafka.KafkaBroker;
import io.dorastream.devstack.postgres.PostgresServer;
import io.dorastream.devstack.run.ServiceProcess;
import io.dorastream.devstack.simulator.DatadogSimulator;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.events.DoraJson;

/**
 * PostgreSQL, a Kafka broker and the Datadog simulator in this JVM, and packaged service processes
 * against them (connector replicas, and for the chaos run an aggregator and a gateway): the ground for
 * tests that kill services, restart the broker or the database, or run several replicas, which
 * {@code LocalStack} (one process per service, always stopped gracefully) does not cover. It keeps
 * every answer the tests receive, so that they can be searched for credentials along with logs and topics.
 */
final class ConnectorRig implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Times with their offset, so that the logs of several processes go on one time line. */
    private static final String LOG_FORMAT = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5p [%c{3.}] (%t) %s%e%n";

    private final Path dataDir;
    private final String internalToken = randomHex(40);
    private final String cryptoKey;
    private volatile PostgresServer postgres;
    private volatile KafkaBroker kafka;
    private final DatadogSimulator simulator;
    private final List<ServiceProcess> connectors = new CopyOnWriteArrayList<>();
    /** Every process started, with what it takes to start it again on the same ports. */
    private final Map<ServiceProcess, Launch> launches = new java.util.concurrent.ConcurrentHashMap<>();

    /** How a process was started: its module (the quarkus-app), name, ports and settings. */
    private record Launch(String module, String name, int port, int managementPort, Map<String, String> settings) {
    }
    private final List<String> answers = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ConnectorRig(Path dataDir, PostgresServer postgres, KafkaBroker kafka, DatadogSimulator simulator) {
        this.dataDir = dataDir;
        this.postgres = postgres;
        this.kafka = kafka;
        this.simulator = simulator;
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        this.cryptoKey = Base64.getEncoder().encodeToString(key);
    }

    /** Starts PostgreSQL, Kafka (with the contract's topics) and a simulator with {@code config}, in a new temporary directory. */
    static ConnectorRig start(SimulatorConfig config) {
        Path data;
        try {
            data = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "connector-rig-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("[rig] data in " + data);
        PostgresServer postgres = PostgresServer.start(data.resolve("postgres"));
        KafkaBroker kafka = null;
        try {
            kafka = KafkaBroker.start(data.resolve("kafka"));
            kafka.createTopics("", 3);
            return new ConnectorRig(data, postgres, kafka, DatadogSimulator.start(config));
        } catch (RuntimeException | Error e) {
            if (kafka != null) {
                kafka.close();
            }
            postgres.close();
            throw e;
        }
    }

    /** A random lower-case hex string, the form of Datadog's API ({@code 32}) and application ({@code 40}) keys. */
    static String randomHex(int length) {
        byte[] b = new byte[(length + 1) / 2];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b).substring(0, length);
    }

    DatadogSimulator simulator() {
        return simulator;
    }

    /**
     * Starts a connector-service process named {@code name} (its working directory and log are
     * {@code services/<name>}) on the shared database and broker, with {@code extra} settings on top
     * of the common ones, and waits until it is ready.
     */
    ServiceProcess startConnector(String name, Map<String, String> extra) {
        return startConnectors(Map.of(name, extra)).get(0);
    }

    /** Starts several connectors at once (name to extra settings, see {@link #startConnector}) and waits until all are ready. */
    List<ServiceProcess> startConnectors(Map<String, Map<String, String>> extraByName) {
        List<ServiceProcess> started = launchConnectors(extraByName);
        started.forEach(p -> p.awaitReady(Duration.ofSeconds(120)));
        return started;
    }

    /** {@link #startConnectors} without waiting until they are ready; in the order of their names. */
    List<ServiceProcess> launchConnectors(Map<String, Map<String, String>> extraByName) {
        List<ServiceProcess> started = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : new TreeMap<>(extraByName).entrySet()) {
            Map<String, String> settings = common();
            settings.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl("connector"));
            settings.put("dorastream.datadog.api-url", simulator.baseUri().toString());
            settings.put("dorastream.crypto.active-key", "rig");
            settings.put("dorastream.crypto.keys.rig", cryptoKey);
            settings.putAll(e.getValue());
            ServiceProcess p = launch(new Launch("connector-service", e.getKey(), Ports.free(), Ports.free(), settings));
            connectors.add(p);
            started.add(p);
        }
        return started;
    }

    /** Starts an aggregator-service process named {@code name} on the shared database and broker, without waiting for it. */
    ServiceProcess startAggregator(String name, Map<String, String> extra) {
        Map<String, String> settings = common();
        settings.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl("aggregator"));
        settings.putAll(extra);
        return launch(new Launch("aggregator-service", name, Ports.free(), Ports.free(), settings));
    }

    /**
     * Starts an api-gateway process named {@code name} in front of these backends (as one Kubernetes
     * Service would front one of them) with an admin token, without waiting for it.
     */
    ServiceProcess startGateway(String name, ServiceProcess connector, ServiceProcess aggregator, String adminToken,
            Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("dorastream.internal-token", internalToken);
        settings.put("dorastream.auth.admin-token", adminToken);
        settings.put("quarkus.rest-client.connector.url", connector.baseUri().toString());
        settings.put("quarkus.rest-client.aggregator.url", aggregator.baseUri().toString());
        settings.put("quarkus.rest-client.connector-management.url", connector.managementUri().toString());
        settings.put("quarkus.rest-client.aggregator-management.url", aggregator.managementUri().toString());
        settings.put("quarkus.log.console.format", LOG_FORMAT);
        settings.putAll(extra);
        return launch(new Launch("api-gateway", name, Ports.free(), Ports.free(), settings));
    }

    /**
     * Starts a process that was killed (or stopped) again: same name, working directory and log (appended), ports
     * and settings; returns it once ready. It takes the old one's place in this rig.
     */
    ServiceProcess startAgain(ServiceProcess dead, Duration readyTimeout) {
        ServiceProcess p = startAgain(dead);
        p.awaitReady(readyTimeout);
        return p;
    }

    /** {@link #startAgain(ServiceProcess, Duration)} without waiting until it is ready. */
    ServiceProcess startAgain(ServiceProcess dead) {
        if (dead.alive()) {
            throw new IllegalStateException(dead.name() + " is still running");
        }
        Launch launch = launches.remove(dead);
        if (launch == null) {
            throw new IllegalArgumentException(dead.name() + " was not started by this rig");
        }
        ServiceProcess p = launch(launch);
        if (connectors.remove(dead)) {
            connectors.add(p);
        }
        return p;
    }

    /** Restarts the Kafka broker on the same address and data, down for {@code down}. */
    void restartKafka(Duration down) throws InterruptedException {
        kafka = kafka.restarted(down);
    }

    /** Restarts PostgreSQL on the same port and data, down for {@code down}. */
    void restartPostgres(Duration down) throws InterruptedException {
        postgres = postgres.restarted(down);
    }

    /** Settings every service of the rig shares: the service token, the broker, the database login, the log format. */
    private Map<String, String> common() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("dorastream.internal-token", internalToken);
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        settings.put("quarkus.datasource.username", PostgresServer.USER);
        settings.put("quarkus.datasource.password", "postgres");
        settings.put("quarkus.log.console.format", LOG_FORMAT);
        return settings;
    }

    private ServiceProcess launch(Launch l) {
        Path root = Path.of(System.getProperty("dorastream.root", "..")).toAbsolutePath().normalize();
        Path app = root.resolve(l.module()).resolve(System.getProperty("dorastream.build.subdir", "target")).resolve("quarkus-app");
        ServiceProcess p = ServiceProcess.start(l.name(), app, dataDir.resolve("services").resolve(l.name()), l.port(),
                l.managementPort(), l.settings(), ServiceProcess.jvmFlags(l.module()));
        launches.put(p, l);
        return p;
    }

    /** The service token of the {@code /internal} APIs. */
    String internalToken() {
        return internalToken;
    }

    /** A call to a connector's internal API with the service token; fails unless it answers {@code expected}. */
    JsonNode call(ServiceProcess connector, String method, String path, String body, int expected) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(connector.baseUri().resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + internalToken).header("Accept", "application/json");
        rb = body == null ? rb.method(method, HttpRequest.BodyPublishers.noBody())
                : rb.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        String answer = send(rb.build());
        int status = Integer.parseInt(answer.substring(0, 3));
        String text = answer.substring(4);
        if (status != expected) {
            fail(method + " " + path + " answered " + status + ": " + text);
        }
        try {
            return text.isEmpty() ? DoraJson.mapper().nullNode() : DoraJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " answered no JSON: " + text, e);
        }
    }

    /** The connector's {@code /q/metrics} text, from its management interface (kept with the other answers). */
    String metrics(ServiceProcess connector) {
        String answer = send(HttpRequest.newBuilder(connector.managementUri().resolve("/q/metrics")).timeout(Duration.ofSeconds(30))
                .header("Accept", "text/plain").build());
        assertEquals("200", answer.substring(0, 3), "/q/metrics: " + answer);
        return answer.substring(4);
    }

    /** Status and body as {@code "<status> <body>"}; every body is kept. */
    private String send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            answers.add(r.headers().map() + "\n" + r.body());
            return r.statusCode() + " " + r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Creates a connection to the simulator through {@code connector}; returns its id. */
    String createConnection(ServiceProcess connector, String name, String apiKey, String appKey, int backfillDays,
            int pollIntervalSeconds) {
        return createConnection(connector, name, apiKey, appKey, null, backfillDays, pollIntervalSeconds);
    }

    /** @param query the connection's query, or null; the connector refuses a second connection with the same key and query */
    String createConnection(ServiceProcess connector, String name, String apiKey, String appKey, String query,
            int backfillDays, int pollIntervalSeconds) {
        ObjectNode body = DoraJson.mapper().createObjectNode();
        if (query != null) {
            body.put("query", query);
        }
        body.put("name", name);
        body.put("site", "datadoghq.com");
        body.put("apiKey", apiKey);
        body.put("appKey", appKey);
        body.put("backfillDays", backfillDays);
        body.put("pollIntervalSeconds", pollIntervalSeconds);
        return call(connector, "POST", "/internal/connections", body.toString(), 201).path("id").asText();
    }

    /** {@code streams} of {@code GET /internal/connections/{id}/sync}. */
    JsonNode streams(ServiceProcess connector, String connectionId) {
        return call(connector, "GET", "/internal/connections/" + connectionId + "/sync", null, 200).path("streams");
    }

    /** A JDBC connection to the connector's database. */
    Connection connectorDatabase() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl("connector"), PostgresServer.USER, "postgres");
    }

    /** A JDBC connection to the aggregator's database. */
    Connection aggregatorDatabase() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl("aggregator"), PostgresServer.USER, "postgres");
    }

    /** The names of the {@code dora.*} topics on the broker. */
    List<String> doraTopics() {
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            return c.listTopics(Duration.ofSeconds(30)).keySet().stream().filter(t -> t.startsWith("dora.")).sorted().toList();
        }
    }

    /** Every record of the topics, from the beginning to the end offsets at the time of the call. */
    List<ConsumerRecord<byte[], byte[]>> readAll(Collection<String> topics) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            List<TopicPartition> partitions = topics.stream()
                    .flatMap(t -> c.partitionsFor(t, Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition())))
                    .toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    fail("could not read " + topics + " to their end offsets " + end);
                }
                c.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        out.add(r);
                    }
                });
            }
        }
        return out;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "system-test-" + UUID.randomUUID(),
                "enable.auto.commit", "false",
                "max.partition.fetch.bytes", 16 * 1024 * 1024), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Asserts that no secret appears, not even without the last 4 characters a hint shows (so a
     * truncated one is found too), in the files of the connectors' working directories (their captured stdout and stderr, any
     * log file), in any record of a {@code dora.*} topic (key, value, headers) or in any answer
     * received. Call it after {@link #metrics} so that the metrics are searched as well.
     */
    void assertNoSecretAnywhere(Collection<String> secrets) {
        List<String> needles = secrets.stream().map(s -> s.substring(0, s.length() - 4)).toList();
        int files = 0;
        try (Stream<Path> walk = Files.walk(dataDir.resolve("services"))) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                files++;
                assertAbsent(needles, new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1), "file " + f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(files >= connectors.size(), "a log per connector process");
        List<String> topics = doraTopics();
        List<ConsumerRecord<byte[], byte[]>> records = readAll(topics);
        assertTrue(!records.isEmpty(), "records to search on " + topics);
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String where = r.topic() + "-" + r.partition() + "@" + r.offset();
            assertAbsent(needles, text(r.key()), "key of " + where);
            assertAbsent(needles, text(r.value()), "value of " + where);
            for (Header h : r.headers()) {
                assertAbsent(needles, h.key() + "=" + text(h.value()), "header of " + where);
            }
        }
        for (String secret : secrets) {
            String hint = "…" + secret.substring(secret.length() - 4);
            assertTrue(answers.stream().anyMatch(a -> a.contains(hint)), "an answer shows the hint " + hint
                    + " of a key searched for");
        }
        for (String a : answers) {
            assertAbsent(needles, a, "an answer of the connector");
        }
        System.out.printf("[rig] no credential in %d files, %d records of %s, %d answers%n", files, records.size(), topics,
                answers.size());
    }

    private static void assertAbsent(List<String> needles, String haystack, String where) {
        for (String n : needles) {
            if (haystack.contains(n)) {
                fail("a credential (" + n.substring(0, 4) + "…) appears in " + where);
            }
        }
    }

    private static String text(byte[] b) {
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }

    /** Stops the processes still running (gracefully), the simulator, Kafka and PostgreSQL. */
    @Override
    public void close() {
        for (ServiceProcess p : launches.keySet()) {
            Optional.of(p).filter(ServiceProcess::alive).ifPresent(ServiceProcess::close);
        }
        simulator.close();
        kafka.close();
        postgres.close();
    }
}
