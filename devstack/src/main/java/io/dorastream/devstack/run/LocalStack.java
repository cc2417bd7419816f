package io.dorastream.devstack.run;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.devstack.Ports;
import io.dorastream.devstack.kafka.KafkaBroker;
import io.dorastream.devstack.postgres.PostgresServer;
import io.dorastream.devstack.simulator.DatadogSimulator;
import io.dorastream.devstack.simulator.Dataset;
import io.dorastream.devstack.simulator.DatasetSpec;
import io.dorastream.devstack.simulator.SimulatorConfig;

/**
 * The whole system on one machine without Docker: PostgreSQL and a KRaft broker in this JVM, the
 * Datadog simulator (unless a real Datadog URL is given), and the three packaged services as child
 * processes. Serves the run command and the system tests alike. Secrets it needs and lacks it
 * generates and keeps in {@code <dataDir>/secrets.properties} (mode 600).
 */
public final class LocalStack implements AutoCloseable {

    /**
     * Where things go and what to start. {@code serviceSettings} (by service name, e.g. {@code api-gateway}) are added
     * to (and override) that service's settings, e.g. further named tokens or rate limits for a test.
     * {@code simulatorRequestsPerMinute} is the simulator's rate limit per API key (0: its default);
     * {@code demoConnection} whether the demo connection is created once the services are ready;
     * {@code simulatorNow} a fixed instant the simulator's clock is frozen at, its dataset generated back from
     * it (the same events, hence the same figures for the same window, on every run; e.g. for screenshots), or
     * empty for a clock that follows system time. While frozen, the simulator's rate-limit window never turns:
     * its budget per key ({@code simulatorRequestsPerMinute}) is then for the whole run.
     */
    public record Options(Path repoRoot, String buildSubdir, Path dataDir, int gatewayPort, int gatewayManagementPort,
            Optional<String> datadogApiUrl, Optional<String> adminToken, DatasetSpec demoDataset,
            Consumer<String> progress, Map<String, Map<String, String>> serviceSettings, int simulatorRequestsPerMinute,
            boolean demoConnection, Optional<Instant> simulatorNow) {

        public Options {
            Map<String, Map<String, String>> copy = new LinkedHashMap<>();
            serviceSettings.forEach((service, settings) -> copy.put(service, Map.copyOf(settings)));
            serviceSettings = Map.copyOf(copy);
            if (simulatorRequestsPerMinute < 0) {
                throw new IllegalArgumentException("simulatorRequestsPerMinute must not be negative");
            }
        }

        /** Options without further settings, the gateway's management interface on a free port, the demo connection. */
        public Options(Path repoRoot, String buildSubdir, Path dataDir, int gatewayPort, Optional<String> datadogApiUrl,
                Optional<String> adminToken, DatasetSpec demoDataset, Consumer<String> progress) {
            this(repoRoot, buildSubdir, dataDir, gatewayPort, Ports.free(), datadogApiUrl, adminToken, demoDataset, progress,
                    Map.of(), 0, true, Optional.empty());
        }

        /** A copy whose gateway also gets these settings. */
        public Options withGatewaySettings(Map<String, String> settings) {
            return withServiceSettings("api-gateway", settings);
        }

        /** A copy whose service {@code name} also gets these settings (replacing those given before for it). */
        public Options withServiceSettings(String name, Map<String, String> settings) {
            Map<String, Map<String, String>> all = new LinkedHashMap<>(serviceSettings);
            all.put(name, settings);
            return new Options(repoRoot, buildSubdir, dataDir, gatewayPort, gatewayManagementPort, datadogApiUrl, adminToken,
                    demoDataset, progress, all, simulatorRequestsPerMinute, demoConnection, simulatorNow);
        }

        /** A copy with the simulator limited to this many requests per minute and API key. */
        public Options withSimulatorRequestsPerMinute(int value) {
            return new Options(repoRoot, buildSubdir, dataDir, gatewayPort, gatewayManagementPort, datadogApiUrl, adminToken,
                    demoDataset, progress, serviceSettings, value, demoConnection, simulatorNow);
        }

        /** A copy that does (or does not) create the demo connection. */
        public Options withDemoConnection(boolean value) {
            return new Options(repoRoot, buildSubdir, dataDir, gatewayPort, gatewayManagementPort, datadogApiUrl, adminToken,
                    demoDataset, progress, serviceSettings, simulatorRequestsPerMinute, value, simulatorNow);
        }

        /** A copy whose simulator's clock is frozen at {@code now}, its dataset generated back from it. */
        public Options withSimulatorNow(Instant now) {
            return new Options(repoRoot, buildSubdir, dataDir, gatewayPort, gatewayManagementPort, datadogApiUrl, adminToken,
                    demoDataset, progress, serviceSettings, simulatorRequestsPerMinute, demoConnection, Optional.of(now));
        }

        /**
         * Reads {@code DORA_HTTP_PORT} (default 8080), {@code DORA_MANAGEMENT_PORT} (the gateway's management
         * interface, default 9000), {@code DATADOG_API_URL} and {@code DORA_ADMIN_TOKEN} from the environment.
         */
        public static Options fromEnvironment(Path repoRoot, Path dataDir, Consumer<String> progress) {
            Map<String, String> env = System.getenv();
            int port = Integer.parseInt(env.getOrDefault("DORA_HTTP_PORT", "8080"));
            int managementPort = Integer.parseInt(env.getOrDefault("DORA_MANAGEMENT_PORT", "9000"));
            return new Options(repoRoot, "target", dataDir, port, managementPort, nonBlank(env.get("DATADOG_API_URL")),
                    nonBlank(env.get("DORA_ADMIN_TOKEN")), DatasetSpec.demo(), progress, Map.of(), 0, true, Optional.empty());
        }
    }

    public static final String DEMO_CONNECTION_NAME = DemoConnection.NAME;

    private final List<AutoCloseable> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Options options;
    private Properties secrets;
    private PostgresServer postgres;
    private KafkaBroker kafka;
    private DatadogSimulator simulator;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> settingsByService = new LinkedHashMap<>();
    private URI gateway;
    private String demoConnectionId;

    private LocalStack(Options options) {
        this.options = options;
    }

    /** Starts everything; on failure stops what was started and rethrows. */
    public static LocalStack start(Options options) {
        LocalStack stack = new LocalStack(options);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        Path data = options.dataDir();
        mkdirs(data);
        secrets = loadOrCreateSecrets(data.resolve("secrets.properties"));
        say("starting PostgreSQL");
        postgres = PostgresServer.start(data.resolve("postgres"));
        started.add(postgres);
        say("starting Kafka (KRaft)");
        kafka = KafkaBroker.start(data.resolve("kafka"));
        started.add(kafka);
        kafka.createTopics("", 3);

        String datadogUrl;
        if (options.datadogApiUrl().isPresent()) {
            datadogUrl = options.datadogApiUrl().get();
        } else {
            say("starting the Datadog simulator");
            SimulatorConfig.Builder config = SimulatorConfig.builder().port(0)
                    .apiKeys(secrets.getProperty("simulator.api-key"))
                    .appKeys(secrets.getProperty("simulator.app-key"));
            if (options.simulatorRequestsPerMinute() > 0) {
                config.rateLimit(options.simulatorRequestsPerMinute(), 60);
            }
            simulator = DatadogSimulator.start(config.build());
            started.add(simulator);
            options.simulatorNow().ifPresent(simulator.clock()::set);
            simulator.load(demoDataset(data.resolve("simulator-dataset.json")));
            datadogUrl = simulator.baseUri().toString();
        }

        String token = secrets.getProperty("internal-token");
        String kafkaServers = kafka.bootstrapServers();
        Map<String, String> connector = new LinkedHashMap<>();
        connector.put("dorastream.internal-token", token);
        connector.put("kafka.bootstrap.servers", kafkaServers);
        datasource(connector, "connector");
        connector.put("dorastream.datadog.api-url", datadogUrl);
        connector.put("dorastream.crypto.active-key", secrets.getProperty("crypto.active-key"));
        connector.put("dorastream.crypto.keys." + secrets.getProperty("crypto.active-key"), secrets.getProperty("crypto.key"));
        Map<String, String> aggregator = new LinkedHashMap<>();
        aggregator.put("dorastream.internal-token", token);
        aggregator.put("kafka.bootstrap.servers", kafkaServers);
        datasource(aggregator, "aggregator");
        connector.putAll(options.serviceSettings().getOrDefault("connector-service", Map.of()));
        aggregator.putAll(options.serviceSettings().getOrDefault("aggregator-service", Map.of()));

        ServiceProcess g = null;
        for (int attempt = 1; g == null; attempt++) {
            try {
                g = startServices(connector, aggregator, token);
            } catch (ServiceProcess.PortTaken e) {
                if (attempt == PORT_ATTEMPTS || e.service().equals("api-gateway")) {
                    throw e; // the gateway's ports are the options' own
                }
                say(e.getMessage() + "; starting the services again on other ports");
                for (ServiceProcess s : List.copyOf(services.values())) {
                    s.close();
                    started.remove(s);
                }
                services.clear();
                settingsByService.clear();
            }
        }
        gateway = URI.create("http://localhost:" + g.baseUri().getPort());
        if (simulator != null && options.demoConnection()) {
            ensureDemoConnection();
        }
    }

    /**
     * How many times the services are started, on fresh free ports when one of the connector's or the aggregator's
     * was taken meanwhile (the gateway's ports are given).
     */
    private static final int PORT_ATTEMPTS = 3;

    /**
     * Starts the connector and the aggregator on free ports and the gateway pointed at them, and waits until all three
     * are ready; returns the gateway. {@link ServiceProcess.PortTaken} where a service could not bind its port.
     */
    private ServiceProcess startServices(Map<String, String> connector, Map<String, String> aggregator, String token) {
        say("starting connector-service and aggregator-service");
        ServiceProcess c = service("connector-service", Ports.free(), Ports.free(), connector);
        ServiceProcess a = service("aggregator-service", Ports.free(), Ports.free(), aggregator);
        Map<String, String> gatewaySettings = new LinkedHashMap<>();
        gatewaySettings.put("dorastream.internal-token", token);
        gatewaySettings.put("dorastream.auth.admin-token", adminToken());
        gatewaySettings.put("quarkus.rest-client.connector.url", c.baseUri().toString());
        gatewaySettings.put("quarkus.rest-client.aggregator.url", a.baseUri().toString());
        gatewaySettings.put("quarkus.rest-client.connector-management.url", c.managementUri().toString());
        gatewaySettings.put("quarkus.rest-client.aggregator-management.url", a.managementUri().toString());
        gatewaySettings.putAll(options.serviceSettings().getOrDefault("api-gateway", Map.of()));
        say("starting api-gateway");
        ServiceProcess g = service("api-gateway", options.gatewayPort(), options.gatewayManagementPort(), gatewaySettings);
        for (ServiceProcess s : services.values()) {
            s.awaitReady(Duration.ofSeconds(240)); // generous: a shared 2-core machine may start a JVM in a minute
        }
        return g;
    }

    /** Where the services of a stack with its data in {@code dataDir} keep theirs, each in a directory of its name with its log. */
    public static Path servicesDir(Path dataDir) {
        return dataDir.resolve("services");
    }

    private ServiceProcess service(String name, int port, int managementPort, Map<String, String> settings) {
        Path app = options.repoRoot().resolve(name).resolve(options.buildSubdir()).resolve("quarkus-app");
        ServiceProcess p = ServiceProcess.start(name, app, servicesDir(options.dataDir()).resolve(name), port,
                managementPort, settings, ServiceProcess.jvmFlags(name));
        services.put(name, p);
        settingsByService.putIfAbsent(name, Map.copyOf(settings)); // a restart's overrides are for that start only
        started.add(p);
        return p;
    }

    /**
     * Stops a service (SIGTERM), runs {@code whileStopped}, and starts it again on the same ports with the settings it
     * was first started with plus {@code overrides} (for this start only); returns when it is ready. The new process replaces the old
     * one in {@link #services()}.
     */
    public synchronized ServiceProcess restart(String name, Map<String, String> overrides, Runnable whileStopped,
            Duration readyTimeout) {
        ServiceProcess old = services.get(name);
        if (old == null) {
            throw new IllegalArgumentException("no service " + name);
        }
        old.close();
        started.remove(old);
        whileStopped.run();
        Map<String, String> settings = new LinkedHashMap<>(settingsByService.get(name));
        settings.putAll(overrides);
        ServiceProcess p = service(name, old.baseUri().getPort(), old.managementUri().getPort(), settings);
        p.awaitReady(readyTimeout);
        return p;
    }

    private void datasource(Map<String, String> settings, String database) {
        settings.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        settings.put("quarkus.datasource.username", PostgresServer.USER);
        settings.put("quarkus.datasource.password", "postgres");
    }

    /** The demo dataset, generated once and kept, so a restart serves the same events. */
    private Dataset demoDataset(Path file) {
        try {
            if (Files.exists(file)) {
                return Dataset.fromJson(Files.readString(file));
            }
            Dataset d = simulator.generate(options.demoDataset());
            Files.writeString(file, d.toJson());
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates the demo connection through the gateway unless it exists (its backfill starts then); returns its id.
     * {@link #start} calls it unless {@link Options#demoConnection()} is false.
     */
    public synchronized String ensureDemoConnection() {
        if (simulator == null) {
            throw new IllegalStateException("no simulator: DATADOG_API_URL is set");
        }
        try {
            demoConnectionId = DemoConnection.ensure(http, gateway, adminToken(), secrets.getProperty("simulator.api-key"),
                    secrets.getProperty("simulator.app-key"), options.demoDataset(), simulator.clock().now(), this::say);
            return demoConnectionId;
        } catch (IOException e) {
            throw new UncheckedIOException("creating the demo connection failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A call to the gateway with the admin token; fails unless it answers {@code expected}. */
    public JsonNode call(String method, String path, String body, int expected) {
        try {
            return DemoConnection.call(http, gateway, adminToken(), method, path, body, expected);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Deployments of the simulator's data whose window instant (finish, else start) lies in {@code [from, to)}. */
    public long expectedDeployments(Instant from, Instant to) {
        if (simulator == null) {
            throw new IllegalStateException("no simulator: DATADOG_API_URL is set");
        }
        long n = 0;
        for (ObjectNode d : simulator.export().deployments()) {
            JsonNode a = d.path("attributes");
            String at = a.hasNonNull("finished_at") ? a.get("finished_at").asText() : a.path("started_at").asText();
            Instant i = Instant.parse(at);
            if (!i.isBefore(from) && i.isBefore(to)) {
                n++;
            }
        }
        return n;
    }

    public URI gatewayUri() {
        return gateway;
    }

    public String adminToken() {
        return options.adminToken().orElse(secrets.getProperty("admin-token"));
    }

    /** The simulator, or null when the connector talks to {@code DATADOG_API_URL}. */
    public DatadogSimulator simulator() {
        return simulator;
    }

    /** The API key the simulator accepts (for sending events to it as a Datadog client would). */
    public String simulatorApiKey() {
        return secrets.getProperty("simulator.api-key");
    }

    public String demoConnectionId() {
        return demoConnectionId;
    }

    public Map<String, ServiceProcess> services() {
        return services;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    /** The broker's log directory: one sub-directory per topic partition. */
    public Path kafkaLogDir() {
        return options.dataDir().resolve("kafka").resolve("log");
    }

    public PostgresServer postgres() {
        return postgres;
    }

    /** Stops everything started, newest first; never throws. */
    @Override
    public synchronized void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("devstack: stopping " + started.get(i).getClass().getSimpleName() + " failed: " + e);
            }
        }
        started.clear();
    }

    private void say(String message) {
        if (options.progress() != null) {
            options.progress().accept(message);
        }
    }

    private static Properties loadOrCreateSecrets(Path file) {
        Properties p = new Properties();
        try {
            if (Files.exists(file)) {
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
            }
            boolean changed = false;
            SecureRandom random = new SecureRandom();
            for (String name : List.of("internal-token", "admin-token", "simulator.api-key", "simulator.app-key")) {
                if (!p.containsKey(name)) {
                    byte[] b = new byte[name.startsWith("simulator.api") ? 16 : 20];
                    random.nextBytes(b);
                    p.setProperty(name, HexFormat.of().formatHex(b));
                    changed = true;
                }
            }
            if (!p.containsKey("crypto.key")) {
                byte[] key = new byte[32];
                random.nextBytes(key);
                p.setProperty("crypto.active-key", "local1");
                p.setProperty("crypto.key", Base64.getEncoder().encodeToString(key));
                changed = true;
            }
            if (changed) {
                Files.deleteIfExists(file);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    p.store(w, "DoraStream local secrets (generated; keep private)");
                }
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }
}
