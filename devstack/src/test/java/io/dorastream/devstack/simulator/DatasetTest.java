package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DatasetTest {

    @Test
    void jsonRoundTripsToAnEqualDataset() {
        ObjectNode deployment = TestEvents.deployment("d-1", "svc", "prod", "2026-03-01T10:00:00Z", null);
        ((ObjectNode) deployment.get("attributes")).put("recovery_time_sec", 600L);
        Dataset dataset = new Dataset(List.of(deployment),
                List.of(TestEvents.failure("f-1", List.of("svc", "db"), "prod", "2026-03-01T10:00:00Z", null)));
        String json = dataset.toJson();
        assertEquals(dataset, Dataset.fromJson(json));
        assertEquals(json, Dataset.fromJson(json).toJson());
        assertEquals(Dataset.empty(), Dataset.fromJson("{}"));
    }

    @Test
    void itemsAreCopiedAndTheListsUnmodifiable() {
        ObjectNode deployment = TestEvents.deployment("d-1", "svc", "prod", "2026-03-01T10:00:00Z", null);
        Dataset dataset = new Dataset(List.of(deployment), List.of());
        deployment.put("id", "changed");
        assertEquals("d-1", dataset.deployments().get(0).get("id").asText());
        assertThrows(UnsupportedOperationException.class, () -> dataset.deployments().add(deployment));
    }

    @Test
    void invalidItemsAreRejected() {
        ObjectNode noAttributes = SimClient.JSON.createObjectNode().put("id", "x");
        ObjectNode twin = TestEvents.deployment("same", "svc", "prod", "2026-03-01T10:00:00Z", null);
        assertThrows(IllegalArgumentException.class, () -> new Dataset(List.of(noAttributes), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(List.of(twin, twin), List.of()));
        assertThrows(IllegalArgumentException.class, () -> Dataset.fromJson("{\"failures\":{}}"));
    }
}
