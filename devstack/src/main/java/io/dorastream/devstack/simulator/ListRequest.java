package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;

/**
 * The validated attributes of a list request.
 *
 * @param from  lower bound of the window
 * @param to    upper bound of the window
 * @param limit maximum number of events answered
 * @param query tag filter
 * @param sort  requested order, or {@code null} for the configured default
 */
record ListRequest(Instant from, Instant to, int limit, EventQuery query, SortField sort) {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 1000;

    /** A {@code sort} attribute: a field with an optional leading {@code -}. */
    record SortField(String field, boolean descending) {

        Comparator<EventStore.Stored> comparator() {
            Comparator<EventStore.Stored> ascending = field.equals("finished_at")
                    ? Comparator.comparing(s -> s.time(SimulatorConfig.FilterField.FINISHED_AT))
                    : Comparator.comparing(EventStore.Stored::startedAt);
            return descending ? ascending.reversed() : ascending;
        }

        static SortField of(SimulatorConfig.SortOrder order) {
            return switch (order) {
                case STARTED_AT_ASC -> new SortField("started_at", false);
                case STARTED_AT_DESC -> new SortField("started_at", true);
                case FINISHED_AT_ASC -> new SortField("finished_at", false);
                case FINISHED_AT_DESC -> new SortField("finished_at", true);
                case INSERTION -> null;
            };
        }
    }

    /**
     * Reads {@code data.attributes} of a list request. A missing {@code to} is {@code now}, a missing
     * {@code from} the start of retention.
     *
     * @throws ApiException 400 on any invalid attribute
     */
    static ListRequest parse(JsonNode attributes, Instant now) {
        Instant to = instant(attributes, "to", now);
        Instant from = instant(attributes, "from", EventStore.retentionStart(now));
        if (from.isAfter(to)) {
            throw ApiException.badRequest("attribute \"from\" must not be after \"to\"");
        }
        return new ListRequest(from, to, limit(attributes), query(attributes), sort(attributes));
    }

    private static Instant instant(JsonNode attributes, String name, Instant fallback) {
        JsonNode value = attributes.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (value.isTextual()) {
            try {
                return Timestamps.parseRfc3339(value.asText());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw ApiException.badRequest("attribute \"" + name + "\" must be an RFC 3339 date-time, got " + value);
    }

    private static int limit(JsonNode attributes) {
        JsonNode value = attributes.get("limit");
        if (value == null || value.isNull()) {
            return DEFAULT_LIMIT;
        }
        if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > MAX_LIMIT) {
            throw ApiException.badRequest("attribute \"limit\" must be an integer between 1 and " + MAX_LIMIT
                    + ", got " + value);
        }
        return value.asInt();
    }

    private static EventQuery query(JsonNode attributes) {
        JsonNode value = attributes.get("query");
        if (value == null || value.isNull()) {
            return EventQuery.parse(null);
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("attribute \"query\" must be a string");
        }
        try {
            return EventQuery.parse(value.asText());
        } catch (EventQuery.SyntaxException e) {
            throw ApiException.badRequest("invalid query: " + e.getMessage());
        }
    }

    private static SortField sort(JsonNode attributes) {
        JsonNode value = attributes.get("sort");
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.asText("");
        boolean descending = text.startsWith("-");
        String field = descending ? text.substring(1) : text;
        if (!value.isTextual() || !(field.equals("started_at") || field.equals("finished_at"))) {
            throw ApiException.badRequest(
                    "attribute \"sort\" must be one of \"started_at -started_at finished_at -finished_at\", got " + value);
        }
        return new SortField(field, descending);
    }
}
