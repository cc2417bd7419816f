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

    /**
     * Datadog changed timestamps from epoch nanoseconds to RFC 3339 in July 2026 and may list arrays
     * in any order: the same content in another wire form hashes alike, so nothing is republished.
     */
    @Test
    void aChangeOfWireFormIsNoChange() throws Exception {
        String rfc = hashOf("{'id':'d1','attributes':{'service':'s','started_at':'2026-07-01T10:00:00Z',"
                + "'finished_at':'2026-07-01T10:05:00.5Z','custom_tags':['b:2','a:1'],'team':'t1',"
                + "'commits':[{'sha':'c1','timestamp':'2026-06-30T09:00:00Z'},{'sha':'c2','timestamp':'2026-06-30T10:00:00Z'}],"
                + "'pull_requests':[{'created_at':'0001-01-01T00:00:00Z','merged_at':'2026-06-30T11:00:00Z'}]}}");
        String nanos = hashOf("{'id':'d1','attributes':{'service':'s','started_at':1782900000000000000,"
                + "'finished_at':'2026-07-01T12:05:00.500+02:00','custom_tags':['a:1','b:2'],'team':'t1',"
                + "'commits':[{'timestamp':1782813600000000000,'sha':'c2'},{'sha':'c1','timestamp':1782810000000000000}],"
                + "'pull_requests':[{'created_at':0,'merged_at':1782817200000000000}]}}");
        assertEquals(rfc, nanos);
        String changed = hashOf("{'id':'d1','attributes':{'service':'s','started_at':'2026-07-01T10:00:00Z',"
                + "'finished_at':'2026-07-01T10:05:01Z','custom_tags':['b:2','a:1'],'team':'t1',"
                + "'commits':[{'sha':'c1','timestamp':'2026-06-30T09:00:00Z'},{'sha':'c2','timestamp':'2026-06-30T10:00:00Z'}],"
                + "'pull_requests':[{'created_at':'0001-01-01T00:00:00Z','merged_at':'2026-06-30T11:00:00Z'}]}}");
        assertNotEquals(rfc, changed, "a different finish is a change");
    }

    private static String hashOf(String item) throws Exception {
        io.dorastream.connector.datadog.DatadogEventParser.Parsed p = new io.dorastream.connector.datadog.DatadogEventParser(
                io.dorastream.connector.config.ConnectorConfig.AuthorEmails.DROP)
                .parse(io.dorastream.events.Stream.DEPLOYMENTS, json(item.replace('\'', '"')));
        return ContentHash.of(p.event(), p.raw());
    }
}
