package io.dorastream.connector.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.events.DoraJson;

class ContentHashTest {

    static ObjectNode json(String s) throws Exception {
        return (ObjectNode) DoraJson.mapper().readTree(s);
    }

    @Test
    void keyOrderIsNoChangeButAValueIs() throws Exception {
        String a = ContentHash.of(java.util.Map.of("k", 1), json("{\"a\":1,\"b\":{\"x\":[1,2],\"y\":null}}"));
        String b = ContentHash.of(java.util.Map.of("k", 1), json("{\"b\":{\"y\":null,\"x\":[1,2]},\"a\":1}"));
        String c = ContentHash.of(java.util.Map.of("k", 1), json("{\"b\":{\"y\":null,\"x\":[2,1]},\"a\":1}"));
        String d = ContentHash.of(java.util.Map.of("k", 2), json("{\"a\":1,\"b\":{\"x\":[1,2],\"y\":null}}"));
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertNotEquals(a, d);
    }

    /**
     * The hash of every event already published: pinned, because a different hash for the same event
     * would publish every event again. Covers nested and reordered keys, arrays, nulls, numbers of
     * every kind, escapes and non-ASCII text, in both the event and its raw attributes.
     */
    @Test
    void theHashOfAnEventNeverChanges() throws Exception {
        java.util.Map<String, Object> event = new java.util.LinkedHashMap<>();
        event.put("service", "checkout \"eu\"\t\u00e9\u2603\ud83d\ude80");
        event.put("startedAt", java.time.Instant.parse("2026-03-01T10:15:30.123456Z"));
        event.put("finishedAt", null);
        event.put("durationSeconds", 12.5);
        event.put("big", new java.math.BigDecimal("12345678901234567890.000100"));
        event.put("count", 9_007_199_254_740_993L);
        event.put("tags", java.util.List.of("env:prod", "team:pay"));
        event.put("a", java.util.Map.of("z", 1, "b", java.util.List.of()));
        ObjectNode raw = json("{\"zeta\":{\"y\":[1,2.0,-0.5,1e-7,1E+21],\"x\":\"\\u0001<>&'\"},\"alpha\":true,"
                + "\"mid\":{},\"n\":null,\"s\":\"\u00fcber \\\"quoted\\\" / \\\\\"}");
        assertEquals("02a9f9155f1b1e9c345d134b9ae995da45d78cc2aa12fa913a9e57e8f8b60935", ContentHash.of(event, raw));
    }
}
