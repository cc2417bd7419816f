package io.dorastream.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.devstack.run.LocalStack;
import io.dorastream.devstack.simulator.DatasetSpec;

/**
 * The walking skeleton end to end, with the packaged services as separate processes: simulator →
 * connector → Kafka → aggregator → PostgreSQL → gateway. The gateway's deployment count must equal
 * the count computed independently from the simulator's exported dataset.
 */
class PipelineIT {

    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(Stacks.options("pipeline", "it-admin-token",
                DatasetSpec.demo().withSeed(11).withServices(5).withMonthsBack(2)));
    }

    @AfterAll
    static void stop() {
        Stacks.stop(stack);
    }

    @Test
    void gatewayCountsWhatTheSimulatorServes() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant from = today.minusDays(90).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        long expected = stack.expectedDeployments(from, to);
        assertTrue(expected > 100, "a demo dataset of some size: " + expected);

        String path = "/api/v1/metrics/dora?from=" + from + "&to=" + to;
        // dataAsOf is a promise: it appears once both streams' watermarks and the events they cover are applied
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    JsonNode s = stack.call("GET", path, null, 200);
                    return count(s) == expected && s.hasNonNull("dataAsOf");
                });

        JsonNode summary = stack.call("GET", path, null, 200);
        assertEquals(expected, count(summary));
        assertTrue(summary.hasNonNull("dataAsOf"), "watermarks reached the aggregator");

        // A window cutting days in half, filtered to one service: rollups for whole days, raw events for the edges.
        ObjectNode first = stack.simulator().export().deployments().get(0);
        String service = first.path("attributes").path("service").asText();
        Instant edgeFrom = today.minusDays(40).atStartOfDay(ZoneOffset.UTC).plusHours(13).toInstant();
        Instant edgeTo = today.minusDays(3).atStartOfDay(ZoneOffset.UTC).plusHours(7).toInstant();
        long expectedForService = stack.simulator().export().deployments().stream()
                .filter(d -> d.path("attributes").path("service").asText().equals(service))
                .map(PipelineIT::windowInstant)
                .filter(i -> !i.isBefore(edgeFrom) && i.isBefore(edgeTo)).count();
        JsonNode filtered = stack.call("GET", "/api/v1/metrics/dora?from=" + edgeFrom + "&to=" + edgeTo + "&service=" + service,
                null, 200);
        assertEquals(expectedForService, count(filtered));
    }

    @Test
    void connectionsAreServedThroughTheGatewayWithoutKeys() {
        JsonNode list = stack.call("GET", "/api/v1/connections", null, 200);
        assertEquals(1, list.path("items").size());
        JsonNode demo = list.path("items").get(0);
        assertEquals(LocalStack.DEMO_CONNECTION_NAME, demo.path("name").asText());
        assertFalse(demo.has("apiKey") || demo.has("appKey"));
        assertTrue(demo.path("apiKeyHint").asText().startsWith("…"));
        JsonNode sync = stack.call("GET", "/api/v1/connections/" + demo.path("id").asText() + "/sync", null, 200);
        assertTrue(sync.path("streams").has("deployments") && sync.path("streams").has("failures"));
    }

    private static long count(JsonNode summary) {
        return summary.path("deploymentFrequency").path("count").asLong(-1);
    }

    private static Instant windowInstant(ObjectNode d) {
        JsonNode a = d.path("attributes");
        return Instant.parse(a.hasNonNull("finished_at") ? a.get("finished_at").asText() : a.get("started_at").asText());
    }
}
