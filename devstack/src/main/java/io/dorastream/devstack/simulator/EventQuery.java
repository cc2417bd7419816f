package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A parsed list-request {@code query} in Datadog's event-search syntax, restricted to tags.
 *
 * <p>Grammar: terms separated by spaces are AND-ed ({@code AND} may be written), {@code OR}
 * joins alternatives, {@code -} or {@code NOT} negates, parentheses group. A term is
 * {@code key:value} or {@code key:(v1 OR v2 …)}; values may be double-quoted and may hold
 * {@code *} wildcards; {@code key:*} means the tag exists; a lone {@code *} matches every event.
 * Matching is case-insensitive. The tag values of an event under a key are: the attribute of
 * that name when it is a string or an array of strings (for {@code service}, also every entry of
 * {@code services}), plus every {@code custom_tags} entry {@code key:value}.
 */
final class EventQuery {

    /** A query that is not valid; its message says where and why. */
    static final class SyntaxException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            super(message);
        }
    }

    private sealed interface Node permits All, Term, Not, And, Or {
        boolean matches(ObjectNode attributes);
    }

    private record All() implements Node {
        @Override
        public boolean matches(ObjectNode attributes) {
            return true;
        }
    }

    private record Term(String key, Pattern value) implements Node {
        @Override
        public boolean matches(ObjectNode attributes) {
            return tagValues(attributes, key).stream().anyMatch(v -> value.matcher(v).matches());
        }
    }

    private record Not(Node operand) implements Node {
        @Override
        public boolean matches(ObjectNode attributes) {
            return !operand.matches(attributes);
        }
    }

    private record And(List<Node> operands) implements Node {
        @Override
        public boolean matches(ObjectNode attributes) {
            return operands.stream().allMatch(n -> n.matches(attributes));
        }
    }

    private record Or(List<Node> operands) implements Node {
        @Override
        public boolean matches(ObjectNode attributes) {
            return operands.stream().anyMatch(n -> n.matches(attributes));
        }
    }

    private static final EventQuery ALL = new EventQuery(new All());

    private final Node root;

    private EventQuery(Node root) {
        this.root = root;
    }

    /** Parses a query; {@code null} or blank matches everything. */
    static EventQuery parse(String query) {
        if (query == null || query.isBlank()) {
            return ALL;
        }
        return new EventQuery(new Parser(query).parseQuery());
    }

    /** Whether an event with these attributes matches. */
    boolean matches(ObjectNode attributes) {
        return root.matches(attributes);
    }

    /** The values an event has under a tag key, lower-cased. */
    static List<String> tagValues(ObjectNode attributes, String key) {
        List<String> values = new ArrayList<>();
        addStrings(values, attributes.get(key));
        if (key.equals("service")) {
            addStrings(values, attributes.get("services"));
        }
        JsonNode tags = attributes.get("custom_tags");
        if (tags != null && tags.isArray()) {
            String prefix = key + ":";
            for (JsonNode tag : tags) {
                String text = tag.asText("");
                if (tag.isTextual() && text.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    values.add(text.substring(prefix.length()).toLowerCase(Locale.ROOT));
                }
            }
        }
        return values;
    }

    private static void addStrings(List<String> values, JsonNode node) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            values.add(node.asText().toLowerCase(Locale.ROOT));
        } else if (node.isArray()) {
            for (JsonNode entry : node) {
                if (entry.isTextual()) {
                    values.add(entry.asText().toLowerCase(Locale.ROOT));
                }
            }
        }
    }

    /** Recursive-descent parser; {@code key} is the enclosing {@code key:( … )} group's key, if any. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Node parseQuery() {
            Node node = parseOr(null);
            skipSpaces();
            if (pos < text.length()) {
                throw error("unexpected '" + text.charAt(pos) + "'");
            }
            return node;
        }

        private Node parseOr(String key) {
            List<Node> operands = new ArrayList<>(List.of(parseAnd(key)));
            while (acceptKeyword("OR")) {
                operands.add(parseAnd(key));
            }
            return operands.size() == 1 ? operands.get(0) : new Or(List.copyOf(operands));
        }

        private Node parseAnd(String key) {
            List<Node> operands = new ArrayList<>(List.of(parseUnary(key)));
            while (true) {
                skipSpaces();
                if (pos >= text.length() || text.charAt(pos) == ')' || atKeyword("OR")) {
                    break;
                }
                acceptKeyword("AND");
                operands.add(parseUnary(key));
            }
            return operands.size() == 1 ? operands.get(0) : new And(List.copyOf(operands));
        }

        private Node parseUnary(String key) {
            skipSpaces();
            if (pos < text.length() && text.charAt(pos) == '-') {
                pos++;
                if (pos >= text.length() || Character.isWhitespace(text.charAt(pos))) {
                    throw error("'-' must be followed by a term");
                }
                return new Not(parsePrimary(key));
            }
            if (acceptKeyword("NOT")) {
                return new Not(parseUnary(key));
            }
            return parsePrimary(key);
        }

        private Node parsePrimary(String key) {
            skipSpaces();
            if (pos >= text.length()) {
                throw error("a term is missing");
            }
            char c = text.charAt(pos);
            if (c == '(') {
                return parseGroup(key);
            }
            if (c == ')') {
                throw error("unexpected ')'");
            }
            if (atKeyword("OR") || atKeyword("AND") || atKeyword("NOT")) {
                throw error("a term is missing before an operator");
            }
            if (key != null) {
                return new Term(key, pattern(readValue()));
            }
            int start = pos;
            String name = readWord();
            if (pos < text.length() && text.charAt(pos) == ':') {
                if (name.isEmpty()) {
                    throw error("a tag key is missing before ':'");
                }
                pos++;
                String tagKey = name.toLowerCase(Locale.ROOT);
                if (pos < text.length() && text.charAt(pos) == '(') {
                    return parseGroup(tagKey);
                }
                return new Term(tagKey, pattern(readValue()));
            }
            if (name.equals("*")) {
                return new All();
            }
            pos = start;
            throw error("expected key:value, free-text search is not supported");
        }

        private Node parseGroup(String key) {
            pos++;
            skipSpaces();
            if (pos < text.length() && text.charAt(pos) == ')') {
                throw error("empty group");
            }
            Node inner = parseOr(key);
            skipSpaces();
            if (pos >= text.length() || text.charAt(pos) != ')') {
                throw error("missing ')'");
            }
            pos++;
            return inner;
        }

        /** A key: characters up to a space, parenthesis, quote or colon. */
        private String readWord() {
            int start = pos;
            while (pos < text.length() && !isDelimiter(text.charAt(pos)) && text.charAt(pos) != ':'
                    && text.charAt(pos) != '"') {
                pos++;
            }
            return text.substring(start, pos);
        }

        /** A value: a double-quoted string, or characters up to a space or parenthesis (colons allowed). */
        private String readValue() {
            if (pos < text.length() && text.charAt(pos) == '"') {
                StringBuilder value = new StringBuilder();
                pos++;
                while (pos < text.length() && text.charAt(pos) != '"') {
                    char c = text.charAt(pos++);
                    if (c == '\\' && pos < text.length()) {
                        c = text.charAt(pos++);
                    }
                    value.append(c);
                }
                if (pos >= text.length()) {
                    throw error("unterminated quoted value");
                }
                pos++;
                return value.toString();
            }
            int start = pos;
            while (pos < text.length() && !isDelimiter(text.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error("a value is missing");
            }
            return text.substring(start, pos);
        }

        private static boolean isDelimiter(char c) {
            return Character.isWhitespace(c) || c == '(' || c == ')';
        }

        private boolean atKeyword(String keyword) {
            int end = pos + keyword.length();
            return text.startsWith(keyword, pos)
                    && (end == text.length() || isDelimiter(text.charAt(end)));
        }

        private boolean acceptKeyword(String keyword) {
            skipSpaces();
            if (atKeyword(keyword)) {
                pos += keyword.length();
                return true;
            }
            return false;
        }

        private void skipSpaces() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private SyntaxException error(String problem) {
            return new SyntaxException(problem + " at position " + pos + " of query \"" + text + "\"");
        }

        /** A value with {@code *} wildcards as a case-insensitive full-match pattern. */
        private static Pattern pattern(String value) {
            return Pattern.compile(Arrays.stream(value.toLowerCase(Locale.ROOT).split("\\*", -1))
                    .map(Pattern::quote)
                    .collect(Collectors.joining(".*")), Pattern.DOTALL);
        }
    }
}
