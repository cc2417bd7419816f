package io.dorastream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.dorastream.devstack.Ports;
import io.dorastream.devstack.run.LocalStack;
import io.dorastream.devstack.run.ServiceProcess;

/**
 * {@code ./dorastream bench [--smoke] [--scale F] [--runs N] [--requests N] [--only B1,B2,...] [--out DIR]}: runs B1–B7
 * (docs/performance.md) on one local stack (embedded Kafka and PostgreSQL, the Datadog simulator, the three packaged
 * services as processes), prints the table and writes {@code latest.json} and {@code b3-growth.svg} to
 * {@code bench/results/} (or DIR). {@code --only} runs the benchmarks the listed rows need and reports those rows;
 * its results go to {@code bench/target/bench-results/} unless DIR is given, so a partial run never replaces the
 * published ones. Targets are reported as met or missed, never asserted: the exit code says only whether every row
 * was produced.
 */
public final class BenchCommand {

    /** Settings the benchmarks need, by service (printed with the results). */
    static final Map<String, Map<String, String>> SETTINGS = Map.of(
            "api-gateway", Map.of(
                    "dorastream.rate-limit.enabled", "false",
                    "dorastream.cache.ttl", "0s"),
            "aggregator-service", Map.of(
                    // the harness sees the aggregator done when its committed offsets reach the end of the topics
                    "mp.messaging.connector.smallrye-kafka.auto.commit.interval.ms", "1000"),
            "connector-service", Map.of(
                    "dorastream.sync.default-poll-interval-seconds", "10",
                    "dorastream.sync.lease-ttl", "10s",
                    "dorastream.sync.max-concurrent-polls", "4"));

    private BenchCommand() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: dorastream bench [--smoke] [--scale F] [--runs N] [--requests N] [--only B1,B2,...]"
                    + " [--out DIR]");
            System.exit(2);
        } catch (IOException | RuntimeException e) {
            System.err.println("the benchmark failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /** Runs the benchmarks; returns the results file. Throws when a row could not be produced. */
    public static Path run(String[] args) throws IOException {
        Path root = Path.of(System.getProperty("dorastream.root", ".")).toAbsolutePath().normalize();
        String buildSubdir = System.getProperty("dorastream.build.subdir", "target");
        Sizes sizes = Sizes.full();
        Path out = null;
        List<String> only = Report.IDS;
        Integer runs = null;
        Integer requests = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "bench" -> {
                }
                case "--smoke" -> sizes = Sizes.smoke();
                case "--scale" -> sizes = Sizes.scaled(Double.parseDouble(value(args, ++i, "--scale")));
                case "--runs" -> runs = Integer.parseInt(value(args, ++i, "--runs"));
                case "--requests" -> requests = Integer.parseInt(value(args, ++i, "--requests"));
                case "--only" -> only = only(value(args, ++i, "--only"));
                case "--out" -> out = Path.of(value(args, ++i, "--out")).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        if (runs != null) {
            if (runs < 1) {
                throw new IllegalArgumentException("--runs must be at least 1");
            }
            sizes = sizes.withRuns(runs);
        }
        if (requests != null) {
            if (requests < 1) {
                throw new IllegalArgumentException("--requests must be at least 1");
            }
            sizes = sizes.withRequests(requests);
        }
        if (out == null) {
            out = only.equals(Report.IDS) ? root.resolve("bench").resolve("results")
                    : root.resolve("bench").resolve("target").resolve("bench-results");
        }
        // B6 samples the services' memory during B1 and after B2's load, and B7 measures what B1 stored
        boolean ingest = only.contains("B1") || only.contains("B6") || only.contains("B7");
        boolean query = only.contains("B2") || only.contains("B3") || only.contains("B6");
        boolean sync = only.contains("B4") || only.contains("B5");
        quietLibraries();
        Machine machine = Machine.describe(root);
        System.out.println("DoraStream benchmarks — " + sizes.describe());
        System.out.println("machine: " + machine.summary());
        System.out.println("settings: " + SETTINGS);
        if (!only.equals(Report.IDS)) {
            System.out.println("only: " + only);
        }
        Files.createDirectories(out);
        Path work = Files.createTempDirectory("dorastream-bench-");
        boolean finished = false;
        List<Row> rows = new ArrayList<>();
        Footprint footprint = new Footprint();
        Instant started = Instant.now();
        LocalStack.Options options = new LocalStack.Options(root, buildSubdir, work.resolve("stack"), Ports.free(),
                Optional.empty(), Optional.empty(), sizes.backfill(), m -> System.out.println("… " + m))
                .withDemoConnection(false).withSimulatorRequestsPerMinute(sizes.ratePerMinute());
        for (Map.Entry<String, Map<String, String>> e : SETTINGS.entrySet()) {
            options = options.withServiceSettings(e.getKey(), e.getValue());
        }
        try (LocalStack stack = LocalStack.start(options); Kafka kafka = new Kafka(stack.kafka().bootstrapServers())) {
            Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS);
            StoreBenchmarks store = new StoreBenchmarks(stack, kafka, sizes, footprint, work);
            if (only.contains("B6")) {
                startAlone(stack, sizes.runs(), footprint);
            }
            if (ingest) {
                Synthetic data = new Synthetic(UUID.nameUUIDFromBytes("bench-ingest".getBytes()), 1, sizes.ingestServices(), 3,
                        24, 0.05, 0.01, end);
                rows.addAll(store.ingestAndStorage(data));
            }
            List<StoreBenchmarks.GrowthPoint> curve = List.of();
            if (query) {
                Synthetic data = new Synthetic(UUID.nameUUIDFromBytes("bench-query".getBytes()), 2, sizes.growthServices(),
                        sizes.growthEnvs(), 24, 0, 0, end);
                StoreBenchmarks.QueryRows q = store.queryAndGrowth(data, only.contains("B3"));
                rows.add(q.b2());
                if (q.b3() != null) {
                    rows.add(q.b3());
                }
                curve = q.growth();
            }
            if (sync) {
                SyncBenchmarks benchmarks = new SyncBenchmarks(stack, kafka, sizes, footprint, store::resetAggregator);
                rows.add(benchmarks.backfill());
                rows.add(benchmarks.freshness());
            }
            if (only.contains("B6")) {
                rows.add(footprintRow(stack, footprint));
            }
            List<String> wanted = only;
            rows.removeIf(r -> !wanted.contains(r.id()));
            rows.sort(java.util.Comparator.comparing(Row::id));
            Report report = new Report(sizes, machine, SETTINGS, rows, curve, Duration.between(started, Instant.now()), only);
            report.print(System.out);
            Path json = report.write(out);
            System.out.println("wrote " + json + (curve.isEmpty() ? "" : " and " + out.resolve(Report.PLOT)));
            finished = true;
            return json;
        } finally {
            if (finished) {
                Report.deleteTree(work);
            } else {
                // a failure's message may point at a service's log: the logs stay, the data goes
                Path logs = LocalStack.servicesDir(options.dataDir());
                Report.deleteTree(work, logs);
                System.err.println("the services' logs are kept in " + logs);
            }
        }
    }

    private static Row footprintRow(LocalStack stack, Footprint footprint) {
        Row.Builder row = Row.of("B6", "resident memory (after B2's load, and peak during B1) and start-up to ready (JVM mode)");
        boolean met = true;
        StringBuilder startups = new StringBuilder();
        for (var s : stack.services().values()) {
            List<Double> times = Footprint.startupSeconds(s.log());
            List<Double> restarts = footprint.startsAlone().get(s.name());
            if (times.isEmpty() || restarts == null) {
                throw new IllegalStateException("no start-up time of " + s.name() + " with the stack and alone: " + s.log());
            }
            Figure alone = Figure.ofRuns(restarts);
            row.figure(s.name() + " start-up alone", alone, "s");
            row.figure(s.name() + " start-up with the stack (not in the verdict)", Figure.ofRuns(times.subList(0, 1)), "s");
            met &= alone.median() <= 3.0;
            startups.append(s.name()).append(' ').append(restarts.size()).append(" starts alone; ");
            for (String moment : List.of("after B2", "during B1")) {
                Double mib = footprint.peaks().get(s.name() + " " + moment);
                if (mib == null) {
                    throw new IllegalStateException("no RSS sample of " + s.name() + " " + moment);
                }
                row.figure(s.name() + " RSS " + moment, Figure.ofRuns(List.of(mib)), "MiB");
                met &= mib <= 256;
            }
        }
        row.target("≤ 256 MiB RSS each; ready ≤ 3 s after the JVM starts (Quarkus's \"started in\")", met);
        row.note("JVM flags as the run command starts them: " + flags(stack)
                + " (MALLOC_ARENA_MAX=2; class-data archive: " + archives(stack) + "); start-up alone: restarted before the"
                + " benchmarks while the rest of the stack idles, its schema in place; with the stack: its first start, the three JVMs at once; " + startups
                + (Footprint.nativeImageAvailable() ? "native-image is available: build with -Dnative to compare"
                        : "no GraalVM native-image on this machine, so native mode was not measured"));
        return row.build();
    }

    /**
     * B6's start-ups: each service restarted {@code runs} times before any benchmark, while the rest of the stack
     * idles, its database's schema in place (the aggregator's restarts in B1 and B2 each begin on an empty database,
     * so they create the schema too, and are not counted; after a benchmark's load PostgreSQL may still be busy).
     */
    private static void startAlone(LocalStack stack, int runs, Footprint footprint) {
        for (String name : List.copyOf(stack.services().keySet())) {
            for (int run = 0; run < runs; run++) {
                System.out.println("… B6: restarting " + name + " alone");
                footprint.startedAlone(stack.restart(name, Map.of(), () -> {
                }, StoreBenchmarks.READY));
            }
        }
    }

    /** Each service's JVM flags ({@link ServiceProcess#jvmFlags(String)}). */
    private static String flags(LocalStack stack) {
        List<String> each = new ArrayList<>();
        for (String name : stack.services().keySet()) {
            each.add(name + " " + String.join(" ", ServiceProcess.jvmFlags(name)));
        }
        return String.join("; ", each);
    }

    /** Which services started with a class-data archive ({@link ServiceProcess#APPCDS_ARCHIVE}). */
    private static String archives(LocalStack stack) {
        List<String> with = new ArrayList<>();
        for (var s : stack.services().values()) {
            if (s.classDataArchive()) {
                with.add(s.name());
            }
        }
        return with.isEmpty() ? "none" : String.join(", ", with);
    }

    /** The row ids {@code --only} lists (comma-separated, e.g. {@code B1,B2}), in {@link Report#IDS}' order. */
    static List<String> only(String list) {
        List<String> ids = new ArrayList<>();
        for (String id : list.split(",")) {
            String normalized = id.trim().toUpperCase(java.util.Locale.ROOT);
            if (!Report.IDS.contains(normalized)) {
                throw new IllegalArgumentException("--only takes row ids among " + Report.IDS + ", got " + id.trim());
            }
            ids.add(normalized);
        }
        return Report.IDS.stream().filter(ids::contains).toList();
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    private static void quietLibraries() {
        for (String name : new String[] { "", "kafka", "org.apache.kafka", "state.change.logger", "io.zonky" }) {
            Logger.getLogger(name).setLevel(Level.WARNING);
        }
    }

    /** The UTC date of an instant, as the gateway's {@code from}/{@code to} take it. */
    static String date(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }
}
