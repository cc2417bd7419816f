package io.dorastream.bench;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.postgresql.PGConnection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dorastream.devstack.postgres.PostgresServer;
import io.dorastream.devstack.run.LocalStack;
import io.dorastream.events.DoraJson;
import io.dorastream.events.Topics;

/** The benchmarks of the aggregator's side: B1 ingest, B7 storage, B2 query, B3 growth. */
final class StoreBenchmarks {

    static final String AGGREGATOR = "aggregator-service";
    private static final String PREFIX_PROPERTY = "dorastream.kafka.topic-prefix";
    /** How long a restarted service may take to be ready. */
    static final Duration READY = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] CONCURRENCY = { 1, 4, 16 };

    /** One point of B3's curve: deployments in the window and the summary's p50 at concurrency 1. */
    record GrowthPoint(long deployments, Figure p50Millis) {
    }

    /** {@code b3} null (and {@code growth} empty) when B3 was not asked for. */
    record QueryRows(Row b2, Row b3, List<GrowthPoint> growth) {
    }

    private final LocalStack stack;
    private final Kafka kafka;
    private final Sizes sizes;
    private final Footprint footprint;
    private final Path work;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    StoreBenchmarks(LocalStack stack, Kafka kafka, Sizes sizes, Footprint footprint, Path work) {
        this.stack = stack;
        this.kafka = kafka;
        this.sizes = sizes;
        this.footprint = footprint;
        this.work = work;
    }

    // ---------------------------------------------------------------- B1 and B7

    /** B1 (each run: a fresh aggregator database reading the pre-filled topics from the start) and B7 after it. */
    List<Row> ingestAndStorage(Synthetic data) {
        String prefix = "b1.";
        stack.kafka().createTopics(prefix, 3);
        Kafka.Fill[] fill = new Kafka.Fill[1];
        Path csv = work.resolve("b1-rows.csv");
        List<Double> applied = new ArrayList<>();
        List<Double> copied = new ArrayList<>();
        List<Double> consumed = new ArrayList<>();
        for (int run = 0; run < sizes.runs(); run++) {
            boolean first = run == 0;
            say("B1 run " + (run + 1) + "/" + sizes.runs());
            stack.restart(AGGREGATOR, Map.of(PREFIX_PROPERTY, prefix), () -> {
                if (first) {
                    say("B1: filling " + prefix + "* with " + sizes.ingestDeployments() + " deployments and "
                            + sizes.ingestFailures() + " failures");
                    fill[0] = kafka.fill(prefix, data, 0, sizes.ingestDeployments(), 0, sizes.ingestFailures());
                    writeCopyRows(data, csv);
                }
                resetAggregator();
            }, READY);
            long t0 = System.nanoTime();
            Kafka.await("B1: the aggregator applying " + fill[0].records() + " records", drainTimeout(fill[0].records()),
                    Duration.ofMillis(250), () -> {
                        footprint.sample("during B1", stack.services().values());
                        return kafka.aggregatorLag(prefix) == 0;
                    });
            applied.add(fill[0].records() / seconds(t0));
            requireApplied(fill[0]);
            copied.add(fill[0].records() / copySeconds(csv));
            long c0 = System.nanoTime();
            long read = kafka.readAndDecodeAll(prefix);
            consumed.add(read / seconds(c0));
        }
        Figure ingest = Figure.ofRuns(applied);
        Figure copy = Figure.ofRuns(copied);
        Figure consume = Figure.ofRuns(consumed);
        Figure lower = copy.median() <= consume.median() ? copy : consume;
        Figure ratio = ingest.over(lower);
        Row b1 = Row.of("B1", "aggregator applying pre-filled topics into events + rollups")
                .figure("aggregator", ingest, "records/s")
                .figure("ceiling: PostgreSQL COPY into an unindexed table", copy, "rows/s")
                .figure("ceiling: bare consumer reading + decoding", consume, "records/s")
                .reference("the lower ceiling (" + (lower == copy ? "COPY" : "bare consumer") + ")")
                .ratio(ratio)
                .target("≥ 40% of the lower ceiling", ratio.median() >= 0.40)
                .note(String.format(java.util.Locale.ROOT, "%,d records: %,d deployments of %d services over 24 months, "
                        + "5%% updated, 1%% deleted (%,d tombstones), %,d failures", fill[0].records(), fill[0].deployments(),
                        data.services(), fill[0].tombstones(), fill[0].failures()))
                .note("timed from the aggregator's readiness to its committed offsets reaching the topics' ends"
                        + " (offsets committed every second)")
                .build();
        Row b7 = storage(prefix, fill[0]);
        deleteQuietly(csv);
        return List.of(b1, b7);
    }

    private Row storage(String prefix, Kafka.Fill fill) {
        long pgBytes;
        long rollupBytes;
        try (Connection c = aggregatorDb(); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE");
            pgBytes = scalar(s, "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n"
                    + " ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'");
            rollupBytes = scalar(s, "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                    + " WHERE c.relname IN ('deployment_daily', 'deployment_monthly')");
        } catch (SQLException e) {
            throw new IllegalStateException("B7: measuring PostgreSQL failed", e);
        }
        long kafkaBytes = kafkaBytes(prefix);
        double perMillionDeployments = 1e6 / fill.deployments();
        double perMillionRecords = 1e6 / fill.records();
        Figure pg = single(pgBytes * perMillionDeployments / (1 << 20));
        Figure kafkaFigure = single(kafkaBytes * perMillionRecords / (1 << 20));
        Figure raw = single(fill.rawJsonBytes() * perMillionDeployments / (1 << 20));
        return Row.of("B7", "storage per million deployments (PostgreSQL: tables + indexes + rollups) and per million Kafka records")
                .figure("PostgreSQL", pg, "MiB per 1M deployments")
                .figure("of which rollups", single(rollupBytes * perMillionDeployments / (1 << 20)), "MiB per 1M deployments")
                .figure("Kafka (zstd, uncompacted)", kafkaFigure, "MiB per 1M records")
                .figure("raw JSON of the same events", raw, "MiB per 1M deployments")
                .reference("the raw JSON size of the same events")
                .ratio(single((double) pgBytes / fill.rawJsonBytes()))
                .target("reported, with the ratio (PostgreSQL / raw JSON; Kafka / raw JSON = "
                        + Figure.number((double) kafkaBytes / fill.rawJsonBytes()) + ")", null)
                .note("measured after B1's last run, after VACUUM ANALYZE; PostgreSQL keeps each event's normalized form"
                        + " and its untouched Datadog attributes (both jsonb) besides the columns and rollups")
                .build();
    }

    private long kafkaBytes(String prefix) {
        Path logs = stack.kafkaLogDir();
        long total = 0;
        try (Stream<Path> dirs = Files.list(logs)) {
            for (Path dir : dirs.toList()) {
                String name = dir.getFileName().toString();
                if (name.startsWith(prefix + Topics.DEPLOYMENTS + "-") || name.startsWith(prefix + Topics.INCIDENTS + "-")) {
                    try (Stream<Path> files = Files.list(dir)) {
                        for (Path f : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                            total += Files.size(f);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("B7: cannot measure " + logs, e);
        }
        if (total == 0) {
            throw new IllegalStateException("B7: no segment of " + prefix + "* under " + logs);
        }
        return total;
    }

    /** Every figure exact: the aggregator holds every live deployment and failure the fill wrote. */
    private void requireApplied(Kafka.Fill fill) {
        try (Connection c = aggregatorDb(); Statement s = c.createStatement()) {
            long deployments = scalar(s, "SELECT count(*) FROM deployment WHERE NOT deleted");
            long failures = scalar(s, "SELECT count(*) FROM incident WHERE NOT deleted");
            if (deployments != fill.deployments() - fill.tombstones() || failures != fill.failures()) {
                throw new IllegalStateException("B1: the aggregator holds " + deployments + " deployments and " + failures
                        + " failures, expected " + (fill.deployments() - fill.tombstones()) + " and " + fill.failures());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("B1: counting the applied events failed", e);
        }
    }

    /** The COPY ceiling's input: one CSV row per record, the same records the aggregator applies. */
    private void writeCopyRows(Synthetic data, Path csv) {
        ObjectMapper mapper = DoraJson.mapper();
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            for (long i = 0; i < sizes.ingestDeployments(); i++) {
                for (Synthetic.Version v : data.deployment(i)) {
                    copyRow(w, mapper, data, v);
                }
            }
            for (long j = 0; j < sizes.ingestFailures(); j++) {
                copyRow(w, mapper, data, data.failure(j));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("B1: cannot write " + csv, e);
        }
    }

    private static void copyRow(BufferedWriter w, ObjectMapper mapper, Synthetic data, Synthetic.Version v) throws IOException {
        w.write(data.connectionId().toString());
        w.write(',');
        w.write(quoted(v.eventId()));
        w.write(',');
        w.write(Long.toString(v.version()));
        w.write(',');
        w.write(Boolean.toString(v.tombstone()));
        if (v.tombstone()) {
            w.write(",,,,,,,\n");
            return;
        }
        String service;
        String env;
        String team;
        Instant started;
        Instant finished;
        if (v.envelope().event() instanceof io.dorastream.events.Deployment d) {
            service = d.service();
            env = d.env();
            team = d.team();
            started = d.startedAt();
            finished = d.finishedAt();
        } else {
            io.dorastream.events.Incident f = (io.dorastream.events.Incident) v.envelope().event();
            service = f.services().get(0);
            env = f.envs().get(0);
            team = null;
            started = f.startedAt();
            finished = f.finishedAt();
        }
        for (String field : new String[] { service, env, team, started == null ? null : started.toString(),
                finished == null ? null : finished.toString(), mapper.writeValueAsString(v.envelope()),
                mapper.writeValueAsString(v.envelope().raw()) }) {
            w.write(',');
            if (field != null) {
                w.write(quoted(field));
            }
        }
        w.write('\n');
    }

    private static String quoted(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private double copySeconds(Path csv) {
        try (Connection c = benchDb(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS copy_target");
            s.execute("CREATE TABLE copy_target (connection_id uuid, event_id text, version bigint, deleted boolean,"
                    + " service text, env text, team text, started_at timestamptz, finished_at timestamptz, event jsonb, raw jsonb)");
            long t0 = System.nanoTime();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(csv), 1 << 16)) {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY copy_target FROM STDIN WITH (FORMAT csv)", in);
            }
            double seconds = seconds(t0);
            s.execute("DROP TABLE copy_target");
            return seconds;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("B1: the COPY ceiling failed", e);
        }
    }

    // ---------------------------------------------------------------- B2 and B3

    /**
     * B2 on the last growth step's dataset and, when {@code growth}, B3's curve (each step measured); without it the
     * topics are filled with B2's dataset at once and {@link QueryRows#b3()} is null.
     */
    QueryRows queryAndGrowth(Synthetic data, boolean growth) {
        String prefix = "q.";
        stack.kafka().createTopics(prefix, 3);
        stack.restart(AGGREGATOR, Map.of(PREFIX_PROPERTY, prefix), this::resetAggregator, READY);
        String all = "/api/v1/metrics/dora?from=" + BenchCommand.date(data.start()) + "&to=" + BenchCommand.date(data.end());
        String one = all + "&service=" + data.service(0);
        List<GrowthPoint> curve = new ArrayList<>();
        long deployments = 0;
        long failures = 0;
        long[] steps = sizes.growthSteps();
        for (long step : growth ? steps : new long[] { steps[steps.length - 1] }) {
            long stepFailures = Math.round(step * sizes.growthFailureShare());
            say("B3: growing the dataset to " + step + " deployments");
            Kafka.Fill fill = kafka.fill(prefix, data, deployments, step, failures, stepFailures);
            Kafka.await("B3: the aggregator applying " + fill.records() + " records", drainTimeout(fill.records()),
                    Duration.ofMillis(250), () -> kafka.aggregatorLag(prefix) == 0);
            deployments = step;
            failures = stepFailures;
            long served = count(get(all));
            if (served != step) {
                throw new IllegalStateException("B3: the gateway counts " + served + " deployments, expected " + step);
            }
            if (growth) {
                curve.add(new GrowthPoint(step, Figure.ofRuns(runs(() -> get(all)))));
            }
        }
        Row b2 = query(data, all, one);
        footprint.sample("after B2", stack.services().values());
        if (!growth) {
            return new QueryRows(b2, null, curve);
        }
        GrowthPoint small = curve.get(0);
        GrowthPoint large = curve.get(curve.size() - 1);
        Figure ratio = large.p50Millis().over(small.p50Millis());
        Row.Builder b3 = Row.of("B3", "growth of B2's p50 (concurrency 1, all services) with the events in the same cells");
        for (GrowthPoint p : curve) {
            b3.figure(String.format(java.util.Locale.ROOT, "p50 at %,d deployments", p.deployments()), p.p50Millis(), "ms");
        }
        b3.reference(String.format(java.util.Locale.ROOT, "B2 at %,d deployments", small.deployments()))
                .ratio(ratio)
                .target(String.format(java.util.Locale.ROOT, "p50 at %,d ≤ 2× p50 at %,d", large.deployments(), small.deployments()),
                        ratio.median() <= 2.0)
                .note(data.services() + " services × " + data.envs() + " envs × 24 months; plot: " + Report.PLOT);
        return new QueryRows(b2, b3.build(), curve);
    }

    private Row query(Synthetic data, String all, String one) {
        say("B2: the gateway at concurrency 1, 4 and 16; the naive statement");
        Row.Builder row = Row.of("B2", "GET /api/v1/metrics/dora through the gateway (cache off), 24-month window, warm");
        Figure allP50 = null;
        Figure allP99 = null;
        for (int c : CONCURRENCY) {
            List<Load.Result> results = new ArrayList<>();
            for (int run = 0; run < sizes.runs(); run++) {
                results.add(Load.run(c, sizes.warmup(), sizes.requests(), () -> get(all)));
            }
            Figure p50 = Figure.ofRuns(results.stream().map(r -> r.millis(50)).toList());
            Figure p99 = Figure.ofRuns(results.stream().map(r -> r.millis(99)).toList());
            if (c == 1) {
                allP50 = p50;
                allP99 = p99;
                row.figure("all services c=1 p50", p50, "ms").figure("all services c=1 p99", p99, "ms");
            } else {
                row.figure("all services c=" + c + " throughput",
                        Figure.ofRuns(results.stream().map(Load.Result::perSecond).toList()), "req/s");
                row.figure("all services c=" + c + " p99", p99, "ms");
            }
        }
        List<Load.Result> oneService = new ArrayList<>();
        for (int run = 0; run < sizes.runs(); run++) {
            oneService.add(Load.run(1, sizes.warmup(), sizes.requests(), () -> get(one)));
        }
        row.figure("one service c=1 p50", Figure.ofRuns(oneService.stream().map(r -> r.millis(50)).toList()), "ms");
        row.figure("one service c=1 p99", Figure.ofRuns(oneService.stream().map(r -> r.millis(99)).toList()), "ms");
        Figure naiveAll;
        Figure naiveOne;
        try (Connection c = aggregatorDb()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE INDEX IF NOT EXISTS bench_naive_service ON deployment (service, window_at) WHERE NOT deleted");
                s.execute("ANALYZE");
            }
            Instant from = data.start().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
            Instant to = data.end();
            long gatewayCount = count(get(all));
            try (PreparedStatement allStatement = c.prepareStatement(NaiveQuery.sql(false));
                    PreparedStatement oneStatement = c.prepareStatement(NaiveQuery.sql(true))) {
                long naiveCount = NaiveQuery.run(allStatement, from, to, null);
                if (naiveCount != gatewayCount) {
                    throw new IllegalStateException("B2: the naive statement counts " + naiveCount + " deployments, the gateway "
                            + gatewayCount);
                }
                naiveAll = Figure.ofRuns(runs(() -> NaiveQuery.run(allStatement, from, to, null)));
                naiveOne = Figure.ofRuns(runs(() -> NaiveQuery.run(oneStatement, from, to, data.service(0))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("B2: the naive statement failed", e);
        }
        row.figure("naive statement all services p50", naiveAll, "ms");
        row.figure("naive statement one service p50", naiveOne, "ms");
        Figure ratio = naiveAll.over(allP50);
        boolean ratioMet = ratio.median() >= 50;
        boolean p99Met = allP99.median() <= 50;
        return row.reference("one SQL statement over the raw events table (percentile_cont, counts), indexed, c=1")
                .ratio(ratio)
                .target("≥ 50× faster than the naive statement at c=1 (" + (ratioMet ? "met" : "missed") + "); p99 ≤ 50 ms at c=1 ("
                        + (p99Met ? "met" : "missed") + ")", ratioMet && p99Met)
                .note(String.format(java.util.Locale.ROOT, "%,d deployments, %d services × %d envs; ratio = naive p50 / gateway p50;"
                        + " one service: naive p50 / gateway p50 = %s", count(get(all)), data.services(), data.envs(),
                        Figure.number(naiveOne.median() / Figure.ofRuns(oneService.stream().map(r -> r.millis(50)).toList()).median())))
                .build();
    }

    /** p50 (ms) of {@code sizes.runs()} load runs of one caller. */
    private List<Double> runs(java.util.concurrent.Callable<?> call) {
        List<Double> p50 = new ArrayList<>();
        for (int run = 0; run < sizes.runs(); run++) {
            p50.add(Load.run(1, sizes.warmup(), sizes.requests(), call).millis(50));
        }
        return p50;
    }

    private String get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.gatewayUri() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + stack.adminToken()).header("Accept", "application/json").build();
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static long count(String summary) {
        try {
            JsonNode n = JSON.readTree(summary).path("deploymentFrequency").path("count");
            if (!n.canConvertToLong()) {
                throw new IllegalStateException("the summary has no deploymentFrequency.count: " + summary);
            }
            return n.asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** With the aggregator stopped: a new empty database (it migrates at start) and no consumer offsets. */
    void resetAggregator() {
        try (Connection c = DriverManager.getConnection(stack.postgres().jdbcUrl("postgres"), PostgresServer.USER, "postgres");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS aggregator WITH (FORCE)");
            s.execute("CREATE DATABASE aggregator");
        } catch (SQLException e) {
            throw new IllegalStateException("resetting the aggregator's database failed", e);
        }
        kafka.deleteAggregatorGroups();
    }

    private Connection aggregatorDb() throws SQLException {
        return DriverManager.getConnection(stack.postgres().jdbcUrl("aggregator"), PostgresServer.USER, "postgres");
    }

    private Connection benchDb() throws SQLException {
        try (Connection c = DriverManager.getConnection(stack.postgres().jdbcUrl("postgres"), PostgresServer.USER, "postgres");
                Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'bench'")) {
            if (!r.next()) {
                s.execute("CREATE DATABASE bench");
            }
        }
        return DriverManager.getConnection(stack.postgres().jdbcUrl("bench"), PostgresServer.USER, "postgres");
    }

    private static long scalar(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static Duration drainTimeout(long records) {
        return Duration.ofMinutes(3).plusSeconds(records / 200);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static Figure single(double v) {
        return Figure.ofRuns(List.of(v));
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temporary file: the work directory is removed at the end anyway
        }
    }

    private static void say(String m) {
        System.out.println("… " + m);
    }
}
