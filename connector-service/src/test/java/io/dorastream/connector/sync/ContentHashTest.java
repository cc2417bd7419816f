package io.dorastream.connector.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.dorastream.connector.config.ConnectorConfig;
import io.dorastream.connector.datadog.DatadogEventParser;
import io.dorastream.devstack.simulator.Dataset;
import io.dorastream.devstack.simulator.DatasetGenerator;
import io.dorastream.devstack.simulator.DatasetSpec;
import io.dorastream.events.DoraJson;
import io.dorastream.events.Stream;

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

    /**
     * Every event of a generated dataset, as the simulator sends it and rewritten into other wire forms (epoch
     * times, offsets, zero fractions, placeholders, shuffled arrays, odd values where times belong, a lone
     * surrogate), hashes exactly as the plain {@link ContentHashReference} does, and its raw attributes are left as
     * they were.
     */
    @Test
    void theFastPathsHashAsTheReferenceDoes() {
        Dataset data = DatasetGenerator.generate(DatasetSpec.demo().withSeed(11).withServices(4).withEnvironments(2)
                .withMonthsBack(2), Instant.parse("2026-12-01T00:00:00Z"));
        DatadogEventParser parser = new DatadogEventParser(ConnectorConfig.AuthorEmails.DROP);
        Random random = new Random(42);
        int checked = 0;
        for (Stream stream : Stream.values()) {
            for (ObjectNode item : stream == Stream.DEPLOYMENTS ? data.deployments() : data.failures()) {
                for (ObjectNode form : List.of(item, rewire(item, random))) {
                    DatadogEventParser.Parsed p = parser.parse(stream, form);
                    ObjectNode before = p.raw().deepCopy();
                    assertEquals(ContentHashReference.of(p.event(), p.raw()), ContentHash.of(p.event(), p.raw()),
                            () -> "different hash of " + form);
                    assertEquals(before, p.raw(), "the raw attributes are left as they were");
                    checked++;
                }
            }
        }
        assertTrue(checked > 1000, "checked " + checked);
    }

    /** A copy of {@code item} in other wire forms: each time and array rewritten or not, at random. */
    private static ObjectNode rewire(ObjectNode item, Random random) {
        ObjectNode copy = item.deepCopy();
        ObjectNode attributes = (ObjectNode) copy.get("attributes");
        rewireTree(attributes, random);
        ObjectNode odd = attributes.putObject("extra");
        String[] values = { "0001-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "2000-01-01T00:00:00Z", "2026-02-29T10:00:00Z",
            "2028-02-29T10:00:00Z", "2026-04-31T10:00:00Z", "2026-07-01T10:00Z", "2026-07-01T24:00:00Z",
            "2026-07-01T10:00:60Z", "2026-07-01t10:00:00z", "2026-07-01T10:00:00.000Z", "2026-07-01T10:00:00.120Z",
            "2026-07-01T10:00:00.123000Z", "2026-07-01T10:00:00.000001Z", "2026-07-01T10:00:00.123456000Z",
            "2026-07-01T10:00:00.1Z", "+12026-07-01T10:00:00Z", "soon", "", "0", "-5", "1782900000", "17829000001234.5" };
        odd.put("moved_at", values[random.nextInt(values.length)]);
        odd.put("timestamp", random.nextBoolean() ? "\ud800 lone" : values[random.nextInt(values.length)]);
        odd.putArray("created_at").add("2026-07-01T10:00:00Z");
        odd.put("deleted_at", random.nextBoolean());
        odd.putArray("teams").add("b").add("\ud800").add("a");
        return copy;
    }

    private static void rewireTree(JsonNode node, Random random) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode value = field.getValue();
                String name = field.getKey();
                if ((name.endsWith("_at") || name.equals("timestamp")) && value.isTextual() && !value.asText().isEmpty()
                        && random.nextInt(3) > 0) {
                    Instant t = Instant.parse(value.asText());
                    long nanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
                    JsonNode other = switch (random.nextInt(5)) {
                        case 0 -> LongNode.valueOf(nanos);
                        case 1 -> TextNode.valueOf(Long.toString(nanos / 1000));
                        case 2 -> TextNode.valueOf(t.atOffset(ZoneOffset.ofHours(2)).toString());
                        case 3 -> TextNode.valueOf(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
                                .withZone(ZoneOffset.UTC).format(t));
                        default -> LongNode.valueOf(t.toEpochMilli());
                    };
                    field.setValue(other);
                } else {
                    rewireTree(value, random);
                    if (value instanceof ArrayNode array && random.nextBoolean()) {
                        List<JsonNode> entries = new ArrayList<>();
                        array.forEach(entries::add);
                        Collections.shuffle(entries, random);
                        array.removeAll().addAll(entries);
                    }
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(e -> rewireTree(e, random));
        }
    }

    /** The quick check for a time already in its one form never says so of a time that is not. */
    @Test
    void aTimeIsTakenAsItIsOnlyWhenParsingWouldWriteItSo() {
        Random random = new Random(7);
        int canonical = 0;
        for (int i = 0; i < 200_000; i++) {
            long second = Instant.parse("1990-01-01T00:00:00Z").getEpochSecond() + (long) (random.nextDouble() * 4_000_000_000L);
            int nano = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(second, nano);
            String s = t.toString();
            assertEquals(!t.isBefore(DatadogEventParser.PLACEHOLDER_BEFORE) && t.isBefore(Instant.parse("+10000-01-01T00:00:00Z")),
                    ContentHash.isCanonicalTime(s), s);
            // one character changed: canonical only if parsing writes it back unchanged
            char[] c = s.toCharArray();
            c[random.nextInt(c.length)] = "0123456789:-.TZ+z ".charAt(random.nextInt(18));
            String mutated = new String(c);
            if (ContentHash.isCanonicalTime(mutated)) {
                canonical++;
                assertEquals(mutated, Instant.parse(mutated).toString());
                assertFalse(Instant.parse(mutated).isBefore(DatadogEventParser.PLACEHOLDER_BEFORE), mutated);
            }
        }
        assertTrue(canonical > 10_000, "mutations taken as canonical: " + canonical);
    }

    private static String hashOf(String item) throws Exception {
        io.dorastream.connector.datadog.DatadogEventParser.Parsed p = new io.dorastream.connector.datadog.DatadogEventParser(
                io.dorastream.connector.config.ConnectorConfig.AuthorEmails.DROP)
                .parse(io.dorastream.events.Stream.DEPLOYMENTS, json(item.replace('\'', '"')));
        return ContentHash.of(p.event(), p.raw());
    }
}
