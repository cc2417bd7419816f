package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real Datadog's quirks the simulator imitates: a silent page cap, slow heavy pages, live shapes, zero times, odd values. */
class ListQuirksTest {

    private static final String DAY = "{\"from\":\"2026-03-01T00:00:00Z\",\"to\":\"2026-03-02T00:00:00Z\",\"limit\":1000}";

    /** 300 deployments on 2026-03-01, one still running, and an open and a closed failure. */
    private static Dataset data() {
        List<com.fasterxml.jackson.databind.node.ObjectNode> deployments = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Instant start = Instant.parse("2026-03-01T00:00:00Z").plusSeconds(i * 60L);
            deployments.add(TestEvents.deployment("d" + i, "s" + (i % 7), "prod", start.toString(),
                    i == 299 ? null : start.plusSeconds(30).toString()));
        }
        return new Dataset(deployments, List.of(
                TestEvents.failure("f-open", List.of("a", "b"), "prod", "2026-03-01T11:15:00Z", null),
                TestEvents.failure("f-closed", List.of("a"), "prod", "2026-03-01T09:00:00Z", "2026-03-01T10:00:00Z")));
    }

    private static DatadogSimulator start(ListQuirks quirks) {
        DatadogSimulator simulator = DatadogSimulator.start(SimulatorConfig.builder().listQuirks(quirks).build());
        simulator.clock().set(Instant.parse("2026-03-02T00:00:00Z"));
        simulator.load(data());
        return simulator;
    }

    @Test
    void aPageCapSilentlyListsFewerThanAsked() {
        try (DatadogSimulator simulator = start(ListQuirks.defaults().withPageCap(137))) {
            SimClient.Reply reply = new SimClient(simulator).listDeployments(DAY);
            assertEquals(200, reply.status());
            assertEquals(137, reply.json().path("data").size());
            simulator.listQuirks(ListQuirks.defaults());
            assertEquals(300, new SimClient(simulator).listDeployments(DAY).json().path("data").size());
        }
    }

    @Test
    void aHeavyPageTimesOutAtTheGatewayWhileALightOneAnswers() {
        // 100 µs per event, 20 ms at the gateway: up to 200 events answer
        try (DatadogSimulator simulator = start(ListQuirks.defaults().withLatency(100, 20))) {
            SimClient client = new SimClient(simulator);
            long start = System.nanoTime();
            assertEquals(504, client.listDeployments(DAY).status());
            assertTrue(System.nanoTime() - start >= 20_000_000L, "held until the gateway gives up");
            SimClient.Reply light = client.listDeployments(
                    "{\"from\":\"2026-03-01T00:00:00Z\",\"to\":\"2026-03-01T02:00:00Z\",\"limit\":1000}");
            assertEquals(200, light.status());
            assertEquals(121, light.json().path("data").size(), "two hours of one a minute, both bounds inclusive");
        }
    }

    @Test
    void liveShapesByDefault() {
        try (DatadogSimulator simulator = start(ListQuirks.defaults())) {
            SimClient client = new SimClient(simulator);
            JsonNode deployments = client.listDeployments(DAY).json().path("data");
            JsonNode finished = find(deployments, "d10").path("attributes");
            for (String key : List.of("source", "created_at", "duration", "number_of_pull_requests", "pull_requests",
                    "averaged_metrics", "custom")) {
                assertTrue(finished.has(key), key + " in " + finished);
            }
            assertTrue(finished.path("created_at").asText().contains("."), "fractional seconds: " + finished.path("created_at"));
            assertFalse(find(deployments, "d299").path("attributes").has("finished_at"), "running: no finished_at");
            JsonNode open = find(client.listFailures(DAY).json().path("data"), "f-open").path("attributes");
            assertTrue(open.path("service").isArray() && open.path("env").isArray(), open.toString());
            for (String key : List.of("created_at", "source", "custom", "internal")) {
                assertTrue(open.has(key), key + " in " + open);
            }
            assertFalse(open.has("finished_at"));

            simulator.listQuirks(ListQuirks.documented());
            JsonNode documented = find(client.listDeployments(DAY).json().path("data"), "d10").path("attributes");
            assertFalse(documented.has("source") || documented.has("pull_requests"), documented.toString());
        }
    }

    @Test
    void zeroTimesOnRunningDeploymentsAndOpenFailures() {
        try (DatadogSimulator simulator = start(ListQuirks.defaults().withZeroTimes(true))) {
            SimClient client = new SimClient(simulator);
            JsonNode deployments = client.listDeployments(DAY).json().path("data");
            assertEquals(WireShapes.ZERO_TIME, find(deployments, "d299").path("attributes").path("finished_at").asText());
            assertEquals("2026-03-01T00:10:30Z", find(deployments, "d10").path("attributes").path("finished_at").asText());
            JsonNode failures = client.listFailures(DAY).json().path("data");
            assertEquals(WireShapes.ZERO_TIME, find(failures, "f-open").path("attributes").path("finished_at").asText());
        }
    }

    /** Malformed attributes at a share, the same events in every answer, including an out-of-range integer. */
    @Test
    void malformedOptionalAttributesAtAShare() {
        try (DatadogSimulator simulator = start(ListQuirks.defaults().withMalformedShare(0.2))) {
            SimClient client = new SimClient(simulator);
            Set<String> first = malformed(client.listDeployments(DAY).json().path("data"));
            assertEquals(first, malformed(client.listDeployments(DAY).json().path("data")), "chosen by id");
            assertTrue(first.size() >= 35 && first.size() <= 85, "about 20 % of 300: " + first.size());
            boolean outOfRange = false;
            for (JsonNode item : client.listDeployments(DAY).json().path("data")) {
                outOfRange |= item.path("attributes").path("number_of_pull_requests").asLong() > Integer.MAX_VALUE;
            }
            assertTrue(outOfRange, "an integer beyond 32 bits among them");
        }
    }

    private static Set<String> malformed(JsonNode items) {
        Set<String> ids = new TreeSet<>();
        for (JsonNode item : items) {
            JsonNode a = item.path("attributes");
            boolean odd = a.path("number_of_pull_requests").asLong() > Integer.MAX_VALUE
                    || a.path("duration").isTextual() || a.path("number_of_commits").isTextual()
                    || !parses(a.path("created_at").asText())
                    || a.path("change_failure").isTextual()
                    || a.path("pull_requests").path(0).path("created_at").asText().equals("soon");
            if (odd) {
                ids.add(item.path("id").asText());
            }
        }
        return ids;
    }

    private static boolean parses(String time) {
        try {
            Timestamps.parseRfc3339(time);
            return true;
        } catch (java.time.DateTimeException e) {
            return false;
        }
    }

    private static JsonNode find(JsonNode items, String id) {
        for (JsonNode item : items) {
            if (item.path("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError(id + " not listed");
    }
}
