package io.dorastream.gateway.rest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A metrics window {@code [from, to)} from query parameters: each a date (its midnight UTC) or an
 * RFC 3339 instant; {@code from} before {@code to}; at most 731 days long.
 */
public record QueryWindow(Instant from, Instant to) {

    public static final Duration MAX = Duration.ofDays(731);

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

    public static QueryWindow parse(String from, String to) {
        Map<String, String> errors = new LinkedHashMap<>();
        Instant f = instant("from", from, errors, true);
        Instant t = instant("to", to, errors, true);
        if (!errors.isEmpty()) {
            throw new InvalidWindowException("invalid window", errors);
        }
        if (!f.isBefore(t)) {
            throw new InvalidWindowException("from must be before to", Map.of("from", "must be before to"));
        }
        if (Duration.between(f, t).compareTo(MAX) > 0) {
            throw new InvalidWindowException("the window is longer than 731 days", Map.of("to", "at most 731 days after from"));
        }
        return new QueryWindow(f, t);
    }

    /** A date (its midnight UTC) or an RFC 3339 instant; null with the reason in {@code errors} when not. */
    static Instant instant(String name, String value, Map<String, String> errors, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.put(name, "is required (a date like 2026-03-01 or an RFC 3339 instant)");
            }
            return null;
        }
        String v = value.trim();
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            errors.put(name, "'" + v + "' is neither a date (2026-03-01) nor an RFC 3339 instant");
            return null;
        }
    }
}
