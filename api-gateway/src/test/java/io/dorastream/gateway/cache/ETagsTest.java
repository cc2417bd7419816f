package io.dorastream.gateway.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ETagsTest {

    @Test
    void theTagIsTheQuotedStartOfTheBodysSha256() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assertEquals("\"ba7816bf8f01cfea414140de5dae2223\"", ETags.of("abc"));
        assertNotEquals(ETags.of("{\"a\":1}"), ETags.of("{\"a\":2}"));
    }

    @Test
    void ifNoneMatchNamesTheTagAmongOthersWeaklyOrByStar() {
        String tag = ETags.of("abc");
        assertTrue(ETags.matches(tag, tag));
        assertTrue(ETags.matches("\"x\", " + tag, tag));
        assertTrue(ETags.matches("W/" + tag, tag));
        assertTrue(ETags.matches("*", tag));
        assertFalse(ETags.matches(null, tag));
        assertFalse(ETags.matches("\"x\"", tag));
        assertFalse(ETags.matches(tag.replace("\"", ""), tag));
    }
}
