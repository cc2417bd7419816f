package io.dorastream.events.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.events.Deployment;
import io.dorastream.events.DoraJson;
import io.dorastream.events.EventEnvelope;
import io.dorastream.events.EventHeaders;
import io.dorastream.events.EventRecords;
import io.dorastream.events.Incident;
import io.dorastream.events.Samples;
import io.dorastream.events.Stream;
import io.dorastream.events.Topics;
import io.dorastream.events.serde.JsonSerializer;

class ContractSchemasTest {

    private static final JsonSerializer<Object> SERIALIZER = new JsonSerializer<>();

    private static byte[] json(Object value) {
        return SERIALIZER.serialize("test", value);
    }

    private static ObjectNode tree(Object value) {
        return DoraJson.mapper().valueToTree(value);
    }

    private static List<String> mutatedDeployment(Consumer<ObjectNode> mutation) {
        ObjectNode node = tree(Samples.deployment("4242fcdd31586083", 1, Samples.fullDeployment()));
        mutation.accept(node);
        return ContractSchemas.validateDeployment(node);
    }

    @Test
    void theValidatorIsAvailableInThisModulesTests() {
        assertTrue(ContractSchemas.isAvailable());
    }

    @Test
    void acceptsSerializedDeployments() {
        assertEquals(List.of(), ContractSchemas.validateDeployment(json(Samples.deployment("4242fcdd31586083", 3, Samples.fullDeployment()))));
        assertEquals(List.of(), ContractSchemas.validateDeployment(json(Samples.deployment("abc:def", 1, Samples.sparseDeployment()))));
    }

    @Test
    void acceptsSerializedIncidents() {
        assertEquals(List.of(), ContractSchemas.validateIncident(json(Samples.incident("f-1", 2, Samples.fullIncident()))));
        assertEquals(List.of(), ContractSchemas.validateIncident(json(Samples.incident("f-1", 1, Samples.sparseIncident()))));
    }

    @Test
    void acceptsSerializedWatermarks() {
        for (Stream stream : Stream.values()) {
            assertEquals(List.of(), ContractSchemas.validateSyncWatermark(json(Samples.watermark(stream))));
        }
    }

    @Test
    void acceptsAbsentOptionalFieldsAndUnknownFields() {
        // A producer on an older schemaVersion omits newer fields; a newer one adds fields older readers ignore.
        assertEquals(List.of(), mutatedDeployment(n -> {
            ObjectNode event = (ObjectNode) n.get("event");
            event.retain("service", "startedAt");
            event.put("someFutureField", "x");
            n.putObject("someFutureEnvelopeField").put("a", 1);
            n.put("schemaVersion", 2);
        }));
        ObjectNode incident = tree(Samples.incident("f-1", 1, Samples.sparseIncident()));
        incident.set("event", DoraJson.mapper().createObjectNode());
        assertEquals(List.of(), ContractSchemas.validateIncident(incident));
    }

    @Test
    void rejectsAMissingEventId() {
        List<String> errors = mutatedDeployment(n -> n.remove("eventId"));
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).contains("eventId"), errors::toString);
    }

    @Test
    void rejectsVersionZero() {
        List<String> errors = mutatedDeployment(n -> n.put("version", 0));
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).contains("version"), errors::toString);
    }

    @Test
    void rejectsWrongTypes() {
        assertFalse(mutatedDeployment(n -> n.put("version", "3")).isEmpty(), "version as a string");
        assertFalse(mutatedDeployment(n -> n.put("observedAt", 1772366405123L)).isEmpty(), "epoch millis instead of RFC 3339");
        assertFalse(mutatedDeployment(n -> n.put("observedAt", "yesterday")).isEmpty(), "not a date-time");
        assertFalse(mutatedDeployment(n -> n.put("connectionId", "not-a-uuid")).isEmpty(), "not a uuid");
        assertFalse(mutatedDeployment(n -> n.put("raw", "text")).isEmpty(), "raw not an object");
        assertFalse(mutatedDeployment(n -> n.putNull("raw")).isEmpty(), "raw null");
        assertFalse(mutatedDeployment(n -> n.putNull("event")).isEmpty(), "event null");
        assertFalse(mutatedDeployment(n -> n.putNull("site")).isEmpty(), "site null");
        assertFalse(mutatedDeployment(n -> n.put("eventId", "")).isEmpty(), "empty eventId");
        assertFalse(mutatedDeployment(n -> event(n).put("changeFailure", "yes")).isEmpty(), "changeFailure as text");
        assertFalse(mutatedDeployment(n -> event(n).put("recoveryTimeSec", 1.5)).isEmpty(), "a fraction for a Long");
        assertFalse(mutatedDeployment(n -> event(n).put("customTags", "a:b")).isEmpty(), "tags not a list");
        assertFalse(mutatedDeployment(n -> event(n).putArray("commits").add(1)).isEmpty(), "commit not an object");
        assertFalse(mutatedDeployment(n -> ((ObjectNode) event(n).get("git")).put("commitSha", 5)).isEmpty(), "nested type");
    }

    @Test
    void deploymentsRequireServiceAndStartedAt() {
        assertFalse(mutatedDeployment(n -> event(n).remove("service")).isEmpty());
        assertFalse(mutatedDeployment(n -> event(n).putNull("service")).isEmpty());
        assertFalse(mutatedDeployment(n -> event(n).putNull("startedAt")).isEmpty());
    }

    @Test
    void rejectsBrokenWatermarks() {
        Function<Consumer<ObjectNode>, List<String>> mutated = mutation -> {
            ObjectNode node = tree(Samples.watermark(Stream.DEPLOYMENTS));
            mutation.accept(node);
            return ContractSchemas.validateSyncWatermark(node);
        };
        assertFalse(mutated.apply(n -> n.put("stream", "incidents")).isEmpty());
        assertFalse(mutated.apply(n -> n.putNull("watermark")).isEmpty());
        assertFalse(mutated.apply(n -> n.put("schemaVersion", 0)).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[]", "null", "{} {}", "\"text\""})
    void rejectsValuesThatAreNoEnvelopeWithoutThrowing(String text) {
        assertFalse(ContractSchemas.validateDeployment(text.getBytes(StandardCharsets.UTF_8)).isEmpty(), text);
    }

    @Test
    void aNullValueIsNoEnvelope() {
        assertFalse(ContractSchemas.validateIncident((byte[]) null).isEmpty());
    }

    @Test
    void validatesWholeRecords() {
        EventEnvelope<Deployment> envelope = Samples.deployment("abc:def", 5, Samples.fullDeployment());
        String key = envelope.key().toString();
        Headers headers = EventRecords.headers(Stream.DEPLOYMENTS, Samples.CONNECTION, "abc:def", Samples.SITE, 5,
                envelope.observedAt(), false);
        assertEquals(List.of(), ContractSchemas.validateRecord(Topics.DEPLOYMENTS, key, json(envelope), headers));
        assertEquals(List.of(), ContractSchemas.validateRecord("acme." + Topics.DEPLOYMENTS, key, json(envelope), headers));

        Headers tombstone = EventRecords.headers(Stream.DEPLOYMENTS, Samples.CONNECTION, "abc:def", Samples.SITE, 6,
                Instant.now(), true);
        assertEquals(List.of(), ContractSchemas.validateRecord(Topics.DEPLOYMENTS, key, null, tombstone));

        EventEnvelope<Incident> incident = Samples.incident("f-1", 1, Samples.sparseIncident());
        Headers incidentHeaders = EventRecords.headers(Stream.FAILURES, Samples.CONNECTION, "f-1", Samples.SITE, 1,
                incident.observedAt(), false);
        assertEquals(List.of(), ContractSchemas.validateRecord(Topics.INCIDENTS, incident.key().toString(), json(incident),
                incidentHeaders));

        assertEquals(List.of(), ContractSchemas.validateRecord(Topics.SYNC, Samples.CONNECTION + ":failures",
                json(Samples.watermark(Stream.FAILURES)), null));
    }

    @Test
    void findsInconsistentRecords() {
        EventEnvelope<Deployment> envelope = Samples.deployment("abc:def", 5, Samples.fullDeployment());
        String key = envelope.key().toString();
        Headers wrongVersion = EventRecords.headers(Stream.DEPLOYMENTS, Samples.CONNECTION, "abc:def", Samples.SITE, 4,
                envelope.observedAt(), false);
        assertTrue(ContractSchemas.validateRecord(Topics.DEPLOYMENTS, key, json(envelope), wrongVersion).stream()
                .anyMatch(e -> e.startsWith("$.version")));
        Headers incidentType = EventRecords.headers(Stream.FAILURES, Samples.CONNECTION, "abc:def", Samples.SITE, 5,
                envelope.observedAt(), false);
        assertTrue(ContractSchemas.validateRecord(Topics.DEPLOYMENTS, key, json(envelope), incidentType).stream()
                .anyMatch(e -> e.startsWith("header " + EventHeaders.CE_TYPE)));
        Headers live = EventRecords.headers(Stream.DEPLOYMENTS, Samples.CONNECTION, "abc:def", Samples.SITE, 6,
                envelope.observedAt(), false);
        assertTrue(ContractSchemas.validateRecord(Topics.DEPLOYMENTS, key, null, live).stream()
                .anyMatch(e -> e.contains("tombstone")), "a tombstone needs the .deleted type");
        assertTrue(ContractSchemas.validateRecord(Topics.DEPLOYMENTS, Samples.CONNECTION + ":other", json(envelope),
                EventRecords.headers(Stream.DEPLOYMENTS, Samples.CONNECTION, "other", Samples.SITE, 5, envelope.observedAt(), false))
                .stream().anyMatch(e -> e.startsWith("$.eventId")));
        List<String> bare = ContractSchemas.validateRecord(Topics.DEPLOYMENTS, "garbage", json(envelope), null);
        assertTrue(bare.stream().anyMatch(e -> e.startsWith("key:")), bare::toString);
        assertTrue(bare.stream().anyMatch(e -> e.equals("header dora_version: missing")), bare::toString);
        assertTrue(ContractSchemas.validateRecord(Topics.SYNC, Samples.CONNECTION + ":deployments",
                json(Samples.watermark(Stream.FAILURES)), null).stream().anyMatch(e -> e.startsWith("$.stream")));
        assertTrue(ContractSchemas.validateRecord(Topics.SYNC, Samples.CONNECTION + ":incidents", null, null).stream()
                .anyMatch(e -> e.startsWith("key:")));
    }

    @Test
    void metricsAndDlqValuesHaveNoSchemaHere() {
        assertThrows(IllegalArgumentException.class, () -> ContractSchemas.validateRecord(Topics.METRICS, "[]", null, null));
        assertThrows(IllegalArgumentException.class,
                () -> ContractSchemas.validateRecord(Topics.dlq(Topics.DEPLOYMENTS), "k", null, null));
        assertTrue(ContractSchema.forTopic(Topics.METRICS).isEmpty());
        assertEquals(ContractSchema.INCIDENT_ENVELOPE, ContractSchema.forTopic("acme." + Topics.INCIDENTS).orElseThrow());
    }

    @Test
    void everySchemaFileIsOnTheClasspathWithItsId() throws Exception {
        for (String file : ContractSchemas.SCHEMA_FILES) {
            try (var in = getClass().getClassLoader().getResourceAsStream(ContractSchemas.RESOURCE_DIR + file)) {
                JsonNode schema = DoraJson.mapper().readTree(in);
                assertEquals(ContractSchemas.BASE_URI + file, schema.get("$id").asText(), file);
                assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText(), file);
            }
        }
    }

    private static ObjectNode event(ObjectNode envelope) {
        return (ObjectNode) envelope.get("event");
    }
}
