package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The unauthenticated {@code /_sim/} control endpoints. */
class AdminEndpointsTest {

    private DatadogSimulator simulator;
    private SimClient admin;

    @BeforeEach
    void start() {
        simulator = DatadogSimulator.start(SimulatorConfig.defaults());
        admin = new SimClient(simulator).withKeys(null, null);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void faultsAreReadAndReplaced() {
        JsonNode defaults = admin.get("/_sim/faults").json();
        assertEquals(0.0, defaults.get("error5xx").asDouble());
        assertEquals(FaultConfig.DEFAULT_TIMEOUT_HOLD_MILLIS, defaults.get("timeoutHoldMillis").asLong());

        SimClient.Reply put = admin.put("/_sim/faults", "{\"seed\":3,\"error5xx\":0.25,\"latencyMillis\":5}");
        assertEquals(200, put.status(), put.body());
        assertEquals(FaultConfig.none().withSeed(3).withError5xx(0.25).withLatencyMillis(5), simulator.faults());
        assertEquals(0.25, admin.get("/_sim/faults").json().get("error5xx").asDouble());

        assertEquals(400, admin.put("/_sim/faults", "{\"error5xx\":2}").status());
        assertEquals(400, admin.put("/_sim/faults", "{\"bogus\":1}").status());
        assertEquals(400, admin.put("/_sim/faults", "[1]").status());
    }

    @Test
    void theClockIsFrozenAdvancedAndReleased() {
        assertTrue(admin.get("/_sim/clock").json().get("system").asBoolean());
        JsonNode frozen = admin.put("/_sim/clock", "{\"now\":\"2026-03-01T10:00:00Z\"}").json();
        assertEquals("2026-03-01T10:00:00Z", frozen.get("now").asText());
        assertFalse(frozen.get("system").asBoolean());
        assertEquals(Instant.parse("2026-03-01T10:00:00Z"), simulator.clock().now());
        assertEquals("2026-03-01T11:30:00Z", admin.put("/_sim/clock", "{\"advance\":\"PT1H30M\"}").json().get("now").asText());
        assertTrue(admin.put("/_sim/clock", "{\"system\":true}").json().get("system").asBoolean());
        assertEquals(400, admin.put("/_sim/clock", "{\"now\":\"tomorrow\"}").status());
        assertEquals(400, admin.put("/_sim/clock", "{}").status());
    }

    @Test
    void theDatasetIsLoadedAndExported() {
        simulator.clock().set(Instant.parse("2026-04-15T12:00:00Z"));
        Dataset dataset = DatasetGenerator.generate(DatasetSpec.demo().withServices(2).withMonthsBack(1), simulator.clock().now());
        SimClient.Reply put = admin.put("/_sim/dataset", dataset.toJson());
        assertEquals(200, put.status(), put.body());
        assertEquals(dataset.deployments().size(), put.json().get("deployments").asInt());
        assertEquals(dataset, Dataset.fromJson(admin.get("/_sim/dataset").body()));
        assertEquals(dataset, simulator.export());
        assertEquals(400, admin.put("/_sim/dataset", "{\"deployments\":[{\"id\":\"x\"}]}").status());
        assertEquals(dataset, simulator.export(), "a refused load changes nothing");
    }

    @Test
    void statsCountApiRequestsOnlyAndReset() {
        SimClient api = new SimClient(simulator);
        api.get("/api/v1/validate");
        api.get("/api/v2/dora/deployments/none");
        api.get("/api/v2/elsewhere");
        JsonNode stats = admin.get("/_sim/stats").json();
        assertEquals(3, stats.get("total").asLong());
        assertEquals(1, stats.at("/byEndpoint/GET ~1api~1v1~1validate/200").asLong());
        assertEquals(1, stats.at("/byEndpoint/GET ~1api~1v2~1dora~1deployments~1{id}/404").asLong());
        assertEquals(1, stats.at("/byEndpoint/unknown/404").asLong());
        assertEquals(1, simulator.stats().count("GET /api/v2/dora/deployments/{id}"));
        assertEquals(0, admin.delete("/_sim/stats").json().get("total").asLong());
        assertEquals(0, simulator.stats().total());
    }

    @Test
    void unknownAdminPathsAre404() {
        assertEquals(404, admin.get("/_sim/nothing").status());
        assertEquals(404, admin.post("/_sim/clock", "{}").status());
    }
}
