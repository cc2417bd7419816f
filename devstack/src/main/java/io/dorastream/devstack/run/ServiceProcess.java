package io.dorastream.devstack.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One packaged Quarkus service run as a child process: {@code java -jar quarkus-app/quarkus-run.jar}
 * in a working directory of its own whose {@code config/application.properties} carries its
 * settings (secrets stay out of the command line and the environment; a service with a class-data archive,
 * {@link #APPCDS_ARCHIVE}, runs in its {@code quarkus-app} directory and is pointed at that file). Output goes to a log file,
 * as plain text lines (the services log JSON in prod otherwise). The API and the management
 * interface (health, metrics) listen on 127.0.0.1, each on the port given.
 */
public final class ServiceProcess implements AutoCloseable {

    /**
     * The JVM flags the run command, the system tests and the bench start every service with (docs/performance.md,
     * B6), after the service's initial heap ({@link #jvmFlags(String)}): a heap that SerialGC gives back when it is
     * idle (live heaps after a full GC are 15–40 MiB), and {@code MALLOC_ARENA_MAX=2} in the environment
     * ({@link #start}): glibc's per-thread malloc arenas are otherwise a large part of a JVM's resident set.
     * <ul>
     * <li>Not less than 384 MiB of maximum heap: with {@code -Xmx160m} both connectors of a full-size chaos run
     * died of OutOfMemoryError during the backfill (three Kafka producers may each buffer 32 MiB,
     * {@code buffer.memory}'s default).</li>
     * <li>{@code -XX:TrimNativeHeapInterval} where the JVM has it ({@link #trimsNativeHeap}): glibc keeps what the
     * JIT compiler's arenas freed during start-up unless told to give it back.</li>
     * </ul>
     */
    private static final List<String> JVM_FLAGS = commonFlags(Runtime.version());

    /** The module left with the JVM's default initial heap: it ingests in batches ({@link #jvmFlags(String)}). */
    private static final String INGESTING = "aggregator-service";

    /**
     * A service's JVM flags: its initial heap, then {@link #JVM_FLAGS}. By default the initial heap is 1/64 of the
     * machine's memory (385 MiB on 24 GiB) and SerialGC sizes its young generation from it: 116 MiB of eden, which a
     * service touches whole within minutes. From {@code -Xms32m} the heap grows only as far as the work needs (an
     * idle connector 85 MiB less resident). The aggregator keeps the default: it applies batches of records, and
     * each smaller heap measured cost it (docs/performance.md, B6): from {@code -Xms32m} B1 at a tenth of the sizes
     * ran at 1,531 records/s against 1,948; from 96 MiB with a fixed 48 MiB young generation B1 held (1,884) but
     * B2's ratio to the naive statement fell from 3.4 to 2.3–2.9 over two whole runs, for a peak of about 290 MiB
     * resident, still above B6's 256.
     *
     * @param module the service's module name, e.g. {@code connector-service}
     */
    public static List<String> jvmFlags(String module) {
        List<String> flags = new ArrayList<>(INGESTING.equals(module) ? List.of() : List.of("-Xms32m"));
        flags.addAll(JVM_FLAGS);
        return List.copyOf(flags);
    }

    /**
     * The file name of an application class-data archive beside {@code quarkus-run.jar}: Quarkus writes it when
     * the service is packaged with {@code quarkus.package.jar.appcds.enabled=true} (as {@code ./dorastream}
     * builds), and {@link #start} uses it when it is there. It records the class path as {@code quarkus-run.jar},
     * relative to the directory it was made in, so a service using it runs in its {@code quarkus-app} directory.
     */
    public static final String APPCDS_ARCHIVE = "app-cds.jsa";

    static List<String> commonFlags(Runtime.Version java) {
        List<String> flags = new ArrayList<>(List.of("-Xmx384m", "-XX:+UseSerialGC",
                "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30"));
        if (trimsNativeHeap(java)) {
            flags.add("-XX:TrimNativeHeapInterval=5000");
        }
        return List.copyOf(flags);
    }

    /** Whether a JVM knows {@code -XX:TrimNativeHeapInterval} (added in 22, back-ported to 17.0.9 and 21.0.1). */
    static boolean trimsNativeHeap(Runtime.Version java) {
        int feature = java.feature();
        int update = java.update();
        return feature >= 22 || (feature == 21 && update >= 1) || (feature == 17 && update >= 9);
    }

    private final String name;
    private final int port;
    private final int managementPort;
    /** Where this start's lines begin in the log. */
    private final long logStart;
    private final Process process;
    private final Path log;
    private final boolean archived;

    private ServiceProcess(String name, int port, int managementPort, Process process, Path log, long logStart,
            boolean archived) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.logStart = logStart;
        this.process = process;
        this.log = log;
        this.archived = archived;
    }

    /**
     * Starts a service.
     *
     * @param quarkusApp the service's {@code target/quarkus-app} directory
     * @param workDir    its working directory (created); logs go to {@code workDir/<name>.log}
     * @param port       its API port
     * @param managementPort the port of its management interface (health, metrics)
     * @param settings   its configuration (written to {@code workDir/config/application.properties}, mode 600)
     */
    public static ServiceProcess start(String name, Path quarkusApp, Path workDir, int port, int managementPort,
            Map<String, String> settings, List<String> jvmArgs) {
        Path jar = quarkusApp.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not built: " + jar + " is missing (run ./mvnw package -DskipTests)");
        }
        try {
            Path config = workDir.resolve("config");
            Files.createDirectories(config);
            Path props = config.resolve("application.properties");
            Properties p = new Properties();
            p.put("quarkus.log.console.json.enabled", "false");
            p.putAll(new TreeMap<>(settings));
            p.put("quarkus.http.port", Integer.toString(port));
            p.put("quarkus.http.host", "127.0.0.1");
            p.put("quarkus.management.port", Integer.toString(managementPort));
            p.put("quarkus.management.host", "127.0.0.1");
            Files.deleteIfExists(props);
            Files.createFile(props, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer w = Files.newBufferedWriter(props, StandardCharsets.UTF_8)) {
                p.store(w, name + " settings written by devstack");
            }
            Path log = workDir.resolve(name + ".log");
            long logStart = Files.exists(log) ? Files.size(log) : 0; // the log is appended to: this start's lines follow
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmArgs);
            cmd.add("-Dquarkus.analytics.disabled=true");
            cmd.add("-Duser.timezone=UTC"); // as in the images: nothing of a service may hang on the host's zone
            boolean archived = Files.isRegularFile(quarkusApp.resolve(APPCDS_ARCHIVE));
            if (archived) {
                // run where the archive was made; the settings then come by location, not from ./config
                cmd.add("-XX:SharedArchiveFile=" + APPCDS_ARCHIVE);
                cmd.add("-Dquarkus.config.locations=" + props.toAbsolutePath().toUri());
            }
            cmd.add("-jar");
            cmd.add(archived ? jar.getFileName().toString() : jar.toAbsolutePath().toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).directory((archived ? quarkusApp : workDir).toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // The services must not inherit the caller's Quarkus or Kafka overrides.
            pb.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("KAFKA_")
                    || k.startsWith("DORA") || k.equals("DATADOG_API_URL"));
            pb.environment().put("MALLOC_ARENA_MAX", "2"); // see JVM_FLAGS
            return new ServiceProcess(name, port, managementPort, pb.start(), log, logStart, archived);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Its management interface: {@code /q/health/*}, {@code /q/metrics}. */
    public URI managementUri() {
        return URI.create("http://127.0.0.1:" + managementPort);
    }

    public Path log() {
        return log;
    }

    /** Whether it was started with its class-data archive ({@link #APPCDS_ARCHIVE}). */
    public boolean classDataArchive() {
        return archived;
    }

    /** The process id of the service's JVM. */
    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Waits until {@code /q/health/ready} (management interface) answers 200; fails fast when the process exits. */
    public void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(managementUri().resolve("/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String exited = name + " exited with code " + process.exitValue() + "; see " + log;
                throw exitedOnTakenPort() ? new PortTaken(name, exited + " (a port it was given was taken)") : new IllegalStateException(exited);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; see " + log);
    }

    /**
     * A service that exited at start because a port it was given was bound meanwhile: a port found free is not
     * reserved ({@link io.dorastream.devstack.Ports}), another process (often an outgoing connection's ephemeral port)
     * may take it first. Starting again on other free ports is the remedy.
     */
    public static final class PortTaken extends IllegalStateException {

        private final String service;

        PortTaken(String service, String message) {
            super(message);
            this.service = service;
        }

        /** The service that could not bind its port. */
        public String service() {
            return service;
        }
    }

    /** Whether this start's log lines say a port could not be bound. */
    private boolean exitedOnTakenPort() {
        try (java.io.InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(logStart);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("java.net.BindException");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * SIGKILL at once, as a crash or an OOM kill would end it: no shutdown hook runs, nothing is
     * flushed or released. Returns when the process is gone.
     */
    public void kill() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " still running 20 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        } finally {
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** SIGTERM (Quarkus shuts down gracefully), then SIGKILL after the grace period; children too. */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
