package io.dorastream.events.schema;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.apache.kafka.common.header.Headers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

import io.dorastream.events.DoraJson;
import io.dorastream.events.EventHeaders;
import io.dorastream.events.EventKey;
import io.dorastream.events.EventRecords;
import io.dorastream.events.Stream;
import io.dorastream.events.Topics;

/**
 * Validates records against the contract: values against the JSON Schemas of {@link ContractSchema}, and
 * whole records (key, headers, value) with {@link #validateRecord}. Every method returns the list of errors,
 * empty when the input is valid; none throws on invalid input.
 *
 * <p>Needs {@code com.networknt:json-schema-validator} on the classpath: {@code dora-events} declares it
 * optional, so a module that validates (typically in its tests) declares it itself. Without it every
 * validating method throws {@link IllegalStateException}; {@link #isAvailable()} tells beforehand.
 *
 * <p>Thread-safe; the schemas are loaded once, from this jar, on first use.
 */
public final class ContractSchemas {

    /** The base of every schema's {@code $id}. */
    public static final String BASE_URI = "https://dorastream.io/schemas/events/";
    /** The classpath folder holding the schema files (no leading slash). */
    public static final String RESOURCE_DIR = "io/dorastream/events/schemas/";
    /** The classpath resource holding the AsyncAPI 3.0 document of the topics (no leading slash). */
    public static final String ASYNCAPI_RESOURCE = "io/dorastream/events/asyncapi.yaml";
    /** Every schema file in {@link #RESOURCE_DIR}, the shared definitions and the normalized events included. */
    public static final List<String> SCHEMA_FILES = List.of(
            "common.v1.json",
            "deployment.v1.json",
            "incident.v1.json",
            ContractSchema.DEPLOYMENT_ENVELOPE.fileName(),
            ContractSchema.INCIDENT_ENVELOPE.fileName(),
            ContractSchema.SYNC_WATERMARK.fileName(),
            "daily-rollup.v1.json");

    private static final String VALIDATOR_CLASS = "com.networknt.schema.JsonSchemaFactory";
    private static final ObjectReader STRICT_READER = DoraJson.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ContractSchemas() {
    }

    /** Whether the JSON Schema validator is on the classpath. */
    public static boolean isAvailable() {
        try {
            Class.forName(VALIDATOR_CLASS, false, ContractSchemas.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Errors of a {@code dora.deployments.v1} value (a serialized {@code EventEnvelope<Deployment>}). */
    public static List<String> validateDeployment(byte[] json) {
        return validate(ContractSchema.DEPLOYMENT_ENVELOPE, json);
    }

    /** Errors of a {@code dora.deployments.v1} value. */
    public static List<String> validateDeployment(JsonNode json) {
        return validate(ContractSchema.DEPLOYMENT_ENVELOPE, json);
    }

    /** Errors of a {@code dora.incidents.v1} value (a serialized {@code EventEnvelope<Incident>}). */
    public static List<String> validateIncident(byte[] json) {
        return validate(ContractSchema.INCIDENT_ENVELOPE, json);
    }

    /** Errors of a {@code dora.incidents.v1} value. */
    public static List<String> validateIncident(JsonNode json) {
        return validate(ContractSchema.INCIDENT_ENVELOPE, json);
    }

    /** Errors of a {@code dora.sync.v1} value (a serialized {@code SyncWatermark}). */
    public static List<String> validateSyncWatermark(byte[] json) {
        return validate(ContractSchema.SYNC_WATERMARK, json);
    }

    /** Errors of a {@code dora.sync.v1} value. */
    public static List<String> validateSyncWatermark(JsonNode json) {
        return validate(ContractSchema.SYNC_WATERMARK, json);
    }

    /** Errors of a JSON document against one schema; a {@code null} or unparsable document is an error. */
    public static List<String> validate(ContractSchema schema, byte[] json) {
        Objects.requireNonNull(schema, "schema");
        requireAvailable();
        if (json == null) {
            return List.of("value is null (a tombstone), not a " + schema.fileName() + " document");
        }
        JsonNode node;
        try {
            node = STRICT_READER.readTree(json);
        } catch (IOException e) {
            String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            return List.of("value is not JSON: " + message);
        }
        return validate(schema, node);
    }

    /** Errors of a JSON document against one schema. */
    public static List<String> validate(ContractSchema schema, JsonNode json) {
        Objects.requireNonNull(schema, "schema");
        requireAvailable();
        if (json == null || json.isMissingNode()) {
            return List.of("value is empty, not a " + schema.fileName() + " document");
        }
        return Validator.INSTANCE.validate(schema, json);
    }

    /**
     * Errors of a whole record as a producer sent it. The topic may carry a prefix.
     * <ul>
     * <li>{@code dora.deployments.v1}, {@code dora.incidents.v1}: the key is {@code <connectionId>:<eventId>};
     * headers {@code dora_version}, {@code dora_schema_version} and the CloudEvents ones are present and
     * consistent ({@code ce_id} = key + ":" + version, {@code ce_type} of the topic, with the
     * {@code .deleted} suffix exactly for a tombstone); a non-null value validates and agrees with key and
     * headers (event id, connection, version, schema version, {@code ce_source}).</li>
     * <li>{@code dora.sync.v1}: the key is {@code <connectionId>:<stream>}; a non-null value validates and
     * agrees with the key. Headers are not checked.</li>
     * </ul>
     *
     * @param headers the record's headers; {@code null} is read as none
     * @throws IllegalArgumentException for a topic without a value schema here ({@code dora.metrics.v1},
     *                                  DLQs, unknown topics)
     */
    public static List<String> validateRecord(String topic, String key, byte[] value, Headers headers) {
        ContractSchema schema = ContractSchema.forTopic(topic).orElseThrow(() -> new IllegalArgumentException(
                "no value schema for topic '" + topic + "' (expected one of " + Topics.DEPLOYMENTS + ", "
                        + Topics.INCIDENTS + ", " + Topics.SYNC + ", optionally prefixed)"));
        requireAvailable();
        List<String> errors = new ArrayList<>();
        if (schema == ContractSchema.SYNC_WATERMARK) {
            checkSyncRecord(key, value, errors);
        } else {
            checkEventRecord(schema, key, value, headers, errors);
        }
        return List.copyOf(errors);
    }

    private static void checkEventRecord(ContractSchema schema, String key, byte[] value, Headers headers,
            List<String> errors) {
        EventKey eventKey = null;
        try {
            eventKey = EventKey.parse(key);
        } catch (IllegalArgumentException e) {
            errors.add("key: " + e.getMessage());
        }

        Long version = positiveLong(headers, EventHeaders.VERSION, errors);
        Long schemaVersion = positiveLong(headers, EventHeaders.SCHEMA_VERSION, errors);
        String ceId = required(headers, EventHeaders.CE_ID, errors);
        String ceType = required(headers, EventHeaders.CE_TYPE, errors);
        String ceSource = required(headers, EventHeaders.CE_SOURCE, errors);
        String ceTime = required(headers, EventHeaders.CE_TIME, errors);
        String specVersion = required(headers, EventHeaders.CE_SPECVERSION, errors);

        if (eventKey != null && version != null && ceId != null && !ceId.equals(EventHeaders.ceId(eventKey, version))) {
            errors.add("header " + EventHeaders.CE_ID + ": '" + ceId + "' is not '" + EventHeaders.ceId(eventKey, version) + "'");
        }
        String type = schema == ContractSchema.DEPLOYMENT_ENVELOPE
                ? EventHeaders.CE_TYPE_DEPLOYMENT
                : EventHeaders.CE_TYPE_INCIDENT;
        String expectedType = value == null ? type + EventHeaders.CE_TYPE_DELETED_SUFFIX : type;
        if (ceType != null && !ceType.equals(expectedType)) {
            errors.add("header " + EventHeaders.CE_TYPE + ": '" + ceType + "' is not '" + expectedType + "'"
                    + (value == null ? " (the record is a tombstone)" : ""));
        }
        if (ceTime != null) {
            try {
                Instant.parse(ceTime);
            } catch (DateTimeParseException e) {
                errors.add("header " + EventHeaders.CE_TIME + ": '" + ceTime + "' is no RFC 3339 UTC timestamp");
            }
        }
        if (specVersion != null && !specVersion.equals(EventHeaders.SPEC_VERSION)) {
            errors.add("header " + EventHeaders.CE_SPECVERSION + ": '" + specVersion + "' is not '" + EventHeaders.SPEC_VERSION + "'");
        }
        if (eventKey != null && ceSource != null
                && !ceSource.startsWith(EventHeaders.source(eventKey.connectionId(), ""))) {
            errors.add("header " + EventHeaders.CE_SOURCE + ": '" + ceSource + "' does not name connection " + eventKey.connectionId());
        }

        if (value == null) {
            return; // a tombstone: key and headers are all it has
        }
        List<String> valueErrors = validate(schema, value);
        errors.addAll(valueErrors);
        if (!valueErrors.isEmpty()) {
            return;
        }
        JsonNode envelope = readValid(value);
        if (eventKey != null) {
            agree(errors, "eventId", envelope.path("eventId").asText(), eventKey.eventId(), "the key");
            agree(errors, "connectionId", envelope.path("connectionId").asText(), eventKey.connectionId().toString(), "the key");
        }
        if (version != null) {
            agree(errors, "version", envelope.path("version").asText(), version.toString(), "header " + EventHeaders.VERSION);
        }
        if (schemaVersion != null) {
            agree(errors, "schemaVersion", envelope.path("schemaVersion").asText(), schemaVersion.toString(),
                    "header " + EventHeaders.SCHEMA_VERSION);
        }
        if (ceSource != null) {
            String expected = EventHeaders.source(UUID.fromString(envelope.path("connectionId").asText()),
                    envelope.path("site").asText());
            agree(errors, "site", ceSource, expected, "header " + EventHeaders.CE_SOURCE);
        }
    }

    private static void checkSyncRecord(String key, byte[] value, List<String> errors) {
        int colon = key == null ? -1 : key.indexOf(':');
        String connection = colon < 0 ? null : key.substring(0, colon);
        String stream = colon < 0 ? null : key.substring(colon + 1);
        if (connection == null) {
            errors.add("key: malformed sync key '" + key + "': expected <connectionId>:<stream>");
        } else {
            try {
                EventKey.parse(key); // checks the connection id is a canonical UUID
                Stream.fromId(stream);
            } catch (IllegalArgumentException e) {
                errors.add("key: malformed sync key '" + key + "': " + e.getMessage());
            }
        }
        if (value == null) {
            return; // a tombstone (a removed connection's watermark)
        }
        List<String> valueErrors = validate(ContractSchema.SYNC_WATERMARK, value);
        errors.addAll(valueErrors);
        if (valueErrors.isEmpty() && connection != null) {
            JsonNode watermark = readValid(value);
            agree(errors, "connectionId", watermark.path("connectionId").asText(), connection, "the key");
            agree(errors, "stream", watermark.path("stream").asText(), stream, "the key");
        }
    }

    private static void agree(List<String> errors, String field, String actual, String expected, String where) {
        if (!expected.equals(actual)) {
            errors.add("$." + field + ": '" + actual + "' disagrees with " + where + " ('" + expected + "')");
        }
    }

    private static String required(Headers headers, String name, List<String> errors) {
        String text = EventRecords.text(headers, name);
        if (text == null || text.isEmpty()) {
            errors.add("header " + name + ": missing");
            return null;
        }
        return text;
    }

    private static Long positiveLong(Headers headers, String name, List<String> errors) {
        String text = required(headers, name, errors);
        if (text == null) {
            return null;
        }
        try {
            long v = Long.parseLong(text);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add("header " + name + ": '" + text + "' is not a positive decimal integer");
        return null;
    }

    private static JsonNode readValid(byte[] json) {
        try {
            return STRICT_READER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("validated JSON no longer parses", e);
        }
    }

    private static void requireAvailable() {
        if (!isAvailable()) {
            throw new IllegalStateException("ContractSchemas needs com.networknt:json-schema-validator on the classpath:"
                    + " dora-events declares it optional, so add it to your module (e.g. with <scope>test</scope>)");
        }
    }

    /** Loaded on first validation only, so that this class works (and explains) without the validator. */
    private static final class Validator {
        static final NetworkntValidator INSTANCE = NetworkntValidator.create();
    }
}
