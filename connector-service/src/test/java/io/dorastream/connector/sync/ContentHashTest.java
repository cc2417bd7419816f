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
}
