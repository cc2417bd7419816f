package io.dorastream.connector.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.codec.digest.DigestUtils;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.connector.datadog.DatadogEventParser;
import io.dorastream.events.DoraJson;

/**
 * {@link ContentHash} as first written: a deep copy of the raw attributes normalised in place, every time parsed,
 * the canonical texts built as strings. Slow and plainly right; kept as the reference the fast paths of
 * {@link ContentHash} are checked against, because a hash that changes republishes every event.
 */
final class ContentHashReference {

    /** Compact JSON with every object's keys in sorted order. */
    private static final ObjectWriter CANONICAL = DoraJson.mapper().writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);
    /** Attributes (raw and normalized spellings) whose array order carries no meaning. */
    private static final Set<String> UNORDERED = Set.of("service", "services", "env", "envs", "team", "teams",
            "custom_tags", "customTags", "commits", "pull_requests", "pullRequests");
    /** Attributes by which the entries of an unordered array of objects are sorted first, when present. */
    private static final List<String> ENTRY_TIMES = List.of("timestamp", "created_at", "createdAt", "merged_at", "mergedAt");

    private ContentHashReference() {
    }

    static String of(Object event, ObjectNode raw) {
        JsonNode normalized = normalise(DoraJson.mapper().valueToTree(event), false);
        return DigestUtils.sha256Hex(canonical(normalized) + '\n' + canonical(normalise(raw.deepCopy(), true)));
    }

    /** Normalises {@code node} in place (times only in the raw part, whose names are Datadog's). */
    private static JsonNode normalise(JsonNode node, boolean raw) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            List<String> names = new ArrayList<>();
            fields.forEachRemaining(e -> names.add(e.getKey()));
            for (String name : names) {
                JsonNode value = object.get(name);
                if (raw && isTime(name) && value.isValueNode()) {
                    object.set(name, time(value));
                    continue;
                }
                normalise(value, raw);
                if (UNORDERED.contains(name) && value instanceof ArrayNode array) {
                    sort(array);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(e -> normalise(e, raw));
        }
        return node;
    }

    private static boolean isTime(String name) {
        return name.endsWith("_at") || name.equals("timestamp");
    }

    /** A time in one form; a value that is no time stays as it is (it is content). */
    private static JsonNode time(JsonNode value) {
        if (value.isNull()) {
            return value;
        }
        try {
            Instant t = DatadogEventParser.instant(value);
            return t == null ? JsonNodeFactory.instance.nullNode() : JsonNodeFactory.instance.textNode(t.toString());
        } catch (RuntimeException e) {
            return value;
        }
    }

    private static void sort(ArrayNode array) {
        List<JsonNode> entries = new ArrayList<>();
        array.forEach(entries::add);
        entries.sort(Comparator.comparing(ContentHashReference::timeKey).thenComparing(ContentHashReference::canonical));
        array.removeAll();
        entries.forEach(array::add);
    }

    /** The first time an entry names (normalised), or "" for scalars and entries without one. */
    private static String timeKey(JsonNode entry) {
        for (String name : ENTRY_TIMES) {
            JsonNode t = entry.get(name);
            if (t != null && t.isTextual()) {
                return t.asText();
            }
        }
        return "";
    }

    private static String canonical(JsonNode node) {
        try {
            return CANONICAL.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
