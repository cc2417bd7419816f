package io.dorastream.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventKeyTest {

    private static final UUID CONNECTION = Samples.CONNECTION;

    @Test
    void formatsConnectionColonEventId() {
        assertEquals(CONNECTION + ":4242fcdd31586083", new EventKey(CONNECTION, "4242fcdd31586083").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"4242fcdd31586083", "abc:def", "a:b:c:", ":leading", "x", "urn:dd:dora:9f8e-7d6c"})
    void roundTripsIdsContainingColons(String eventId) {
        EventKey key = new EventKey(CONNECTION, eventId);
        EventKey parsed = EventKey.parse(key.toString());
        assertEquals(key, parsed);
        assertEquals(eventId, parsed.eventId());
        assertEquals(CONNECTION, parsed.connectionId());
        assertEquals(key.toString(), parsed.toString());
    }

    @Test
    void splitsOnTheFirstColon() {
        EventKey key = EventKey.parse(CONNECTION + ":abc-123:2023");
        assertEquals(CONNECTION, key.connectionId());
        assertEquals("abc-123:2023", key.eventId());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
            "",
            ":",
            "no-colon-at-all",
            ":4242fcdd31586083",                                   // no connection id
            "0b6f3c9e-8d2a-4f1e-9c37-2a5d8e1f4b60",                // no colon, no event id
            "0b6f3c9e-8d2a-4f1e-9c37-2a5d8e1f4b60:",               // empty event id
            "not-a-uuid:4242fcdd31586083",
            "1-2-3-4-5:4242fcdd31586083",                          // UUID.fromString would accept it
            "0B6F3C9E-8D2A-4F1E-9C37-2A5D8E1F4B60:4242fcdd31586083", // not canonical: would not round-trip
            " 0b6f3c9e-8d2a-4f1e-9c37-2a5d8e1f4b60:x"})
    void rejectsMalformedKeys(String key) {
        assertThrows(IllegalArgumentException.class, () -> EventKey.parse(key));
    }

    @Test
    void rejectsEmptyParts() {
        assertThrows(NullPointerException.class, () -> new EventKey(null, "x"));
        assertThrows(IllegalArgumentException.class, () -> new EventKey(CONNECTION, ""));
        assertThrows(IllegalArgumentException.class, () -> new EventKey(CONNECTION, null));
    }

    @Test
    void envelopeKeyIsTheEventKey() {
        EventEnvelope<Deployment> envelope = Samples.deployment("abc:1", 2, Samples.sparseDeployment());
        assertEquals(new EventKey(CONNECTION, "abc:1"), envelope.key());
        assertEquals(CONNECTION + ":deployments", Samples.watermark(Stream.DEPLOYMENTS).key());
    }
}
