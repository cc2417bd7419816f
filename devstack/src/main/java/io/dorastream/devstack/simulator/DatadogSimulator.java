package io.dorastream.devstack.simulator;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An imitation of Datadog's DORA metrics API on {@code http://127.0.0.1:<port>}.
 *
 * <p>It serves {@code /api/v1/validate}, {@code /api/v2/validate_keys} (unless switched off) and the DORA endpoints
 * under {@code /api/v2/dora/} with Datadog's paths, bodies, errors, rate-limit headers and
 * two-year retention, over data that is {@linkplain #load(Dataset) loaded},
 * {@linkplain #generate(DatasetSpec) generated} or sent through the write endpoints, and that
 * the {@linkplain #mutator() mutator} changes over time. Unauthenticated control endpoints live
 * under {@code /_sim/} (see {@code docs/simulator.md}).
 *
 * <pre>{@code
 * try (DatadogSimulator sim = DatadogSimulator.start(SimulatorConfig.defaults())) {
 *     sim.generate(DatasetSpec.demo());
 *     URI api = sim.baseUri();   // point the Datadog client here
 * }
 * }</pre>
 */
public final class DatadogSimulator implements AutoCloseable {

    static {
        // JDK's HttpServer writes headers and body separately; with Nagle's algorithm on, every
        // answer then waits ~40 ms for the client's delayed ACK. The JDK reads this property once,
        // when the first HttpServer of the JVM is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SimulatorConfig config;
    private final SimClock clock = new SimClock();
    private final EventStore store = new EventStore();
    private final SimulatorStats stats = new SimulatorStats();
    private final FaultInjector faults;
    private final Authenticator authenticator;
    private final Mutator mutator;
    private final DoraApi api;
    private final RateLimiter rateLimiter;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final ExecutorService executor;
    private final HttpServer server;

    private DatadogSimulator(SimulatorConfig config) throws IOException {
        this.config = config;
        this.faults = new FaultInjector(config.faults());
        this.mutator = new Mutator(store, clock, config.mutatorSeed());
        this.rateLimiter = new RateLimiter(config.rateLimit(), config.ratePeriodSeconds(), config.separateBuckets(), clock);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()), 64);
        this.executor = Executors.newCachedThreadPool(daemonThreads());
        this.authenticator = new Authenticator(config);
        this.api = new DoraApi(config, store, clock);
        server.createContext("/api/", new ApiHttpHandler(api, authenticator,
                faults, rateLimiter, stats, closing));
        server.createContext("/_sim/", new AdminHttpHandler(this));
        server.setExecutor(executor);
        server.start();
    }

    /**
     * Starts a simulator on {@code config.bindAddress()} (default 127.0.0.1) and {@code config.port()}
     * (0 = a free port), with no data.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static DatadogSimulator start(SimulatorConfig config) {
        try {
            return new DatadogSimulator(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Datadog simulator on port " + config.port(), e);
        }
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}, the base URL a Datadog client should use. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The configuration it was started with. */
    public SimulatorConfig config() {
        return config;
    }

    /** The clock all time-dependent behaviour reads. */
    public SimClock clock() {
        return clock;
    }

    /** Replaces the served data (numeric timestamps are converted to RFC 3339). */
    public void load(Dataset dataset) {
        store.load(dataset);
    }

    /** Generates a dataset at the clock's now, loads it and returns it. */
    public Dataset generate(DatasetSpec spec) {
        Dataset dataset = DatasetGenerator.generate(spec, clock.now());
        load(dataset);
        return dataset;
    }

    /**
     * The data as served now: latest state of each event, deleted events and events beyond the
     * two-year retention absent, timestamps in RFC 3339 whatever the configured wire form.
     */
    public Dataset export() {
        return store.export(clock.now());
    }

    /**
     * The latest state of every event started at or after {@code from}, deleted events absent, including
     * those that aged out of the two-year retention since (a reader that read them before keeps them):
     * what an exact comparison of everything read since {@code from} expects.
     */
    public Dataset exportSince(Instant from) {
        return store.exportSince(from);
    }

    /** The mutator changing the served data. */
    public Mutator mutator() {
        return mutator;
    }

    /** Request counters. */
    public SimulatorStats stats() {
        return stats;
    }

    /** Applies a fault configuration; its decision sequence restarts from its seed. */
    public void faults(FaultConfig config) {
        faults.configure(config);
    }

    /** Applies how list answers differ from the documented API (page cap, latency, live shapes…). */
    public void listQuirks(ListQuirks quirks) {
        api.quirks(quirks);
    }

    /**
     * Whether {@code GET /api/v2/validate_keys} exists from now on (404 without it, as on a site that does not
     * offer it yet); starts as {@link SimulatorConfig#validateKeys()}.
     */
    public void validateKeys(boolean offered) {
        api.validateKeys(offered);
    }

    /** Whether {@code GET /api/v2/validate_keys} exists now. */
    public boolean validateKeys() {
        return api.validateKeys();
    }

    /** How list answers differ from the documented API, in force. */
    public ListQuirks listQuirks() {
        return api.quirks();
    }

    /** Revokes an API key: it is refused (403) like an unknown one until {@link #restoreApiKey restored}. */
    public void revokeApiKey(String apiKey) {
        authenticator.revoke(apiKey);
    }

    /** Accepts a revoked API key again. */
    public void restoreApiKey(String apiKey) {
        authenticator.restore(apiKey);
    }

    /**
     * Whether the deployments and failures endpoints count against named rate-limit buckets of
     * their own ({@code X-RateLimit-Name}), from now on; starts as {@link SimulatorConfig#separateBuckets()}.
     * Requests already counted stay in the bucket they were counted in.
     */
    public void separateBuckets(boolean value) {
        rateLimiter.separateBuckets(value);
    }

    /** Whether the two list endpoints count against buckets of their own now. */
    public boolean separateBuckets() {
        return rateLimiter.separateBuckets();
    }

    /** The fault configuration in force. */
    public FaultConfig faults() {
        return faults.config();
    }

    /** Stops serving at once, dropping requests held by injected timeouts or latency. */
    @Override
    public void close() {
        if (closing.getCount() == 0) {
            return;
        }
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "datadog-simulator-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
