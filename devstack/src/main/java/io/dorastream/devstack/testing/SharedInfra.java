package io.dorastream.devstack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.dorastream.devstack.kafka.KafkaBroker;
import io.dorastream.devstack.postgres.PostgresServer;

/**
 * One Kafka broker and one PostgreSQL server per JVM, started on first use in a temporary directory
 * and stopped when the JVM exits. Tests share them and never stop them.
 */
public final class SharedInfra {

    private static KafkaBroker kafka;
    private static PostgresServer postgres;
    private static Path root;

    private SharedInfra() {
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafka = KafkaBroker.start(root().resolve("kafka"));
            kafka.createTopics("", 1);
        }
        return kafka;
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = PostgresServer.start(root().resolve("postgres"));
        }
        return postgres;
    }

    /** Stops the shared PostgreSQL for {@code down} and starts it again on the same port and data. */
    public static synchronized void restartPostgres(java.time.Duration down) throws InterruptedException {
        postgres = postgres().restarted(down);
    }

    private static Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("devstack-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(SharedInfra::stopAll, "devstack-shutdown"));
        }
        return root;
    }

    private static synchronized void stopAll() {
        RuntimeException failure = null;
        for (AutoCloseable c : new AutoCloseable[] { kafka, postgres }) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    failure = failure == null ? new IllegalStateException("devstack stop failed", e) : failure;
                }
            }
        }
        deleteTree(root);
        if (failure != null) {
            failure.printStackTrace();
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: it lives in a temporary directory
        }
    }
}
