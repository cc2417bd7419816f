package io.dorastream.connector.datadog;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;


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
 *
 * <p>Only the id, a deployment's service and {@code started_at} are required: an event without
 * them is an {@link UnparseableEventException}, the only exception {@link #parse} throws. A
 * malformed optional attribute (a string where a number belongs, {@code "NaN"}, a boolean spelled
 * {@code "pending"}, an integer out of range, a bad nested date) is left out of the normalized
 * event and reported to the {@link DroppedAttributes} listener; the raw part keeps it as sent.
 * A time before {@link #PLACEHOLDER_BEFORE} or an epoch number ≤ 0 is absent: Datadog's Go
 * backend writes an unset time as {@code 0001-01-01T00:00:00Z} (the old integer format as
 * {@code 0}), so a deployment or failure with such a {@code finished_at} is still running or open.
 */
public final class DatadogEventParser {

    private static final Logger LOG = Logger.getLogger(DatadogEventParser.class);
    private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);
    /** A time given as a number in a string (epoch seconds, millis, micros or nanos); compiled once, as every timestamp is tried. */
    private static final Pattern NUMERIC = Pattern.compile("-?\\d+(\\.\\d+)?");
    /** Times before this are placeholders for "unset" (DORA metrics did not exist then). */
    public static final Instant PLACEHOLDER_BEFORE = Instant.parse("2000-01-01T00:00:00Z");

    /** Told of every optional attribute left out of an event because its value could not be read. */
    @FunctionalInterface
    public interface DroppedAttributes {
        /** Only logs (at debug level): for tools and tests that keep no metrics. */
        DroppedAttributes LOGGED = (stream, attribute) -> LOG.debugf("dropped a malformed %s attribute %s", stream.id(),
                attribute);

        /** @param attribute the attribute's path, e.g. {@code number_of_pull_requests} or {@code commits.timestamp} */
        void dropped(Stream stream, String attribute);
    }

    private final AuthorEmailPolicy authorEmails;
    private final DroppedAttributes dropped;

    /** A parser that drops or keeps emails ({@code hash} needs the installation's salt: {@link AuthorEmailPolicy}). */
    public DatadogEventParser(AuthorEmails authorEmails) {
        this(switch (authorEmails) {
            case DROP -> AuthorEmailPolicy.DROP;
            case KEEP -> AuthorEmailPolicy.KEEP;
            case HASH -> throw new IllegalArgumentException("hashing author emails needs the installation's salt");
        }, DroppedAttributes.LOGGED);
    }

    public DatadogEventParser(AuthorEmailPolicy authorEmails, DroppedAttributes dropped) {
        this.authorEmails = Objects.requireNonNull(authorEmails, "authorEmails");
        this.dropped = Objects.requireNonNull(dropped, "dropped");
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
        try {
            ObjectNode raw = ((ObjectNode) item.get("attributes")).deepCopy();
            applyEmailPolicy(raw);
            Reading r = new Reading(stream);
            Object event = stream == Stream.DEPLOYMENTS ? r.deployment(id, raw) : r.incident(id, raw);
            return new Parsed(id, stream, event, raw);
        } catch (UnparseableEventException e) {
            throw e;
        } catch (RuntimeException e) {
            // whatever a required value or an unforeseen shape throws: the event is unreadable, the stream goes on
            throw new UnparseableEventException("event " + id + ": " + e);
        }
    }

    private static boolean expectedType(Stream stream, String type) {
        return stream == Stream.DEPLOYMENTS ? type.equals("dora_deployment")
                : type.equals("dora_failure") || type.equals("dora_incident");
    }

    /** One parse: optional attributes that cannot be read are dropped and reported for this stream. */
    private final class Reading {

        private final Stream stream;

        Reading(Stream stream) {
            this.stream = stream;
        }

        /** The optional attribute {@code name} read by {@code read}, or null (reported) when its value is malformed. */
        private <T> T optional(String name, JsonNode node, Function<JsonNode, T> read) {
            try {
                return read.apply(node);
            } catch (RuntimeException e) {
                dropped.dropped(stream, name);
                return null;
            }
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
                    startedAt, optional("finished_at", a.get("finished_at"), DatadogEventParser::instant),
                    texts(a.get("custom_tags")), git(git),
                    optional("change_failure", a.get("change_failure"), DatadogEventParser::bool),
                    optional("recovery_time_sec", a.get("recovery_time_sec"), DatadogEventParser::longValue),
                    rem != null && rem.isObject() ? new Deployment.Remediation(text(rem.get("id")), text(rem.get("version")),
                            text(rem.get("type"))) : null,
                    text(a.get("deployment_type")), commits(a.get("commits")), pullRequests(a.get("pull_requests")),
                    optional("number_of_commits", a.get("number_of_commits"), DatadogEventParser::intValue),
                    optional("number_of_pull_requests", a.get("number_of_pull_requests"), DatadogEventParser::intValue),
                    optional("duration", a.get("duration"), DatadogEventParser::doubleValue), text(a.get("source")),
                    optional("created_at", a.get("created_at"), DatadogEventParser::instant),
                    optional("change_lead_time", firstPresent(a, "change_lead_time", "average_change_lead_time"),
                            DatadogEventParser::doubleValue));
        }

        private Incident incident(String id, JsonNode a) {
            Instant startedAt = instant(a.get("started_at"));
            if (startedAt == null) {
                throw new UnparseableEventException("failure " + id + " lacks started_at");
            }
            List<String> services = texts(a.has("services") ? a.get("services") : a.get("service"));
            return new Incident(
                    text(a.get("name")), text(a.get("severity")), services == null ? List.of() : services,
                    orEmpty(texts(a.get("env"))), orEmpty(texts(a.get("team"))), text(a.get("version")),
                    startedAt, optional("finished_at", a.get("finished_at"), DatadogEventParser::instant),
                    optional("time_to_restore", a.get("time_to_restore"), DatadogEventParser::longValue),
                    texts(a.get("custom_tags")), git(a.get("git")));
        }

        private List<Deployment.Commit> commits(JsonNode node) {
            if (node == null || !node.isArray()) {
                return null;
            }
            List<Deployment.Commit> out = new ArrayList<>(node.size());
            for (JsonNode c : node) {
                JsonNode author = c.get("author");
                out.add(new Deployment.Commit(text(c.get("sha")),
                        optional("commits.timestamp", c.get("timestamp"), DatadogEventParser::instant),
                        author != null && author.isObject() ? new Deployment.Author(text(author.get("email")),
                                text(author.get("canonical_email")),
                                optional("commits.author.is_bot", author.get("is_bot"), DatadogEventParser::bool)) : null,
                        text(c.get("message")), text(c.get("html_url")),
                        optional("commits.change_lead_time", c.get("change_lead_time"), DatadogEventParser::doubleValue),
                        optional("commits.time_to_deploy", c.get("time_to_deploy"), DatadogEventParser::doubleValue)));
            }
            return out;
        }

        private List<Deployment.PullRequest> pullRequests(JsonNode node) {
            if (node == null || !node.isArray()) {
                return null;
            }
            List<Deployment.PullRequest> out = new ArrayList<>(node.size());
            for (JsonNode p : node) {
                out.add(new Deployment.PullRequest(
                        optional("pull_requests.created_at", p.get("created_at"), DatadogEventParser::instant),
                        optional("pull_requests.merged_at", p.get("merged_at"), DatadogEventParser::instant),
                        optional("pull_requests.is_fully_automated", p.get("is_fully_automated"), DatadogEventParser::bool)));
            }
            return out;
        }
    }

    private static Deployment.Git git(JsonNode git) {
        return git != null && git.isObject() ? new Deployment.Git(text(git.get("commit_sha")),
                firstNonNull(text(git.get("repository_id")), text(git.get("repository_url")))) : null;
    }

    /** Applies the author-email policy to the raw commits, so the normalized part follows. */
    private void applyEmailPolicy(ObjectNode raw) {
        if (authorEmails.mode() == AuthorEmails.KEEP || !raw.path("commits").isArray()) {
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
                    String published = authorEmails.apply(v.asText());
                    if (published == null) {
                        author.remove(field);
                    } else {
                        author.put(field, published);
                    }
                }
            }
        }
    }

    /**
     * Instant from RFC 3339 text or an epoch number whose unit is told by its magnitude; null when
     * absent or a placeholder for "unset" (a number ≤ 0, a time before {@link #PLACEHOLDER_BEFORE}).
     *
     * @throws IllegalArgumentException (or {@link DateTimeParseException}) when the value is no time
     */
    public static Instant instant(JsonNode n) {
        Instant t = anyInstant(n);
        return t == null || t.isBefore(PLACEHOLDER_BEFORE) ? null : t;
    }

    private static Instant anyInstant(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isContainerNode() || n.isBoolean()) {
            throw new IllegalArgumentException("not a time: " + abbreviate(n.toString()));
        }
        if (n.isNumber() || (n.isTextual() && NUMERIC.matcher(n.asText()).matches())) {
            BigDecimal v = n.isNumber() ? n.decimalValue() : new BigDecimal(n.asText());
            if (v.signum() <= 0) {
                return null;
            }
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
        if (d == null) {
            return null;
        }
        if (d >= 0x1p63 || d < -0x1p63) {
            throw new IllegalArgumentException("out of range: " + abbreviate(n.toString()));
        }
        return Math.round(d);
    }

    private static Integer intValue(JsonNode n) {
        Long l = longValue(n);
        if (l == null) {
            return null;
        }
        if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("out of range: " + abbreviate(n.toString()));
        }
        return l.intValue();
    }

    /** A finite number, from a JSON number or its text. */
    private static Double doubleValue(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        double d;
        if (n.isNumber()) {
            d = n.doubleValue();
        } else if (n.isTextual()) {
            try {
                d = Double.parseDouble(n.asText());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number: " + abbreviate(n.toString()));
            }
        } else {
            throw new IllegalArgumentException("not a number: " + abbreviate(n.toString()));
        }
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("not a finite number: " + abbreviate(n.toString()));
        }
        return d;
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
