package io.dorastream.events.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.events.Deployment;
import io.dorastream.events.DoraJson;
import io.dorastream.events.EventEnvelope;
import io.dorastream.events.Incident;
import io.dorastream.events.SyncWatermark;

/**
 * The schemas describe the Java records exactly: every record component (recursively, nested records
 * included) is a schema property of the matching JSON type, format and nullability, and the schemas
 * have no property the records lack. A component added to a record without updating the schema fails here.
 */
class SchemaMatchesRecordsTest {

    /** What the contract always sets (besides primitives): required and non-null in the schema. */
    private static final Map<Class<?>, Set<String>> NON_NULL = Map.of(
            EventEnvelope.class, Set.of("eventId", "connectionId", "site", "observedAt", "event", "raw"),
            Deployment.class, Set.of("service", "startedAt"),
            SyncWatermark.class, Set.of("connectionId", "stream", "watermark", "observedAt"));

    private final Map<String, JsonNode> documents = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    @Test
    void deploymentEnvelopeSchemaMatchesTheRecords() {
        check(ContractSchema.DEPLOYMENT_ENVELOPE, EventEnvelope.class, Deployment.class);
    }

    @Test
    void incidentEnvelopeSchemaMatchesTheRecords() {
        check(ContractSchema.INCIDENT_ENVELOPE, EventEnvelope.class, Incident.class);
    }

    @Test
    void syncWatermarkSchemaMatchesTheRecord() {
        check(ContractSchema.SYNC_WATERMARK, SyncWatermark.class, null);
    }

    @Test
    void theCheckNoticesAMissingProperty() {
        // The schema of the deployment event minus one property: the walker must complain.
        Node deployment = resolve(new Node("deployment.v1.json", document("deployment.v1.json")));
        ObjectNode trimmed = deployment.json.deepCopy();
        ((ObjectNode) trimmed.get("properties")).remove("changeLeadTimeSec");
        compareRecord(Deployment.class, null, new Node("deployment.v1.json", trimmed), "$");
        assertEquals(List.of("$.changeLeadTimeSec: record component not in the schema"), problems);
    }

    private void check(ContractSchema schema, Class<?> record, Class<?> eventType) {
        compareRecord(record, eventType, resolve(new Node(schema.fileName(), document(schema.fileName()))), "$");
        if (!problems.isEmpty()) {
            fail(schema.fileName() + " does not match the Java records:\n  " + String.join("\n  ", problems));
        }
    }

    private void compareRecord(Class<?> record, Class<?> typeArgument, Node schema, String path) {
        assertTrue(record.isRecord(), record + " is no record");
        Set<String> types = types(schema);
        if (!types.contains("object")) {
            problems.add(path + ": schema type " + types + " is no object");
            return;
        }
        if (schema.json.path("additionalProperties").isBoolean() && !schema.json.get("additionalProperties").asBoolean()) {
            problems.add(path + ": additionalProperties must stay allowed (additive evolution)");
        }
        JsonNode properties = schema.json.path("properties");
        Set<String> required = new TreeSet<>();
        schema.json.path("required").forEach(r -> required.add(r.asText()));
        Set<String> components = new LinkedHashSet<>();
        for (RecordComponent component : record.getRecordComponents()) {
            String name = component.getName();
            components.add(name);
            String at = path + "." + name;
            if (!properties.has(name)) {
                problems.add(at + ": record component not in the schema");
                continue;
            }
            boolean nonNull = component.getType().isPrimitive()
                    || NON_NULL.getOrDefault(record, Set.of()).contains(name);
            if (nonNull != required.contains(name)) {
                problems.add(at + (nonNull ? ": always set, must be required" : ": nullable, must not be required"));
            }
            Type type = component.getGenericType();
            if (type instanceof TypeVariable<?>) {
                type = typeArgument;
            }
            compareValue(type, nonNull, resolve(new Node(schema.file, properties.get(name))), at);
        }
        properties.fieldNames().forEachRemaining(name -> {
            if (!components.contains(name)) {
                problems.add(path + "." + name + ": schema property that " + record.getSimpleName() + " lacks");
            }
        });
    }

    private void compareValue(Type type, boolean nonNull, Node schema, String path) {
        Set<String> types = types(schema);
        if (types.contains("null") == nonNull) {
            problems.add(path + ": schema type " + types + (nonNull ? " must not allow null" : " must allow null"));
        }
        Set<String> nonNullTypes = new TreeSet<>(types);
        nonNullTypes.remove("null");
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        String expected = jsonType(raw);
        if (!nonNullTypes.equals(Set.of(expected))) {
            problems.add(path + ": " + raw.getSimpleName() + " needs schema type " + expected + ", not " + nonNullTypes);
            return;
        }
        String expectedFormat = raw == Instant.class ? "date-time" : raw == UUID.class ? "uuid" : null;
        String format = schema.json.path("format").isMissingNode() ? null : schema.json.get("format").asText();
        if (!Objects.equals(expectedFormat, format)) {
            problems.add(path + ": " + raw.getSimpleName() + " needs format " + expectedFormat + ", not " + format);
        }
        if (raw.isRecord()) {
            compareRecord(raw, null, schema, path);
        } else if (raw == List.class) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            JsonNode items = schema.json.get("items");
            if (items == null) {
                problems.add(path + ": array without items");
            } else {
                compareValue(element, true, resolve(new Node(schema.file, items)), path + "[]");
            }
        } else if (raw == Map.class) {
            // a map's keys are JSON property names; its values are the schema's additionalProperties
            Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
            JsonNode values = schema.json.get("additionalProperties");
            if (values == null || !values.isObject()) {
                problems.add(path + ": object without a schema for its additionalProperties");
            } else {
                compareValue(value, true, resolve(new Node(schema.file, values)), path + "{}");
            }
        }
    }

    private static String jsonType(Class<?> raw) {
        if (raw == String.class || raw == UUID.class || raw == Instant.class) {
            return "string";
        }
        if (raw == long.class || raw == Long.class || raw == int.class || raw == Integer.class) {
            return "integer";
        }
        if (raw == double.class || raw == Double.class) {
            return "number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "boolean";
        }
        if (raw == List.class) {
            return "array";
        }
        if (raw == ObjectNode.class || raw == Map.class || raw.isRecord()) {
            return "object";
        }
        throw new AssertionError("no JSON type known for " + raw + ": extend this test");
    }

    /** The JSON types a (resolved) schema admits: its {@code type}, or the union over anyOf/oneOf. */
    private Set<String> types(Node schema) {
        Set<String> types = new TreeSet<>();
        JsonNode type = schema.json.get("type");
        if (type != null && type.isTextual()) {
            types.add(type.asText());
        } else if (type != null && type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            schema.json.path(combinator).forEach(branch -> types.addAll(types(resolve(new Node(schema.file, branch)))));
        }
        return types;
    }

    /** Follows {@code $ref}s (same file or another schema file of the contract). */
    private Node resolve(Node node) {
        Node current = node;
        for (int hops = 0; current.json.has("$ref"); hops++) {
            assertTrue(hops < 10, "$ref loop at " + current.json);
            String ref = current.json.get("$ref").asText();
            int hash = ref.indexOf('#');
            String file = hash == 0 ? current.file : hash < 0 ? ref : ref.substring(0, hash);
            String pointer = hash < 0 ? "" : ref.substring(hash + 1);
            JsonNode target = document(file).at(pointer);
            assertTrue(!target.isMissingNode(), "unresolvable $ref " + ref + " in " + current.file);
            current = new Node(file, target);
        }
        return current;
    }

    private JsonNode document(String file) {
        return documents.computeIfAbsent(file, f -> {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(ContractSchemas.RESOURCE_DIR + f)) {
                assertTrue(in != null, "no schema file " + f);
                return DoraJson.mapper().readTree(in);
            } catch (IOException e) {
                throw new AssertionError("cannot read " + f, e);
            }
        });
    }

    private record Node(String file, JsonNode json) {
    }
}
