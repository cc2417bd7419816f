package io.dorastream.devstack.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import io.dorastream.devstack.Ports;
import io.dorastream.events.TopicInitializer;
import io.dorastream.events.Topics;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), in this JVM, on
 * free loopback ports. Its storage is formatted once in {@code dataDir} and reused on the next
 * start, so a persistent directory keeps the topics across restarts.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final int START_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private boolean closed;

    private KafkaBroker(KafkaRaftServer server, Path dataDir, int port, int controllerPort) {
        this.server = server;
        this.bootstrapServers = "127.0.0.1:" + port;
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Starts a broker storing its data in {@code dataDir} (created and formatted when new). */
    public static KafkaBroker start(Path dataDir) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(dataDir, Ports.free(), Ports.free());
            } catch (RuntimeException e) {
                last = e; // most likely a port taken between probing and binding
            }
        }
        throw new IllegalStateException("Kafka broker did not start in " + dataDir, last);
    }

    private static KafkaBroker startOnce(Path dataDir, int port, int controllerPort) {
        try {
            Path logDir = dataDir.resolve("log");
            Files.createDirectories(logDir);
            Properties props = serverProperties(logDir, port, controllerPort);
            Path config = dataDir.resolve("server.properties");
            try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
                props.store(w, "written by devstack on every start");
            }
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(config);
            }
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            String bootstrap = "127.0.0.1:" + port;
            try {
                server.startup();
                awaitReady(bootstrap, Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                server.shutdown();
                server.awaitShutdown();
                throw e;
            }
            return new KafkaBroker(server, dataDir, port, controllerPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Properties serverProperties(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner's 128 MiB default buffer is allocated up front; compaction works with a small one.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        p.put("message.max.bytes", Integer.toString(Topics.MAX_MESSAGE_BYTES));
        p.put("replica.fetch.max.bytes", Integer.toString(Topics.MAX_MESSAGE_BYTES));
        return p;
    }

    private static void format(Path config) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {
                    "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString(),
                    "--ignore-formatted" }, ps);
        }
        if (rc != 0) {
            throw new IllegalStateException("kafka storage format failed (" + rc + "): " + out.toString(StandardCharsets.UTF_8));
        }
    }

    private static void awaitReady(String bootstrap, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin(bootstrap)) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka broker at " + bootstrap + " not ready after " + timeout, e);
                    }
                    sleep(100);
                }
            }
        }
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Stops this broker and starts it again on the same ports and data (a broker restart as clients
     * see it: their connections break, then the same address answers again with the same topics and offsets).
     *
     * @param down how long the broker stays down
     * @return the running broker; this one is closed
     */
    public KafkaBroker restarted(Duration down) throws InterruptedException {
        close();
        Thread.sleep(down.toMillis());
        RuntimeException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(dataDir, port, controllerPort);
            } catch (RuntimeException e) {
                last = e; // a port not yet released by the stopped broker
                Thread.sleep(1000);
            }
        }
        throw new IllegalStateException("Kafka broker did not start again on port " + port, last);
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates every topic of the contract that is missing, with the given prefix (may be empty). */
    public List<String> createTopics(String prefix, int partitions) {
        try (Admin admin = admin(bootstrapServers)) {
            return TopicInitializer.ensure(admin, Topics.all().stream().map(t -> t.withPrefix(prefix)).toList(),
                    partitions, (short) 1, 30_000);
        }
    }

    /** Stops the broker; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }
}
