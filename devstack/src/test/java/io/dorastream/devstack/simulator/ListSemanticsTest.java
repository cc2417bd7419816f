package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** List windows, bounds, sort orders, limits and retention under every configuration. */
class ListSemanticsTest {

    private static final String WINDOW = "{\"from\":\"2026-03-01T11:00:00Z\",\"to\":\"2026-03-01T12:00:00Z\",\"limit\":100}";

    /** Inserted out of order on purpose; started / finished times chosen to sit on the bounds. */
    private static Dataset boundaryData() {
        return new Dataset(List.of(
                TestEvents.deployment("d3", "a", "prod", "2026-03-01T11:30:00Z", "2026-03-01T13:00:00Z"),
                TestEvents.deployment("d1", "a", "prod", "2026-03-01T10:00:00Z", "2026-03-01T10:05:00Z"),
                TestEvents.deployment("d4", "b", "prod", "2026-03-01T12:00:00Z", "2026-03-01T12:10:00Z"),
                TestEvents.deployment("d2", "b", "prod", "2026-03-01T11:00:00Z", "2026-03-01T12:00:00Z"),
                TestEvents.deployment("d5", "c", "prod", "2026-03-01T10:30:00Z", "2026-03-01T11:00:00Z")),
                List.of(TestEvents.failure("f-open", List.of("a"), "prod", "2026-03-01T11:15:00Z", null)));
    }

    private static DatadogSimulator start(SimulatorConfig config) {
        DatadogSimulator simulator = DatadogSimulator.start(config);
        simulator.clock().set(Instant.parse("2026-03-02T00:00:00Z"));
        simulator.load(boundaryData());
        return simulator;
    }

    @ParameterizedTest(name = "{0} fromInclusive={1} toInclusive={2} -> {3}")
    @CsvSource({
            "STARTED_AT,  true,  false, d2 d3",
            "STARTED_AT,  false, false, d3",
            "STARTED_AT,  true,  true,  d2 d3 d4",
            "STARTED_AT,  false, true,  d3 d4",
            "FINISHED_AT, true,  false, d5",
            "FINISHED_AT, false, false, ''",
            "FINISHED_AT, true,  true,  d2 d5",
            "FINISHED_AT, false, true,  d2"})
    void windowBounds(SimulatorConfig.FilterField field, boolean fromInclusive, boolean toInclusive, String expected) {
        SimulatorConfig config = SimulatorConfig.builder().filterField(field)
                .fromInclusive(fromInclusive).toInclusive(toInclusive).build();
        try (DatadogSimulator simulator = start(config)) {
            SimClient.Reply reply = new SimClient(simulator).listDeployments(WINDOW);
            assertEquals(200, reply.status(), reply.body());
            assertEquals(idSet(expected), new TreeSet<>(TestEvents.ids(reply.json())));
        }
    }

    @Test
    void openFailureFallsBackToStartedAtUnderFinishedAtFiltering() {
        SimulatorConfig config = SimulatorConfig.builder().filterField(SimulatorConfig.FilterField.FINISHED_AT).build();
        try (DatadogSimulator simulator = start(config)) {
            assertEquals(List.of("f-open"), TestEvents.ids(new SimClient(simulator).listFailures(WINDOW).json()));
        }
    }

    @ParameterizedTest
    @CsvSource({
            "STARTED_AT_ASC,   d1 d5 d2 d3 d4",
            "STARTED_AT_DESC,  d4 d3 d2 d5 d1",
            "FINISHED_AT_ASC,  d1 d5 d2 d4 d3",
            "FINISHED_AT_DESC, d3 d4 d2 d5 d1",
            "INSERTION,        d3 d1 d4 d2 d5"})
    void defaultSortOrders(SimulatorConfig.SortOrder order, String expected) {
        try (DatadogSimulator simulator = start(SimulatorConfig.builder().defaultSort(order).build())) {
            SimClient.Reply reply = new SimClient(simulator).listDeployments(
                    "{\"from\":\"2026-03-01T00:00:00Z\",\"to\":\"2026-03-02T00:00:00Z\",\"limit\":100}");
            assertEquals(Arrays.asList(expected.split(" ")), TestEvents.ids(reply.json()));
        }
    }

    @ParameterizedTest
    @CsvSource({
            "started_at,   d1 d5 d2 d3 d4",
            "-started_at,  d4 d3 d2 d5 d1",
            "finished_at,  d1 d5 d2 d4 d3",
            "-finished_at, d3 d4 d2 d5 d1"})
    void requestedSortOverridesTheDefault(String sort, String expected) {
        SimulatorConfig config = SimulatorConfig.builder().defaultSort(SimulatorConfig.SortOrder.INSERTION).build();
        try (DatadogSimulator simulator = start(config)) {
            SimClient.Reply reply = new SimClient(simulator).listDeployments("{\"from\":\"2026-03-01T00:00:00Z\","
                    + "\"to\":\"2026-03-02T00:00:00Z\",\"limit\":100,\"sort\":\"" + sort + "\"}");
            assertEquals(Arrays.asList(expected.split(" ")), TestEvents.ids(reply.json()));
        }
    }

    @Test
    void limitDefaultsToTenKeepsTheFirstInSortOrderAndAllowsAThousand() {
        List<ObjectNode> many = new ArrayList<>();
        Instant first = Instant.parse("2026-03-01T00:00:00Z");
        for (int i = 0; i < 1200; i++) {
            many.add(TestEvents.deployment("dep-" + i, "svc", "prod", first.plusSeconds(i).toString(), null));
        }
        try (DatadogSimulator simulator = DatadogSimulator.start(SimulatorConfig.defaults())) {
            simulator.clock().set(Instant.parse("2026-03-02T00:00:00Z"));
            simulator.load(new Dataset(many, List.of()));
            SimClient client = new SimClient(simulator);
            String window = "\"from\":\"2026-03-01T00:00:00Z\",\"to\":\"2026-03-02T00:00:00Z\"";
            List<String> byDefault = TestEvents.ids(client.listDeployments("{" + window + "}").json());
            assertEquals(10, byDefault.size());
            assertEquals("dep-1199", byDefault.get(0), "newest first by default");
            List<String> oldest = TestEvents.ids(client.listDeployments("{" + window + ",\"sort\":\"started_at\"}").json());
            assertEquals("dep-0", oldest.get(0));
            assertEquals(1000, client.listDeployments("{" + window + ",\"limit\":1000}").json().get("data").size());
            for (String invalid : List.of("1001", "0", "-5", "\"10\"", "2.5")) {
                SimClient.Reply reply = client.listDeployments("{" + window + ",\"limit\":" + invalid + "}");
                assertEquals(400, reply.status(), "limit " + invalid);
                assertTrue(reply.json().at("/errors/0/detail").asText().contains("limit"), reply.body());
            }
        }
    }

    @Test
    void invalidWindowsAreRefused() {
        try (DatadogSimulator simulator = start(SimulatorConfig.defaults())) {
            SimClient client = new SimClient(simulator);
            for (String attributes : List.of("{\"from\":\"2026-03-01\"}", "{\"to\":\"yesterday\"}", "{\"from\":1700000000}",
                    "{\"from\":\"2026-03-02T00:00:00Z\",\"to\":\"2026-03-01T00:00:00Z\"}", "{\"sort\":\"name\"}")) {
                SimClient.Reply reply = client.listDeployments(attributes);
                assertEquals(400, reply.status(), attributes);
                assertEquals("application/vnd.api+json", reply.contentType());
                assertEquals("Bad Request", reply.json().at("/errors/0/title").asText());
            }
        }
    }

    @Test
    void missingBoundsMeanRetentionStartToNow() {
        try (DatadogSimulator simulator = start(SimulatorConfig.defaults())) {
            assertEquals(5, new SimClient(simulator).listDeployments("{\"limit\":100}").json().get("data").size());
        }
    }

    @Test
    void eventsOlderThanTwoYearsAreNotServed() {
        try (DatadogSimulator simulator = DatadogSimulator.start(SimulatorConfig.defaults())) {
            simulator.clock().set(Instant.parse("2026-03-02T00:00:00Z"));
            simulator.load(new Dataset(List.of(
                    TestEvents.deployment("old", "a", "prod", "2024-03-01T23:59:59Z", null),
                    TestEvents.deployment("kept", "a", "prod", "2024-03-02T00:00:00Z", null)), List.of()));
            SimClient client = new SimClient(simulator);
            assertEquals(List.of("kept"), TestEvents.ids(client.listDeployments(
                    "{\"from\":\"2024-01-01T00:00:00Z\",\"to\":\"2026-01-01T00:00:00Z\"}").json()));
            assertEquals(404, client.get("/api/v2/dora/deployments/old").status());
            assertEquals(200, client.get("/api/v2/dora/deployments/kept").status());
            assertEquals(1, simulator.export().deployments().size());
        }
    }

    @Test
    void epochNanosTimestampsAreThePre2026WireForm() {
        SimulatorConfig config = SimulatorConfig.builder().timestampFormat(SimulatorConfig.TimestampFormat.EPOCH_NANOS).build();
        try (DatadogSimulator simulator = start(config)) {
            SimClient client = new SimClient(simulator);
            ObjectNode item = (ObjectNode) client.get("/api/v2/dora/deployments/d2").json().get("data");
            assertEquals(1_772_362_800_000_000_000L, item.at("/attributes/started_at").asLong());
            assertTrue(item.at("/attributes/finished_at").isIntegralNumber());
            assertTrue(client.listFailures(WINDOW).json().at("/data/0/attributes/started_at").isIntegralNumber());
            assertEquals("2026-03-01T11:00:00Z", simulator.export().deployments().stream()
                    .filter(d -> d.get("id").asText().equals("d2")).findFirst().orElseThrow()
                    .at("/attributes/started_at").asText(), "export keeps RFC 3339");
        }
    }

    @ParameterizedTest
    @EnumSource(EventStream.class)
    void listRequestsNeedTheirExactType(EventStream stream) {
        try (DatadogSimulator simulator = start(SimulatorConfig.defaults())) {
            String path = stream == EventStream.DEPLOYMENTS ? "/api/v2/dora/deployments" : "/api/v2/dora/failures";
            String expected = stream == EventStream.DEPLOYMENTS ? "dora_deployments_list_request" : "dora_failures_list_request";
            SimClient.Reply reply = new SimClient(simulator).post(path,
                    "{\"data\":{\"type\":\"dora_list_request\",\"attributes\":{}}}");
            assertEquals(400, reply.status());
            assertEquals("got type \"dora_list_request\" expected one of \"" + expected + "\"",
                    reply.json().at("/errors/0/detail").asText());
            assertEquals(400, new SimClient(simulator).post(path, "not json").status());
        }
    }

    private static Set<String> idSet(String ids) {
        Set<String> set = new TreeSet<>();
        for (String id : ids.split(" ")) {
            if (!id.isBlank()) {
                set.add(id);
            }
        }
        return set;
    }
}
