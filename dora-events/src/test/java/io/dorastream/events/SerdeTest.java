package io.dorastream.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.events.serde.DeploymentEnvelopeDeserializer;
import io.dorastream.events.serde.IncidentEnvelopeDeserializer;
import io.dorastream.events.serde.JsonSerializer;
import io.dorastream.events.serde.SyncWatermarkDeserializer;

class SerdeTest {

    private final JsonSerializer<Object> serializer = new JsonSerializer<>();
    private final DeploymentEnvelopeDeserializer deployments = new DeploymentEnvelopeDeserializer();
    private final IncidentEnvelopeDeserializer incidents = new IncidentEnvelopeDeserializer();
    private final SyncWatermarkDeserializer watermarks = new SyncWatermarkDeserializer();

    @Test
    void roundTripsAFullDeployment() {
        EventEnvelope<Deployment> envelope = Samples.deployment("4242fcdd31586083", 3, Samples.fullDeployment());
        byte[] json = serializer.serialize(Topics.DEPLOYMENTS, envelope);
        assertEquals(envelope, deployments.deserialize(Topics.DEPLOYMENTS, json));
    }

    @Test
    void roundTripsASparseDeployment() {
        EventEnvelope<Deployment> envelope = Samples.deployment("abc:def", 1, Samples.sparseDeployment());
        assertEquals(envelope, deployments.deserialize(Topics.DEPLOYMENTS, serializer.serialize(Topics.DEPLOYMENTS, envelope)));
    }

    @Test
    void roundTripsFullAndSparseIncidents() {
        for (Incident incident : List.of(Samples.fullIncident(), Samples.sparseIncident())) {
            EventEnvelope<Incident> envelope = Samples.incident("9b0f2a4e-1c77-4a3c-8d6b-6a2f1e0c9d11", 2, incident);
            assertEquals(envelope, incidents.deserialize(Topics.INCIDENTS, serializer.serialize(Topics.INCIDENTS, envelope)));
        }
    }

    @Test
    void roundTripsAWatermark() {
        SyncWatermark watermark = Samples.watermark(Stream.FAILURES);
        assertEquals(watermark, watermarks.deserialize(Topics.SYNC, serializer.serialize(Topics.SYNC, watermark)));
    }

    @Test
    void readsAWatermarkOfSchemaVersion1WithoutOffsets() {
        // what a connector before schema version 2 wrote: no offsets (docs/events.md)
        String v1 = "{\"connectionId\":\"" + Samples.CONNECTION + "\",\"stream\":\"deployments\","
                + "\"watermark\":\"2026-03-01T11:55:00Z\",\"observedAt\":\"2026-03-01T12:00:05.123Z\",\"schemaVersion\":1}";
        byte[] json = v1.getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of(), io.dorastream.events.schema.ContractSchemas.validateSyncWatermark(json));
        SyncWatermark w = watermarks.deserialize(Topics.SYNC, json);
        assertEquals(new SyncWatermark(Samples.CONNECTION, "deployments", Instant.parse("2026-03-01T11:55:00Z"),
                Instant.parse("2026-03-01T12:00:05.123Z"), 1), w);
        assertNull(w.offsets());
    }

    @Test
    void tombstonesStayNull() {
        assertNull(serializer.serialize(Topics.DEPLOYMENTS, null));
        assertNull(deployments.deserialize(Topics.DEPLOYMENTS, null));
        assertNull(incidents.deserialize(Topics.INCIDENTS, null));
        assertNull(watermarks.deserialize(Topics.SYNC, null));
    }

    @Test
    void writesTheContractsJsonShape() throws Exception {
        EventEnvelope<Deployment> envelope = Samples.deployment("4242fcdd31586083", 3, Samples.sparseDeployment());
        JsonNode json = DoraJson.mapper().readTree(serializer.serialize(Topics.DEPLOYMENTS, envelope));
        assertEquals("4242fcdd31586083", json.get("eventId").asText());
        assertEquals(Samples.CONNECTION.toString(), json.get("connectionId").asText());
        assertEquals("2026-03-01T12:00:05.123Z", json.get("observedAt").asText(), "RFC 3339 text, not a number");
        assertEquals(3, json.get("version").asLong());
        assertEquals(1, json.get("schemaVersion").asInt());
        assertEquals("2026-02-28T14:26:14Z", json.at("/event/startedAt").asText());
        assertTrue(json.at("/event/finishedAt").isNull(), "nulls are written, not left out");
        assertTrue(json.at("/event/changeFailure").isNull());
        assertEquals("2026-02-28T14:26:14Z", json.at("/raw/started_at").asText(), "raw keeps Datadog's snake_case");
        Iterator<String> names = json.fieldNames();
        assertEquals(List.of("eventId", "connectionId", "site", "observedAt", "version", "schemaVersion", "event", "raw"),
                iterate(names));
    }

    @Test
    void ignoresUnknownFieldsForAdditiveEvolution() {
        String json = """
                {"eventId":"e1","connectionId":"%s","site":"datadoghq.com","observedAt":"2026-03-01T12:00:00Z",
                 "version":7,"schemaVersion":2,"aNewField":{"x":1},
                 "event":{"service":"svc","startedAt":"2026-03-01T11:00:00Z","aNewEventField":"y"},
                 "raw":{"service":"svc"}}""".formatted(Samples.CONNECTION);
        EventEnvelope<Deployment> envelope = deployments.deserialize(Topics.DEPLOYMENTS, json.getBytes(StandardCharsets.UTF_8));
        assertEquals(7, envelope.version());
        assertEquals(2, envelope.schemaVersion());
        assertEquals("svc", envelope.event().service());
        assertNull(envelope.event().finishedAt(), "absent fields read as null");
    }

    @Test
    void readsOffsetTimestampsAsTheSameInstant() {
        String json = """
                {"eventId":"e1","connectionId":"%s","site":"datadoghq.com","observedAt":"2026-03-01T13:00:00+01:00",
                 "version":1,"schemaVersion":1,"event":{"service":"svc","startedAt":"2026-03-01T11:00:00Z"},"raw":{}}"""
                .formatted(Samples.CONNECTION);
        EventEnvelope<Deployment> envelope = deployments.deserialize(Topics.DEPLOYMENTS, json.getBytes(StandardCharsets.UTF_8));
        assertEquals(Instant.parse("2026-03-01T12:00:00Z"), envelope.observedAt());
    }

    @Test
    void malformedJsonIsASerializationException() {
        byte[] broken = "{\"eventId\":".getBytes(StandardCharsets.UTF_8);
        assertThrows(SerializationException.class, () -> deployments.deserialize(Topics.DEPLOYMENTS, broken));
    }

    private static List<String> iterate(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
