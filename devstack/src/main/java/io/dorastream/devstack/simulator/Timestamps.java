package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Conversions between Datadog's timestamp forms and {@link Instant}. */
final class Timestamps {

    /** Below this an integer timestamp is in seconds (up to year 5138). */
    private static final long MAX_SECONDS = 100_000_000_000L;
    /** Below this (and above {@link #MAX_SECONDS}) an integer timestamp is in milliseconds. */
    private static final long MAX_MILLIS = 100_000_000_000_000L;

    private Timestamps() {
    }

    /** An integer Unix timestamp in seconds, milliseconds or nanoseconds, told apart by magnitude. */
    static Instant fromEpoch(long value) {
        if (value < MAX_SECONDS) {
            return Instant.ofEpochSecond(value);
        }
        if (value < MAX_MILLIS) {
            return Instant.ofEpochMilli(value);
        }
        return Instant.ofEpochSecond(value / 1_000_000_000L, value % 1_000_000_000L);
    }

    /** An RFC 3339 date-time with any offset, e.g. {@code 2026-01-01T00:00:00Z}. */
    static Instant parseRfc3339(String text) throws DateTimeParseException {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /** RFC 3339 in UTC with a {@code Z}, fractional seconds only when present. */
    static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.atOffset(ZoneOffset.UTC));
    }

    static long toEpochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    /** A timestamp attribute in either wire form, or {@code null} when absent, null or unreadable. */
    static Instant read(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return fromEpoch(value.asLong());
        }
        if (value.isTextual()) {
            try {
                return parseRfc3339(value.asText());
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }
}
