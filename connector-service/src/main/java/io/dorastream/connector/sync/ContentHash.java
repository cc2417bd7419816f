package io.dorastream.connector.sync;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.DigestUtils;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.connector.datadog.DatadogEventParser;
import io.dorastream.events.DoraJson;

/**
 * The hash that decides whether an event changed: SHA-256 of a canonical JSON form (object keys
 * sorted, compact) of the normalized event and its raw attributes, both normalised first so that a
 * change of wire form is no change of content:
 * <ul>
 * <li>a time attribute of the raw part (a name ending in {@code _at}, or {@code timestamp}) is
 * written as RFC 3339 in UTC ({@link Instant#toString()}), whether Datadog sent epoch nanoseconds,
 * another offset or zero fractions; a placeholder for "unset" ({@code 0001-01-01T00:00:00Z},
 * {@code 0}) becomes null, as the parser reads it;</li>
 * <li>the arrays whose order means nothing (services, envs, teams, tags; commits and pull requests)
 * are sorted: strings alphabetically, commits and pull requests by their normalised times, then
 * their canonical text.</li>
 * </ul>
 * Events already hashed in this form (RFC 3339 times in UTC without zero fractions, and arrays in
 * that order, as the simulator and Datadog since July 2026 send them) keep their hash; an event
 * stored under another wire form is republished once after the upgrade that introduced the
 * normalisation.
 * <p>
 * It is computed for every event read, so it takes the short ways where it can: the raw attributes are not copied
 * (only a part that changes is), a time already in its one form is not parsed, and the canonical text goes to the
 * digest as UTF-8 bytes without becoming a string. The tests check it against a plain implementation.
 */
public final class ContentHash {

    /** Compact JSON with every object's keys in sorted order. */
    private static final ObjectWriter CANONICAL = DoraJson.mapper().writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);
    /** Attributes (raw and normalized spellings) whose array order carries no meaning. */
    private static final Set<String> UNORDERED = Set.of("service", "services", "env", "envs", "team", "teams",
            "custom_tags", "customTags", "commits", "pull_requests", "pullRequests");
    /** Attributes by which the entries of an unordered array of objects are sorted first, when present. */
    private static final List<String> ENTRY_TIMES = List.of("timestamp", "created_at", "createdAt", "merged_at", "mergedAt");

    private ContentHash() {
    }

    public static String of(Object event, ObjectNode raw) {
        JsonNode normalized = normalise(DoraJson.mapper().valueToTree(event));
        JsonNode attributes = normalisedRaw(raw);
        if (hasSurrogate(normalized) || hasSurrogate(attributes)) {
            // the UTF-8 bytes of the text as a Java string, where a lone surrogate (escaped in the answer) is a '?';
            // written as bytes it would be an escape
            return DigestUtils.sha256Hex(canonical(normalized) + '\n' + canonical(attributes));
        }
        MessageDigest sha = DigestUtils.getSha256Digest();
        try {
            OutputStream out = new Digesting(sha);
            CANONICAL.writeValue(out, normalized);
            out.write('\n');
            CANONICAL.writeValue(out, attributes);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
        return Hex.encodeHexString(sha.digest());
    }

    /** Whether a name or text of the tree holds a character outside the BMP, or half of one. */
    private static boolean hasSurrogate(JsonNode node) {
        if (node.isTextual()) {
            return hasSurrogate(node.textValue());
        }
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (hasSurrogate(field.getKey()) || hasSurrogate(field.getValue())) {
                    return true;
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode e : array) {
                if (hasSurrogate(e)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Feeds what is written to a digest (the canonical text's UTF-8 bytes); closing it does nothing. */
    private static final class Digesting extends OutputStream {
        private final MessageDigest digest;

        Digesting(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            digest.update(b, off, len);
        }
    }

    /** Sorts the unordered arrays of a tree of our own, in place. */
    private static JsonNode normalise(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode value = normalise(field.getValue());
                if (UNORDERED.contains(field.getKey()) && value instanceof ArrayNode array && !isSorted(array)) {
                    field.setValue(sorted(array));
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(ContentHash::normalise);
        }
        return node;
    }

    /**
     * The raw attributes normalised (times and unordered arrays), leaving {@code node} as it is: a part that needs no
     * change is shared, not copied, and most need none.
     */
    private static JsonNode normalisedRaw(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode[] normal = new JsonNode[object.size()];
            boolean changed = false;
            int i = 0;
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                String name = field.getKey();
                JsonNode value = field.getValue();
                if (isTime(name) && value.isValueNode()) {
                    normal[i] = time(value);
                } else {
                    normal[i] = normalisedRaw(value);
                    if (UNORDERED.contains(name) && normal[i] instanceof ArrayNode array && !isSorted(array)) {
                        normal[i] = sorted(array);
                    }
                }
                changed |= normal[i++] != value;
            }
            if (!changed) {
                return object;
            }
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            i = 0;
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                copy.set(field.getKey(), normal[i++]);
            }
            return copy;
        }
        if (node instanceof ArrayNode array) {
            JsonNode[] normal = new JsonNode[array.size()];
            boolean changed = false;
            for (int i = 0; i < normal.length; i++) {
                normal[i] = normalisedRaw(array.get(i));
                changed |= normal[i] != array.get(i);
            }
            return changed ? JsonNodeFactory.instance.arrayNode(normal.length).addAll(List.of(normal)) : array;
        }
        return node;
    }

    private static boolean isTime(String name) {
        return name.endsWith("_at") || name.equals("timestamp");
    }

    /** A time in one form; a value that is no time stays as it is (it is content). */
    private static JsonNode time(JsonNode value) {
        if (value.isNull() || value.isTextual() && isCanonicalTime(value.textValue())) {
            return value;
        }
        try {
            Instant t = DatadogEventParser.instant(value);
            return t == null ? JsonNodeFactory.instance.nullNode() : JsonNodeFactory.instance.textNode(t.toString());
        } catch (RuntimeException e) {
            return value;
        }
    }

    private static final Comparator<JsonNode> ORDER = Comparator.comparing(ContentHash::timeKey)
            .thenComparing(ContentHash::canonical);

    private static boolean isSorted(ArrayNode array) {
        for (int i = 1; i < array.size(); i++) {
            if (ORDER.compare(array.get(i - 1), array.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    private static ArrayNode sorted(ArrayNode array) {
        List<JsonNode> entries = new ArrayList<>(array.size());
        array.forEach(entries::add);
        entries.sort(ORDER);
        return JsonNodeFactory.instance.arrayNode(entries.size()).addAll(entries);
    }

    /**
     * The first year whose every time the parser takes for a time, not a placeholder
     * ({@link DatadogEventParser#PLACEHOLDER_BEFORE}).
     */
    private static final int FIRST_REAL_YEAR = firstYearFrom(DatadogEventParser.PLACEHOLDER_BEFORE);

    private static int firstYearFrom(Instant t) {
        OffsetDateTime utc = t.atOffset(ZoneOffset.UTC);
        return utc.getDayOfYear() == 1 && utc.toLocalTime().equals(LocalTime.MIDNIGHT) ? utc.getYear()
                : utc.getYear() + 1;
    }

    /**
     * Whether {@code s} is already what {@link #time} would make of it: RFC 3339 in UTC as {@link Instant#toString()}
     * writes it (fractions in groups of three digits, none if zero) of a year from {@link #FIRST_REAL_YEAR} (earlier
     * ones may hold placeholders). Only a quick way round parsing: {@code false} for anything unusual, which is then parsed.
     */
    static boolean isCanonicalTime(String s) {
        int n = s.length();
        if (n != 20 && n != 24 && n != 27 && n != 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':' || n > 20 && s.charAt(19) != '.') {
            return false;
        }
        for (int i = 0; i < n - 1; i++) {
            if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 && i != 19 && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
                return false;
            }
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        if (year < FIRST_REAL_YEAR || month < 1 || month > 12 || day < 1 || day > 28 && day > YearMonth.of(year, month).lengthOfMonth()
                || digits(s, 11, 13) > 23 || digits(s, 14, 16) > 59 || digits(s, 17, 19) > 59) {
            return false;
        }
        // the last group of three fraction digits is never 000: Instant#toString would have left it out
        return n == 20 || !s.startsWith("000", n - 4);
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + s.charAt(i) - '0';
        }
        return v;
    }

    /** The first time an entry names (normalised), or "" for scalars and entries without one. */
    private static String timeKey(JsonNode entry) {
        for (String name : ENTRY_TIMES) {
            JsonNode t = entry.get(name);
            if (t != null && t.isTextual()) {
                return t.asText();
            }
        }
        return "";
    }

    private static String canonical(JsonNode node) {
        try {
            return CANONICAL.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
