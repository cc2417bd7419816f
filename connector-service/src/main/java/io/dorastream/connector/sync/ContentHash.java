package io.dorastream.connector.sync;

import org.apache.commons.codec.digest.DigestUtils;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.events.DoraJson;

/**
 * The hash that decides whether an event changed: SHA-256 of a canonical JSON form (object keys
 * sorted, compact) of the normalized event and its raw attributes, so that Datadog reordering keys is no change.
 */
public final class ContentHash {

    /** Compact JSON with every object's keys in sorted order. */
    private static final ObjectWriter CANONICAL = DoraJson.mapper().writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);

    private ContentHash() {
    }

    public static String of(Object event, ObjectNode raw) {
        return DigestUtils.sha256Hex(canonical(DoraJson.mapper().valueToTree(event)) + '\n' + canonical(raw));
    }

    private static String canonical(JsonNode node) {
        try {
            return CANONICAL.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
