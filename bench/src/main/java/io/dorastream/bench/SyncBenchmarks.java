package io.dorastream.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.devstack.run.LocalStack;
import io.dorastream.devstack.simulator.Dataset;
import io.dorastream.devstack.simulator.SimulatorStats;

/** The benchmarks of the connector's side: B4 backfill and B5 freshness, against the rate-limited simulator. */
final class SyncBenchmarks {

    /** Datadog's largest page ({@code limit}). */
    static final int PAGE = 1000;
    private static final String LIST_DEPLOYMENTS = "POST /api/v2/dora/deployments";
    private static final String LIST_FAILURES = "POST /api/v2/dora/failures";
    private static final String FRESH_ENV = "bench-fresh";
    private static final int POLL_SECONDS = 10;
    /** The prefix of the event topics the connector publishes to: none ({@code dorastream.kafka.topic-prefix}). */
    private static final String CONNECTOR_TOPICS = "";

    private final LocalStack stack;
    private final Kafka kafka;
    private final Sizes sizes;
    private final Footprint footprint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String connectionId;

    private final Runnable resetAggregator;

    /** {@code resetAggregator} empties the aggregator's database and offsets (it is stopped meanwhile). */
    SyncBenchmarks(LocalStack stack, Kafka kafka, Sizes sizes, Footprint footprint, Runnable resetAggregator) {
        this.stack = stack;
        this.kafka = kafka;
        this.resetAggregator = resetAggregator;
        this.sizes = sizes;
        this.footprint = footprint;
    }

    /**
     * B4: from creating the connection to both streams live, each run on a fresh aggregator database and a full rate
     * budget (a minute without requests before it). Each run then waits for the aggregator to have applied the whole
     * backfill (its committed offsets at the event topics' ends), reported beside the wall time, so that the next run
     * and B5 start without a backlog.
     */
    Row backfill() {
        // the aggregator back on the connector's topics (B1-B3 had it read others), from an empty database
        stack.restart(StoreBenchmarks.AGGREGATOR, Map.of(), resetAggregator, Duration.ofMinutes(3));
        Dataset data = stack.simulator().export();
        long deployments = data.deployments().size();
        long failures = data.failures().size();
        long idealRequests = idealRequests(data.deployments(), true) + idealRequests(data.failures(), false);
        double idealSeconds = idealRequests * 60.0 / sizes.ratePerMinute();
        List<Double> wall = new ArrayList<>();
        List<Double> applied = new ArrayList<>();
        List<Double> lists = new ArrayList<>();
        List<Double> rejected = new ArrayList<>();
        for (int run = 0; run < sizes.runs(); run++) {
            if (connectionId != null) {
                stack.call("DELETE", "/api/v1/connections/" + connectionId, null, 204);
                connectionId = null;
                sleep(Duration.ofSeconds(61)); // a full rate budget for the next run
            }
            say("B4 run " + (run + 1) + "/" + sizes.runs() + ": backfilling " + deployments + " deployments and " + failures
                    + " failures at " + sizes.ratePerMinute() + " requests/min");
            SimulatorStats stats = stack.simulator().stats();
            stats.reset();
            long t0 = System.nanoTime();
            connectionId = stack.ensureDemoConnection();
            Kafka.await("B4: the backfill", Duration.ofSeconds((long) (idealSeconds * 6) + 600), Duration.ofMillis(250),
                    this::allLive);
            wall.add((System.nanoTime() - t0) / 1e9);
            Kafka.await("B4: the aggregator applying the backfill", Duration.ofMinutes(10), Duration.ofMillis(250),
                    () -> kafka.aggregatorLag(CONNECTOR_TOPICS) == 0);
            applied.add((System.nanoTime() - t0) / 1e9);
            lists.add((double) (stats.count(LIST_DEPLOYMENTS) + stats.count(LIST_FAILURES)));
            rejected.add((double) stats.rateLimited());
        }
        Figure time = Figure.ofRuns(wall);
        Figure ratio = time.over(Figure.ofRuns(List.of(idealSeconds)));
        Figure tooMany = Figure.ofRuns(rejected);
        return Row.of("B4", "the connector backfilling the simulator's dataset (rate-limited) until both streams are live")
                .figure("wall time", time, "s")
                .figure("applied by the aggregator (not in the ratio)", Figure.ofRuns(applied), "s")
                .figure("list requests", Figure.ofRuns(lists), "requests")
                .figure("429 answers", tooMany, "answers")
                .figure("ideal", Figure.ofRuns(List.of(idealSeconds)), "s")
                .reference("the ideal: " + idealRequests + " list requests (⌈events / " + PAGE + "⌉ per stream plus the splits"
                        + " of seconds holding more than " + PAGE + " events) at " + sizes.ratePerMinute() + " requests/min")
                .ratio(ratio)
                .target("wall time ≤ 1.25× the ideal, zero 429s", ratio.median() <= 1.25 && tooMany.high() == 0)
                .note(String.format(java.util.Locale.ROOT, "%,d deployments and %,d failures: %d services × %d envs × %d months;"
                        + " wall time from creating the connection (keys validated first) to both streams live; applied: to"
                        + " the aggregator's committed offsets at the event topics' ends (committed every second)",
                        deployments, failures, sizes.backfill().services(), sizes.backfill().environments(),
                        sizes.backfill().monthsBack()))
                .build();
    }

    /** Fewest list requests that can cover a stream: ⌈n / 1000⌉, plus the further pages its crowded seconds force. */
    static long idealRequests(List<ObjectNode> events, boolean deployments) {
        Map<String, Integer> perSecond = new HashMap<>();
        for (ObjectNode e : events) {
            JsonNode a = e.path("attributes");
            String at = deployments && a.hasNonNull("finished_at") ? a.get("finished_at").asText() : a.path("started_at").asText();
            perSecond.merge(Instant.parse(at).truncatedTo(ChronoUnit.SECONDS).toString(), 1, Integer::sum);
        }
        long splits = perSecond.values().stream().filter(n -> n > PAGE).mapToLong(n -> (n + PAGE - 1) / PAGE).sum();
        return (events.size() + PAGE - 1) / PAGE + splits;
    }

    private boolean allLive() {
        JsonNode status = stack.call("GET", "/api/v1/connections/" + connectionId + "/sync", null, 200);
        JsonNode streams = status.path("streams");
        if (streams.size() == 0) {
            return false;
        }
        for (JsonNode s : streams) {
            if (!"live".equals(s.path("state").asText())) {
                return false;
            }
        }
        return true;
    }

    /**
     * B5: events sent to the simulator one every {@code freshSpacing}; each is visible when the gateway's summary of
     * their environment counts it (the summary is read every 100 ms; the k-th event is visible once the count reaches k).
     * It runs after {@link #backfill}, which leaves the aggregator without a backlog: an event measures the poll and the
     * pipeline, not the rest of a backfill queued before it.
     */
    Row freshness() {
        int n = sizes.freshEvents();
        say("B5: " + n + " events, one every " + sizes.freshSpacing().toMillis() + " ms");
        String path = "/api/v1/metrics/dora?from=" + BenchCommand.date(Instant.now().minus(Duration.ofDays(1))) + "&to="
                + BenchCommand.date(Instant.now().plus(Duration.ofDays(1))) + "&env=" + FRESH_ENV;
        long base = count(path);
        long[] created = new long[n];
        long[] visible = new long[n];
        RuntimeException[] senderFailed = new RuntimeException[1];
        Thread sender = new Thread(() -> {
            try {
                for (int k = 0; k < n; k++) {
                    send(k);
                    created[k] = System.nanoTime();
                    sleep(sizes.freshSpacing());
                }
            } catch (RuntimeException e) {
                senderFailed[0] = e;
            }
        }, "bench-b5-sender");
        sender.start();
        int seen = 0;
        long deadline = System.nanoTime() + sizes.freshSpacing().multipliedBy(n).plusSeconds(5L * POLL_SECONDS + 60).toNanos();
        while (seen < n) {
            if (senderFailed[0] != null) {
                throw senderFailed[0];
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("B5: only " + seen + " of " + n + " events became visible");
            }
            long c = count(path) - base;
            long now = System.nanoTime();
            while (seen < c && seen < n) {
                visible[seen++] = now;
            }
            sleep(Duration.ofMillis(100));
        }
        try {
            sender.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Histogram h = new Histogram(3);
        for (int k = 0; k < n; k++) {
            h.recordValue(Math.max(1, (visible[k] - created[k]) / 1_000_000));
        }
        double p10 = h.getValueAtPercentile(10) / 1000.0;
        double p50 = h.getValueAtPercentile(50) / 1000.0;
        double p90 = h.getValueAtPercentile(90) / 1000.0;
        double p99 = h.getValueAtPercentile(99) / 1000.0;
        Figure median = new Figure(p50, p10, p90, "p10-p90", n);
        Figure tail = new Figure(p99, h.getMinValue() / 1000.0, h.getMaxValue() / 1000.0, "min-max", n);
        footprint.sample("after B5", stack.services().values());
        return Row.of("B5", "an event created in the simulator → visible in the summary through the gateway")
                .figure("p50", median, "s")
                .figure("p99", tail, "s")
                .reference("the poll interval (" + POLL_SECONDS + " s)")
                .ratio(Figure.ofRuns(List.of(p99 / POLL_SECONDS)))
                .target("p99 ≤ poll interval + 2 s", p99 <= POLL_SECONDS + 2)
                .note(n + " deployments sent one every " + sizes.freshSpacing().toMillis() + " ms while the connection is live;"
                        + " visibility read every 100 ms (resolution)")
                .build();
    }

    private void send(int k) {
        long now = Instant.now().getEpochSecond();
        String body = "{\"data\":{\"attributes\":{\"service\":\"fresh-" + k + "\",\"env\":\"" + FRESH_ENV + "\",\"started_at\":"
                + (now - 120) + ",\"finished_at\":" + now + "}}}";
        HttpRequest r = HttpRequest.newBuilder(URI.create(stack.simulator().baseUri() + "/api/v2/dora/deployment"))
                .timeout(Duration.ofSeconds(10)).header("DD-API-KEY", stack.simulatorApiKey())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> answer = http.send(r, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("B5: the simulator refused event " + k + ": " + answer.statusCode() + " "
                        + answer.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("B5: sending event " + k + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long count(String path) {
        return stack.call("GET", path, null, 200).path("deploymentFrequency").path("count").asLong();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void say(String m) {
        System.out.println("… " + m);
    }
}
