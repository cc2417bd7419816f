package io.dorastream.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dorastream.devstack.Ports;
import io.dorastream.devstack.run.ServiceProcess;

/**
 * A service packaged with a class-data archive, as {@code ./dorastream} packages them (Quarkus's
 * {@code quarkus.package.jar.appcds.enabled}), starts from that archive and with the settings of its own working
 * directory: {@link ServiceProcess} then runs it in its {@code quarkus-app} directory, because the archive records
 * the class path relative to it, and points {@code quarkus.config.locations} at the settings file. The test command
 * packages without archives, so the test makes one as the JDK does for any application and as Quarkus's build step
 * does (a run in {@code quarkus-app} with {@code -XX:ArchiveClassesAtExit} and {@code -jar quarkus-run.jar}, here
 * ended by a graceful stop), on a copy of the gateway's {@code quarkus-app}.
 */
class ArchivedStartIT {

    private static final String SERVICE = "api-gateway";
    /** What the JVM maps when it uses a dynamic archive: the archive file itself. */
    private static final Path MAPS = Path.of("/proc/self/maps");

    private static Path data;
    private static Path app;

    @BeforeAll
    static void copyTheBuiltService() throws IOException {
        Path root = Path.of(System.getProperty("dorastream.root", "..")).toAbsolutePath().normalize();
        Path built = root.resolve(SERVICE).resolve(System.getProperty("dorastream.build.subdir", "target")).resolve("quarkus-app");
        assertTrue(Files.isRegularFile(built.resolve("quarkus-run.jar")), SERVICE + " is not packaged: " + built);
        data = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "archived-start-");
        app = data.resolve("quarkus-app");
        try (Stream<Path> files = Files.walk(built)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = app.resolve(built.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else if (!f.getFileName().toString().equals(ServiceProcess.APPCDS_ARCHIVE)) {
                    Files.copy(f, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @AfterAll
    static void deleteTheCopy() throws IOException {
        if (data != null) {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void aServiceStartsFromItsArchiveAndReadsItsOwnSettings() throws Exception {
        assumeTrue(Files.isReadable(MAPS), "needs /proc to see which files a process maps");

        Path archive = app.resolve(ServiceProcess.APPCDS_ARCHIVE);
        makeArchive(archive);
        assertTrue(Files.size(archive) > 0, "the archive was written at exit: " + archive);

        int port = Ports.free();
        int managementPort = Ports.free();
        try (ServiceProcess gateway = ServiceProcess.start(SERVICE, app, data.resolve("service"), port, managementPort,
                settings(), ServiceProcess.jvmFlags(SERVICE))) {
            assertTrue(gateway.classDataArchive(), "started with the archive");
            // its ports are only in the settings file of its working directory, which it does not run in
            gateway.awaitReady(Duration.ofSeconds(120));
            assertEquals(port, gateway.baseUri().getPort());
            HttpResponse<String> dashboard = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, dashboard.statusCode(), "the dashboard answers on the port of the settings file");

            String maps = Files.readString(Path.of("/proc", Long.toString(gateway.pid()), "maps"));
            assertTrue(maps.contains(archive.toRealPath().toString()),
                    "the JVM mapped the archive (a class path that does not match it is ignored silently):\n"
                            + Files.readString(gateway.log()));
        }
        assertFalse(Files.readString(data.resolve("service").resolve(SERVICE + ".log")).contains("Exception"),
                "the archived start logged no exception");
    }

    /**
     * Runs the copy in its {@code quarkus-app} directory with {@code -XX:ArchiveClassesAtExit}, waits until it is
     * ready, stops it with SIGTERM and waits for the JVM to write the archive and exit.
     */
    private static void makeArchive(Path archive) throws Exception {
        Path config = data.resolve("archiving").resolve("application.properties");
        Files.createDirectories(config.getParent());
        int managementPort = Ports.free();
        Properties p = new Properties();
        p.putAll(settings());
        p.put("quarkus.http.port", Integer.toString(Ports.free()));
        p.put("quarkus.http.host", "127.0.0.1");
        p.put("quarkus.management.port", Integer.toString(managementPort));
        p.put("quarkus.management.host", "127.0.0.1");
        p.put("quarkus.log.console.json.enabled", "false");
        try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            p.store(w, "settings of the run that writes the archive");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ServiceProcess.jvmFlags(SERVICE));
        cmd.add("-XX:ArchiveClassesAtExit=" + archive.getFileName());
        cmd.add("-Dquarkus.config.locations=" + config.toUri());
        cmd.add("-jar");
        cmd.add("quarkus-run.jar");
        Path log = config.resolveSibling("archiving.log");
        Process run = new ProcessBuilder(cmd).directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                assertTrue(run.isAlive(), "the archiving run exited early:\n" + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "the archiving run never got ready:\n" + Files.readString(log));
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            run.destroy(); // SIGTERM: Quarkus stops, the JVM writes the archive on its way out
            assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the archiving run did not exit:\n" + Files.readString(log));
        } finally {
            run.destroyForcibly();
        }
        assertTrue(Files.isRegularFile(archive), "no archive written:\n" + Files.readString(log));
    }

    /** The gateway's settings: its secrets, and downstream services nobody calls here. */
    private static Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("dorastream.internal-token", "archived-start-internal-token-of-32-characters-or-more");
        s.put("dorastream.auth.admin-token", "archived-start-admin-token-of-32-characters-or-more");
        String nowhere = "http://127.0.0.1:" + Ports.free();
        s.put("quarkus.rest-client.connector.url", nowhere);
        s.put("quarkus.rest-client.aggregator.url", nowhere);
        s.put("quarkus.rest-client.connector-management.url", nowhere);
        s.put("quarkus.rest-client.aggregator-management.url", nowhere);
        return s;
    }
}
