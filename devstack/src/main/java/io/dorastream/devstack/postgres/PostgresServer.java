package io.dorastream.devstack.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.dorastream.devstack.Ports;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server from binaries shipped as Maven artifacts, on a free loopback port, with
 * one database per service. The data directory is kept across restarts unless it is new.
 */
public final class PostgresServer implements AutoCloseable {

    /** The databases of the services: each service migrates its own with Flyway. */
    public static final List<String> SERVICE_DATABASES = List.of("connector", "aggregator");
    public static final String USER = "postgres";

    private static final int START_ATTEMPTS = 3;

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private boolean closed;

    private PostgresServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /** Starts PostgreSQL with its cluster in {@code dataDir} and creates the service databases that are missing. */
    public static PostgresServer start(Path dataDir) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                PostgresServer server = new PostgresServer(startOnce(dataDir, Ports.free()), dataDir);
                server.createDatabases(SERVICE_DATABASES);
                return server;
            } catch (IOException e) {
                last = new UncheckedIOException(e);
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new IllegalStateException("PostgreSQL did not start in " + dataDir, last);
    }

    private static EmbeddedPostgres startOnce(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        Path binaries = dataDir.getParent().resolve("postgres-binaries");
        Files.createDirectories(binaries);
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binaries.toFile())
                .setPort(port)
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .start();
    }

    /**
     * Stops this server and starts it again on the same port and data (an outage of the database as
     * clients see it: their connections break, new ones are refused until it is back).
     *
     * @param down how long the database stays down
     * @return the running server; this one is closed
     */
    public PostgresServer restarted(java.time.Duration down) throws InterruptedException {
        int port = port();
        close();
        Thread.sleep(down.toMillis());
        RuntimeException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return new PostgresServer(startOnce(dataDir, port), dataDir);
            } catch (IOException e) {
                last = new UncheckedIOException(e);
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new IllegalStateException("PostgreSQL did not start again on port " + port, last);
    }

    /** Creates each database that does not exist yet. */
    public void createDatabases(List<String> names) {
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            for (String name : names) {
                if (!name.matches("[a-z_][a-z0-9_]*")) {
                    throw new IllegalArgumentException("not a plain database name: " + name);
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    ps.setString(1, name);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            continue;
                        }
                    }
                }
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create databases " + names + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
        }
    }
}
