package io.dorastream.connector.reading;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Datadog event-search clauses that split a window by service, AND-ed with a connection's own
 * query. {@code service:(a OR b)} and {@code -service:(a OR b)} use the very same terms, so every
 * event matching the connection's query matches one of the groups or the rest, whatever
 * Datadog makes of case or wildcards.
 */
final class ServiceQuery {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-/@]*");

    private ServiceQuery() {
    }

    /** {@code clause} AND-ed with the connection's {@code query} (null or blank: the clause alone). */
    static String and(String query, String clause) {
        if (query == null || query.isBlank()) {
            return clause;
        }
        return "(" + query.trim() + ") " + clause;
    }

    /** {@code service:a} or {@code service:(a OR b …)}. */
    static String anyOf(List<String> services) {
        if (services.isEmpty()) {
            throw new IllegalArgumentException("no service");
        }
        if (services.size() == 1) {
            return "service:" + value(services.get(0));
        }
        return services.stream().map(ServiceQuery::value).collect(Collectors.joining(" OR ", "service:(", ")"));
    }

    /** {@code -service:(a OR b …)}: the events of none of these services (and those without a service). */
    static String noneOf(List<String> services) {
        return "-" + anyOf(services);
    }

    /** A service name as a query value: as is when plain, else double-quoted. */
    static String value(String service) {
        String upper = service.toUpperCase(Locale.ROOT);
        if (PLAIN.matcher(service).matches() && !upper.equals("OR") && !upper.equals("AND") && !upper.equals("NOT")) {
            return service;
        }
        return "\"" + service.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * The services an event names, counted into {@code counts}: a deployment's {@code service},
     * a failure's {@code services} (either may be a string or an array).
     */
    static void count(JsonNode item, Map<String, Integer> counts) {
        JsonNode attributes = item.path("attributes");
        Map<String, Boolean> names = new LinkedHashMap<>();
        collect(attributes.get("service"), names);
        collect(attributes.get("services"), names);
        names.keySet().forEach(n -> counts.merge(n, 1, Integer::sum));
    }

    private static void collect(JsonNode node, Map<String, Boolean> names) {
        if (node == null) {
            return;
        }
        if (node.isTextual() && !node.asText().isBlank()) {
            names.put(node.asText(), Boolean.TRUE);
        } else if (node.isArray()) {
            for (JsonNode n : node) {
                if (n.isTextual() && !n.asText().isBlank()) {
                    names.put(n.asText(), Boolean.TRUE);
                }
            }
        }
    }
}
