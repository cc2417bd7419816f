package io.dorastream.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dorastream.devstack.Ports;
import io.dorastream.devstack.kafka.KafkaBroker;
import io.dorastream.devstack.postgres.PostgresServer;
import io.dorastream.devstack.run.ServiceProcess;

/**
 * Replicas of a service starting at the same moment against one empty database and a broker without
 * the contract's topics — as a Kubernetes Deployment of two replicas does on its first roll-out — all
 * come up: Flyway's migrations run once (its lock in PostgreSQL serialises the instances), and the
 * topic creation of one instance does not fail the other.
 */
class ConcurrentStartIT {

    private static final int REPLICAS = 2;
    private static final List<String> SERVICES = List.of("connector-service", "aggregator-service");

    private static Path data;
    private static PostgresServer postgres;
    private static KafkaBroker kafka;
    private static final List<ServiceProcess> processes = new ArrayList<>();

    @BeforeAll
    static void startEmptyInfrastructure() throws Exception {
        data = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "concurrent-start-");
        postgres = PostgresServer.start(data.resolve("postgres"));
        kafka = KafkaBroker.start(data.resolve("kafka"));
    }

    @AfterAll
    static void stop() {
        processes.forEach(ServiceProcess::close);
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void replicasStartingAtOnceOnAnEmptyDatabaseAllComeUp() throws Exception {
        for (String service : SERVICES) {
            assertEquals(0, migrationsApplied(service), service + "'s database must start empty");
        }
        Path root = Path.of(System.getProperty("dorastream.root", "..")).toAbsolutePath().normalize();
        String buildSubdir = System.getProperty("dorastream.build.subdir", "target");
        // Every process is started before any is waited for, so that their migrations overlap.
        for (String service : SERVICES) {
            for (int i = 1; i <= REPLICAS; i++) {
                String name = service + "-" + i;
                processes.add(ServiceProcess.start(name, root.resolve(service).resolve(buildSubdir).resolve("quarkus-app"),
                        data.resolve("services").resolve(name), Ports.free(), Ports.free(), settings(service),
                        ServiceProcess.jvmFlags(service)));
            }
        }
        for (ServiceProcess p : processes) {
            p.awaitReady(Duration.ofSeconds(180));
        }
        for (ServiceProcess p : processes) {
            assertTrue(p.alive(), p.name() + " is no longer running");
        }

        for (String service : SERVICES) {
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(database(service)), PostgresServer.USER, "postgres");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT version, count(*), bool_and(success) FROM flyway_schema_history"
                            + " WHERE version IS NOT NULL GROUP BY version ORDER BY version")) {
                Map<String, Long> applied = new TreeMap<>();
                while (rs.next()) {
                    assertTrue(rs.getBoolean(3), service + ": migration " + rs.getString(1) + " failed");
                    applied.put(rs.getString(1), rs.getLong(2));
                }
                assertEquals(migrationFiles(root, service), applied.keySet().stream().sorted().toList(),
                        service + ": every migration applied");
                applied.forEach((version, times) -> assertEquals(1L, times, service + ": migration " + version + " applied once"));
            }
        }
    }

    private static String database(String service) {
        return service.substring(0, service.indexOf('-'));
    }

    /** The versions of the service's migration scripts, as Flyway records them ({@code V3__x.sql} → {@code 3}). */
    private static List<String> migrationFiles(Path root, String service) throws Exception {
        try (var files = Files.list(root.resolve(service).resolve("src/main/resources/db/migration"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> n.substring(1, n.indexOf("__"))).sorted().toList();
        }
    }

    private static long migrationsApplied(String service) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(database(service)), PostgresServer.USER, "postgres");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 'flyway_schema_history'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, String> settings(String service) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("dorastream.internal-token", "concurrent-start-internal-token-of-32-characters-or-more"); // prod: at least 32
        s.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        s.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database(service)));
        s.put("quarkus.datasource.username", PostgresServer.USER);
        s.put("quarkus.datasource.password", "postgres");
        if (service.startsWith("connector")) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            s.put("dorastream.crypto.active-key", "start");
            s.put("dorastream.crypto.keys.start", Base64.getEncoder().encodeToString(key));
        }
        return s;
    }
}
