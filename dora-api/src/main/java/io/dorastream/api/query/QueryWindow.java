package io.dorastream.api.query;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A metrics window {@code [from, to)} from query parameters: each an RFC 3339 instant or, in the
 * public API, also a date (its midnight UTC); years 0000 to 9999 (beyond them PostgreSQL's
 * timestamps end); {@code from} before {@code to}; at most {@link #MAX} long. The gateway checks it
 * before asking any backend, and passes the window on as instants, which the aggregator checks again
 * by the same rule ({@link #parseInstants}).
 */
public record QueryWindow(Instant from, Instant to) {

    /** Longest window in days: two years of retention plus a day. */
    public static final int MAX_DAYS = 731;
    /** Longest window. */
    public static final Duration MAX = Duration.ofDays(MAX_DAYS);
    /** The OpenAPI description of a window's end. */
    public static final String TO_LIMIT = "at most " + MAX_DAYS + " days after from";

    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /** Thrown with the offending parameters. */
    public static class InvalidWindowException extends RuntimeException {
        private final Map<String, String> errors;

        InvalidWindowException(String message, Map<String, String> errors) {
            super(message);
            this.errors = errors;
        }

        public Map<String, String> errors() {
            return errors;
        }
    }

    /** The public form: each bound a date or an RFC 3339 instant. */
    public static QueryWindow parse(String from, String to) {
        return parse(from, to, true);
    }

    /** The internal form: each bound an RFC 3339 instant. */
    public static QueryWindow parseInstants(String from, String to) {
        return parse(from, to, false);
    }

    private static QueryWindow parse(String from, String to, boolean dates) {
        Map<String, String> errors = new LinkedHashMap<>();
        Instant f = instant("from", from, dates, errors, true);
        Instant t = instant("to", to, dates, errors, true);
        if (!errors.isEmpty()) {
            throw new InvalidWindowException("invalid window", errors);
        }
        if (!f.isBefore(t)) {
            throw new InvalidWindowException("from must be before to", Map.of("from", "must be before to"));
        }
        if (Duration.between(f, t).compareTo(MAX) > 0) {
            throw new InvalidWindowException("the window is longer than " + MAX_DAYS + " days", Map.of("to", TO_LIMIT));
        }
        return new QueryWindow(f, t);
    }

    /**
     * A date (its midnight UTC) or an RFC 3339 instant, optional; null with the reason in
     * {@code errors} when it is not one, null alone when absent.
     */
    public static Instant dateOrInstant(String name, String value, Map<String, String> errors) {
        return instant(name, value, true, errors, false);
    }

    private static Instant instant(String name, String value, boolean dates, Map<String, String> errors, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.put(name, dates ? "is required (a date like 2026-03-01 or an RFC 3339 instant)"
                        : "is required (an RFC 3339 instant)");
            }
            return null;
        }
        String v = value.trim();
        Instant i;
        try {
            i = dates && v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            errors.put(name, dates ? "'" + v + "' is neither a date (2026-03-01) nor an RFC 3339 instant"
                    : "'" + v + "' is not an RFC 3339 instant");
            return null;
        }
        if (i.isBefore(EARLIEST) || i.isAfter(LATEST)) {
            errors.put(name, "'" + v + "' is out of range (years 0000 to 9999)");
            return null;
        }
        return i;
    }
}
