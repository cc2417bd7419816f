package io.dorastream.aggregator.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class EventCursorTest {

    private static final UUID CONNECTION = UUID.fromString("0b6f3c9e-8d2a-4f1e-9c37-2a5d8e1f4b60");

    @Test
    void roundTripsEveryPartExactly() {
        EventCursor cursor = new EventCursor(EventCursor.DEPLOYMENTS, Instant.parse("2026-03-01T12:00:00.123456Z"), CONNECTION,
                "abc:def|ü \"quoted\"");
        String encoded = cursor.encode();
        assertTrue(encoded.matches("[A-Za-z0-9_-]+"), "URL-safe without padding: " + encoded);
        assertEquals(cursor, EventCursor.decode(encoded, EventCursor.DEPLOYMENTS));
    }

    @Test
    void aCursorOfAnotherListingIsRefused() {
        String incidents = new EventCursor(EventCursor.INCIDENTS, Instant.parse("2026-03-01T12:00:00Z"), CONNECTION, "x").encode();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventCursor.decode(incidents, EventCursor.DEPLOYMENTS));
        assertTrue(e.getMessage().contains("another listing"), e.getMessage());
    }

    @Test
    void garbageIsRefused() {
        for (String garbage : new String[] { "", "!!", "AAAA", "W10", "WyJkZXBsb3ltZW50cy4xIl0" }) {
            assertThrows(IllegalArgumentException.class, () -> EventCursor.decode(garbage, EventCursor.DEPLOYMENTS), garbage);
        }
    }
}
