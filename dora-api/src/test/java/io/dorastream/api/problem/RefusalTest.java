package io.dorastream.api.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

class RefusalTest {

    record Body(String name, Integer backfillDays, Boolean paused, List<Item> items) {
    }

    record Item(String key) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Refusal refusal(String body) {
        return Refusal.of(assertThrows(JsonProcessingException.class, () -> JSON.readValue(body, Body.class), body));
    }

    @Test
    void aFieldOfTheWrongTypeIsNamedWithWhatItMustBe() {
        assertEquals(Map.of("paused", "must be true or false"), refusal("{\"paused\":\"maybe\"}").errors());
        assertEquals(Map.of("backfillDays", "must be a whole number"), refusal("{\"backfillDays\":\"a word\"}").errors());
        assertEquals(Map.of("name", "must be a string"), refusal("{\"name\":{\"a\":1}}").errors());
        assertEquals(Map.of("name", "must be a string"), refusal("{\"name\":[\"a\"]}").errors());
        assertEquals(Map.of("items[0].key", "must be a string"), refusal("{\"items\":[{\"key\":[]}]}").errors());
        assertEquals("the body has a field of the wrong type or out of range: paused", refusal("{\"paused\":\"maybe\"}").detail());
    }

    @Test
    void numbersOutOfRangeAreNamed() {
        assertEquals(Map.of("backfillDays", "is out of range for a whole number"),
                refusal("{\"backfillDays\":1180591620717411303424}").errors());
        assertTrue(refusal("{\"backfillDays\":1e400}").errors().containsKey("backfillDays"));
    }

    @Test
    void malformedJsonGivesItsPositionAndNeverTheInput() {
        Refusal r = refusal("{\"name\":\"secret\\uZZZZ\"}");
        assertNull(r.errors());
        assertTrue(r.detail().startsWith("the body is not valid JSON (line 1, column "), r.detail());
        assertFalse(r.detail().contains("secret"));
        assertEquals("the body must be a JSON object", refusal("[1,2]").detail());
    }

    @Test
    void otherFrameworkRefusalsKeepTheirStatus() {
        assertEquals(new Refusal(405, "Method Not Allowed", null), Refusal.of(405, null));
        assertEquals("the request could not be read", Refusal.of(400, new IllegalArgumentException("x")).detail());
        assertEquals(Map.of("paused", "must be true or false"), Refusal.of(400,
                assertThrows(JsonProcessingException.class, () -> JSON.readValue("{\"paused\":\"x\"}", Body.class))).errors());
    }

    @Test
    void problemsHaveTheSharedShape() throws Exception {
        var doc = JSON.readTree(Problems.json(414, "the request line is too long", null));
        assertEquals("https://dorastream.io/problems/uri-too-long", doc.get("type").asText());
        assertEquals("URI Too Long", doc.get("title").asText());
        assertEquals(414, doc.get("status").asInt());
        assertFalse(doc.has("errors"));
        assertEquals("bad", JSON.readTree(Problems.json(400, "d", Problems.field("purge", "bad"))).at("/errors/purge").asText());
    }
}
