package io.dorastream.connector.datadog;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.codec.digest.DigestUtils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.connector.config.ConnectorConfig.AuthorEmails;
import io.dorastream.events.Deployment;
import io.dorastream.events.Incident;
import io.dorastream.events.Stream;

/**
 * Turns one Datadog list item into the contract's normalized event, leniently: unknown attributes
 * stay in the raw part, timestamps may be RFC 3339 or epoch numbers (ns, µs, ms or s by magnitude),
 * {@code service}/{@code env}/{@code team} may be a string or an array, the type may be
 * {@code dora_failure} or {@code dora_incident}. Commit author emails are dropped, hashed or kept
 * (in both the normalized and the raw part) before anything leaves the connector.
 */
public final class DatadogEventParser {

    private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);

    private final AuthorEmails authorEmails;

    public DatadogEventParser(AuthorEmails authorEmails) {
        this.authorEmails = authorEmails;
    }

    /** A Datadog event that could not be read; the message names the id (never a credential). */
    public static class UnparseableEventException extends RuntimeException {
        public UnparseableEventException(String message) {
            super(message);
        }
    }

    /** A parsed event: {@code event} is a {@link Deployment} or an {@link Incident}. */
    public record Parsed(String id, Stream stream, Object event, ObjectNode raw) {
    }

    public Parsed parse(Stream stream, JsonNode item) {
        String id = item.path("id").asText(null);
        if (id == null || id.isEmpty()) {
            throw new UnparseableEventException("event without id: " + abbreviate(item.toString()));
        }
        String type = item.path("type").asText("");
        if (!type.isEmpty() && !expectedType(stream, type)) {
            throw new UnparseableEventException("event " + id + " has type '" + type + "' on the " + stream.id() + " stream");
        }
        if (!item.path("attributes").isObject()) {
            throw new UnparseableEventException("event " + id + " has no attributes object");
        }
        ObjectNode raw = ((ObjectNode) item.get("attributes")).deepCopy();
        applyEmailPolicy(raw);
        try {
            Object event = stream == Stream.DEPLOYMENTS ? deployment(id, raw) : incident(id, raw);
            return new Parsed(id, stream, event, raw);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new UnparseableEventException("event " + id + ": " + e.getMessage());
        }
    }

    private static boolean expectedType(Stream stream, String type) {
        return stream == Stream.DEPLOYMENTS ? type.equals("dora_deployment")
                : type.equals("dora_failure") || type.equals("dora_incident");
    }

    private Deployment deployment(String id, JsonNode a) {
        String service = firstText(a.get("service"));
        Instant startedAt = instant(a.get("started_at"));
        if (service == null || startedAt == null) {
            throw new UnparseableEventException("deployment " + id + " lacks service or started_at");
        }
        JsonNode git = a.get("git");
        JsonNode rem = a.get("remediation");
        return new Deployment(
                service, firstText(a.get("env")), firstText(a.get("team")), text(a.get("version")),
                startedAt, instant(a.get("finished_at")), texts(a.get("custom_tags")),
                git != null && git.isObject() ? new Deployment.Git(text(git.get("commit_sha")),
                        firstNonNull(text(git.get("repository_id")), text(git.get("repository_url")))) : null,
                bool(a.get("change_failure")), longValue(a.get("recovery_time_sec")),
                rem != null && rem.isObject() ? new Deployment.Remediation(text(rem.get("id")), text(rem.get("version")),
                        text(rem.get("type"))) : null,
                text(a.get("deployment_type")), commits(a.get("commits")), pullRequests(a.get("pull_requests")),
                intValue(a.get("number_of_commits")), intValue(a.get("number_of_pull_requests")),
                doubleValue(a.get("duration")), text(a.get("source")), instant(a.get("created_at")),
                doubleValue(firstPresent(a, "change_lead_time", "average_change_lead_time")));
    }

    private Incident incident(String id, JsonNode a) {
        Instant startedAt = instant(a.get("started_at"));
        if (startedAt == null) {
            throw new UnparseableEventException("failure " + id + " lacks started_at");
        }
        JsonNode git = a.get("git");
        List<String> services = texts(a.has("services") ? a.get("services") : a.get("service"));
        return new Incident(
                text(a.get("name")), text(a.get("severity")), services == null ? List.of() : services,
                orEmpty(texts(a.get("env"))), orEmpty(texts(a.get("team"))), text(a.get("version")),
                startedAt, instant(a.get("finished_at")), longValue(a.get("time_to_restore")),
                texts(a.get("custom_tags")),
                git != null && git.isObject() ? new Deployment.Git(text(git.get("commit_sha")),
                        firstNonNull(text(git.get("repository_id")), text(git.get("repository_url")))) : null);
    }

    private List<Deployment.Commit> commits(JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        List<Deployment.Commit> out = new ArrayList<>(node.size());
        for (JsonNode c : node) {
            JsonNode author = c.get("author");
            out.add(new Deployment.Commit(text(c.get("sha")), instant(c.get("timestamp")),
                    author != null && author.isObject() ? new Deployment.Author(text(author.get("email")),
                            text(author.get("canonical_email")), bool(author.get("is_bot"))) : null,
                    text(c.get("message")), text(c.get("html_url")), doubleValue(c.get("change_lead_time")),
                    doubleValue(c.get("time_to_deploy"))));
        }
        return out;
    }

    private static List<Deployment.PullRequest> pullRequests(JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        List<Deployment.PullRequest> out = new ArrayList<>(node.size());
        for (JsonNode p : node) {
            out.add(new Deployment.PullRequest(instant(p.get("created_at")), instant(p.get("merged_at")),
                    bool(p.get("is_fully_automated"))));
        }
        return out;
    }

    /** Applies the author-email policy to the raw commits, so the normalized part follows. */
    private void applyEmailPolicy(ObjectNode raw) {
        if (authorEmails == AuthorEmails.KEEP || !raw.path("commits").isArray()) {
            return;
        }
        for (JsonNode c : raw.get("commits")) {
            if (c.path("author").isObject()) {
                ObjectNode author = (ObjectNode) c.get("author");
                for (String field : new String[] { "email", "canonical_email" }) {
                    JsonNode v = author.get(field);
                    if (v == null || v.isNull()) {
                        continue;
                    }
                    if (authorEmails == AuthorEmails.DROP) {
                        author.remove(field);
                    } else {
                        author.put(field, "sha256:" + DigestUtils.sha256Hex(v.asText().trim().toLowerCase(Locale.ROOT)));
                    }
                }
            }
        }
    }

    /** Instant from RFC 3339 text or an epoch number whose unit is told by its magnitude. */
    static Instant instant(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber() || (n.isTextual() && n.asText().matches("-?\\d+(\\.\\d+)?"))) {
            BigDecimal v = n.isNumber() ? n.decimalValue() : new BigDecimal(n.asText());
            BigDecimal abs = v.abs();
            BigDecimal nanos;
            if (abs.compareTo(BigDecimal.valueOf(1e17)) >= 0) {
                nanos = v;
            } else if (abs.compareTo(BigDecimal.valueOf(1e14)) >= 0) {
                nanos = v.movePointRight(3);
            } else if (abs.compareTo(BigDecimal.valueOf(1e11)) >= 0) {
                nanos = v.movePointRight(6);
            } else {
                nanos = v.movePointRight(9);
            }
            BigInteger[] secondsAndNanos = nanos.toBigInteger().divideAndRemainder(BILLION);
            return Instant.ofEpochSecond(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValueExact());
        }
        String s = n.asText();
        if (s.isEmpty()) {
            return null;
        }
        return OffsetDateTime.parse(s).toInstant();
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
    }

    private static String firstText(JsonNode n) {
        if (n != null && n.isArray()) {
            return n.isEmpty() ? null : text(n.get(0));
        }
        return text(n);
    }

    private static List<String> texts(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(e -> {
                if (!e.isNull()) {
                    out.add(e.asText());
                }
            });
        } else {
            out.add(n.asText());
        }
        return out;
    }

    private static Boolean bool(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        String s = n.asText();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.valueOf(s);
        }
        throw new IllegalArgumentException("not a boolean: " + abbreviate(n.toString()));
    }

    private static Long longValue(JsonNode n) {
        Double d = doubleValue(n);
        return d == null ? null : Math.round(d);
    }

    private static Integer intValue(JsonNode n) {
        Long l = longValue(n);
        return l == null ? null : Math.toIntExact(l);
    }

    private static Double doubleValue(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        try {
            return Double.valueOf(n.asText());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + abbreviate(n.toString()));
        }
    }

    private static JsonNode firstPresent(JsonNode a, String... names) {
        for (String name : names) {
            if (a.hasNonNull(name)) {
                return a.get(name);
            }
        }
        return null;
    }

    private static <T> T firstNonNull(T a, T b) {
        return a != null ? a : b;
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
