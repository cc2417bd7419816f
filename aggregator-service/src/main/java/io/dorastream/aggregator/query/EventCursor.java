package io.dorastream.aggregator.query;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.events.DoraJson;

/**
 * Where a page of events ended: the last item's sort instant, connection and event id. Pages go on
 * after that position (keyset pagination), so rows inserted meanwhile shift nothing: no item repeats
 * and none is skipped. Opaque to callers: base64url of a JSON array whose first element tags the
 * listing and the cursor format, so a cursor of one listing is refused by another and the format can
 * change later without misreading old cursors.
 */
public record EventCursor(String tag, Instant at, UUID connectionId, String eventId) {

    /** Tag of a deployments cursor, format 1. */
    static final String DEPLOYMENTS = "deployments.1";
    /** Tag of an incidents cursor, format 1. */
    static final String INCIDENTS = "incidents.1";

    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    public String encode() {
        try {
            byte[] json = DoraJson.mapper().writeValueAsBytes(List.of(tag, at.toString(), connectionId.toString(), eventId));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a cursor", e);
        }
    }

    /**
     * Reads a cursor of the listing {@code expectedTag}.
     *
     * @throws IllegalArgumentException when it is not one (garbled, of another listing or format)
     */
    public static EventCursor decode(String cursor, String expectedTag) {
        JsonNode array;
        try {
            array = DoraJson.mapper().readTree(Base64.getUrlDecoder().decode(cursor.trim().getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the cursor is malformed; pass nextCursor of the previous page unchanged");
        }
        if (array == null || !array.isArray() || array.size() != 4 || !array.get(0).isTextual()) {
            throw new IllegalArgumentException("the cursor is malformed; pass nextCursor of the previous page unchanged");
        }
        if (!expectedTag.equals(array.get(0).asText())) {
            throw new IllegalArgumentException("the cursor belongs to another listing or an unknown cursor format");
        }
        try {
            Instant at = Instant.parse(array.get(1).asText());
            UUID connection = UUID.fromString(array.get(2).asText());
            String eventId = array.get(3).asText();
            if (at.isBefore(EARLIEST) || at.isAfter(LATEST) || !array.get(3).isTextual() || eventId.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("out of range");
            }
            return new EventCursor(expectedTag, at, connection, eventId);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the cursor is malformed; pass nextCursor of the previous page unchanged");
        }
    }
}
