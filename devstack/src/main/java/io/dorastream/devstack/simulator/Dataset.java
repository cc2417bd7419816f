package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Deployment and failure events, each in Datadog's list-item shape
 * ({@code {"id":…,"type":…,"attributes":{…}}}).
 *
 * <p>Its JSON form, {@code {"deployments":[…],"failures":[…]}}, is what
 * {@link DatadogSimulator#export()} and {@code GET /_sim/dataset} return, so tests can compare
 * a pipeline's output with it. The lists are unmodifiable and hold private deep copies; the
 * nodes are shared with every reader and must not be modified (copy them with
 * {@link ObjectNode#deepCopy()} first).
 *
 * @param deployments deployment events
 * @param failures    failure (incident) events
 */
public record Dataset(List<ObjectNode> deployments, List<ObjectNode> failures) {

    /** Validates the items (an {@code id} string and an {@code attributes} object, ids unique per list) and copies them. */
    public Dataset {
        deployments = validatedCopy("deployments", deployments);
        failures = validatedCopy("failures", failures);
    }

    /** No events. */
    public static Dataset empty() {
        return new Dataset(List.of(), List.of());
    }

    /** Reads the JSON form; a missing list reads as empty. */
    public static Dataset fromJson(String json) {
        try {
            return fromJson(Json.MAPPER.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException("dataset is not valid JSON", e);
        }
    }

    /** Reads the JSON form from a parsed tree; a missing list reads as empty. */
    public static Dataset fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("a dataset is a JSON object with \"deployments\" and \"failures\"");
        }
        return new Dataset(items(json, "deployments"), items(json, "failures"));
    }

    /** The JSON form as a tree (deep copies). */
    public ObjectNode toJsonNode() {
        ObjectNode root = Json.object();
        ArrayNode d = root.putArray("deployments");
        deployments.forEach(item -> d.add(item.deepCopy()));
        ArrayNode f = root.putArray("failures");
        failures.forEach(item -> f.add(item.deepCopy()));
        return root;
    }

    /** The JSON form as compact text. */
    public String toJson() {
        return Json.text(toJsonNode());
    }

    /** The events of one stream. */
    public List<ObjectNode> events(EventStream stream) {
        return stream == EventStream.DEPLOYMENTS ? deployments : failures;
    }

    private static List<ObjectNode> items(JsonNode json, String field) {
        JsonNode list = json.get(field);
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("\"" + field + "\" must be an array");
        }
        List<ObjectNode> items = new ArrayList<>(list.size());
        for (JsonNode item : list) {
            if (!item.isObject()) {
                throw new IllegalArgumentException("every item of \"" + field + "\" must be an object");
            }
            items.add((ObjectNode) item);
        }
        return items;
    }

    private static List<ObjectNode> validatedCopy(String field, List<ObjectNode> items) {
        Set<String> ids = new HashSet<>();
        List<ObjectNode> copy = new ArrayList<>(items.size());
        for (ObjectNode item : items) {
            String id = Json.string(item, "id");
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException("an item of \"" + field + "\" has no \"id\" string");
            }
            if (!item.path("attributes").isObject()) {
                throw new IllegalArgumentException("item " + id + " of \"" + field + "\" has no \"attributes\" object");
            }
            if (!ids.add(id)) {
                throw new IllegalArgumentException("id " + id + " appears twice in \"" + field + "\"");
            }
            copy.add(Json.canonical(item));
        }
        return List.copyOf(copy);
    }
}
