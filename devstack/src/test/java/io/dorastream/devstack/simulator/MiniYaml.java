package io.dorastream.devstack.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the YAML subset go-vcr cassettes use: block mappings and sequences, plain scalars,
 * single-quoted scalars folded over several lines, literal blocks ({@code |}, {@code |-}) and
 * the empty flow collections {@code {}} and {@code []}. Values are maps, lists and strings.
 */
final class MiniYaml {

    private final List<String> lines;
    private int index;

    private MiniYaml(String text) {
        this.lines = new ArrayList<>(List.of(text.split("\n", -1)));
    }

    static Object parse(String text) {
        MiniYaml yaml = new MiniYaml(text);
        yaml.skipBlank();
        return yaml.block(yaml.indentOf(yaml.index));
    }

    private Object block(int indent) {
        return lines.get(index).trim().startsWith("-") ? sequence(indent) : mapping(indent);
    }

    private Map<String, Object> mapping(int indent) {
        Map<String, Object> map = new LinkedHashMap<>();
        while (skipBlank() && indentOf(index) == indent && !isItem(index)) {
            String line = lines.get(index).substring(indent);
            int colon = line.indexOf(": ");
            String key = colon >= 0 ? line.substring(0, colon) : line.substring(0, line.length() - 1);
            String rest = colon >= 0 ? line.substring(colon + 2).trim() : "";
            if (rest.isEmpty()) {
                index++;
                if (skipBlank() && indentOf(index) > indent) {
                    map.put(key, block(indentOf(index)));
                } else if (index < lines.size() && indentOf(index) == indent && isItem(index)) {
                    map.put(key, sequence(indent));
                } else {
                    map.put(key, null);
                }
            } else {
                map.put(key, scalar(rest, indent));
            }
        }
        return map;
    }

    private List<Object> sequence(int indent) {
        List<Object> list = new ArrayList<>();
        while (skipBlank() && indentOf(index) == indent && isItem(index)) {
            String content = lines.get(index).substring(indent + 1).trim();
            if (content.isEmpty()) {
                index++;
                skipBlank();
                list.add(block(indentOf(index)));
            } else if (content.contains(": ") || content.endsWith(":")) {
                lines.set(index, " ".repeat(indent + 2) + content);
                list.add(mapping(indent + 2));
            } else {
                list.add(scalar(content, indent));
            }
        }
        return list;
    }

    private Object scalar(String text, int indent) {
        if (text.equals("|") || text.equals("|-")) {
            return literal(indent, text.equals("|"));
        }
        if (text.startsWith("'")) {
            return singleQuoted(text);
        }
        index++;
        return switch (text) {
            case "{}" -> Map.of();
            case "[]" -> List.of();
            default -> text;
        };
    }

    private String literal(int indent, boolean keepNewline) {
        index++;
        List<String> block = new ArrayList<>();
        int blockIndent = -1;
        while (index < lines.size() && (lines.get(index).isBlank() || indentOf(index) > indent)) {
            String line = lines.get(index);
            if (blockIndent < 0 && !line.isBlank()) {
                blockIndent = indentOf(index);
            }
            block.add(line.isBlank() ? "" : line.substring(blockIndent));
            index++;
        }
        while (!block.isEmpty() && block.get(block.size() - 1).isEmpty()) {
            block.remove(block.size() - 1);
        }
        return String.join("\n", block) + (keepNewline ? "\n" : "");
    }

    /** A single-quoted scalar: {@code ''} is a quote, a line break with indentation folds into a space. */
    private String singleQuoted(String first) {
        StringBuilder raw = new StringBuilder(first.substring(1));
        index++;
        while (!closes(raw)) {
            raw.append('\n').append(lines.get(index++).trim());
        }
        String body = raw.substring(0, raw.length() - 1);
        return body.replace("\n", " ").replace("''", "'");
    }

    /** Whether the text ends with a closing quote (an odd run of quotes at its end). */
    private static boolean closes(CharSequence text) {
        int quotes = 0;
        for (int i = text.length() - 1; i >= 0 && text.charAt(i) == '\''; i--) {
            quotes++;
        }
        return quotes % 2 == 1;
    }

    private boolean isItem(int line) {
        String trimmed = lines.get(line).trim();
        return trimmed.equals("-") || trimmed.startsWith("- ");
    }

    private int indentOf(int line) {
        String text = lines.get(line);
        int i = 0;
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private boolean skipBlank() {
        while (index < lines.size() && lines.get(index).isBlank()) {
            index++;
        }
        return index < lines.size();
    }
}
