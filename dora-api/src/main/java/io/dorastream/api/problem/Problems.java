package io.dorastream.api.problem;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The shape every service gives an RFC 9457 problem ({@code application/problem+json}): {@code type}
 * derived from the title, {@code title} the status's reason phrase, {@code status}, {@code detail},
 * and {@code errors} naming offending fields. Each service's {@code rest/Problem} builds its JAX-RS
 * answers with {@link #type}; the HTTP-layer refusals that never reach JAX-RS are written with
 * {@link #json}.
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
            Map.entry(408, "Request Timeout"), Map.entry(409, "Conflict"), Map.entry(411, "Length Required"),
            Map.entry(413, "Payload Too Large"), Map.entry(414, "URI Too Long"), Map.entry(415, "Unsupported Media Type"),
            Map.entry(422, "Validation Failed"), Map.entry(429, "Too Many Requests"),
            Map.entry(431, "Request Header Fields Too Large"), Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"), Map.entry(505, "HTTP Version Not Supported"));

    private Problems() {
    }

    /** The title of a status: its reason phrase, or {@code HTTP <status>}. */
    public static String title(int status) {
        return TITLES.getOrDefault(status, "HTTP " + status);
    }

    /** The {@code type} URI of a problem with this title. */
    public static String type(String title) {
        return "https://dorastream.io/problems/" + title.toLowerCase(Locale.ROOT).replace(' ', '-');
    }

    /** A whole problem document as JSON text, titled by the status; {@code errors} may be null. */
    public static String json(int status, String detail, Map<String, String> errors) {
        String title = title(status);
        ObjectNode o = JSON.createObjectNode();
        o.put("type", type(title));
        o.put("title", title);
        o.put("status", status);
        o.put("detail", detail);
        if (errors != null && !errors.isEmpty()) {
            ObjectNode e = o.putObject("errors");
            errors.forEach(e::put);
        }
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // an ObjectNode of strings always serializes
        }
    }

    /** {@code errors} of one field. */
    public static Map<String, String> field(String name, String message) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(name, message);
        return m;
    }
}
