package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The simulator's shared Jackson mapper and small node helpers. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses JSON; an empty input reads as an empty object. */
    static JsonNode parse(byte[] body) throws IOException {
        if (body.length == 0) {
            return object();
        }
        JsonNode node = MAPPER.readTree(body);
        return node == null ? object() : node;
    }

    /**
     * A deep copy with numbers in the form parsing gives them (an {@code int}-sized integer is an
     * int node, a wider one a long node, a fraction a double node), so that nodes built in code
     * equal the same JSON read back.
     */
    static ObjectNode canonical(ObjectNode node) {
        return (ObjectNode) canonicalNode(node);
    }

    private static JsonNode canonicalNode(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = object();
            node.properties().forEach(field -> copy.set(field.getKey(), canonicalNode(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = array();
            node.forEach(element -> copy.add(canonicalNode(element)));
            return copy;
        }
        if (node.isIntegralNumber() && !node.isInt() && node.canConvertToInt()) {
            return IntNode.valueOf(node.intValue());
        }
        if (node.isIntegralNumber() && !node.isLong() && !node.isInt() && node.canConvertToLong()) {
            return LongNode.valueOf(node.longValue());
        }
        if (node.isFloatingPointNumber() && !node.isDouble()) {
            return DoubleNode.valueOf(node.doubleValue());
        }
        return node;
    }

    /** The text of a string field, or {@code null} when absent, null or not a string. */
    static String string(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
