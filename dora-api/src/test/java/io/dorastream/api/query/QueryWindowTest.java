package io.dorastream.api.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import io.dorastream.api.query.QueryWindow.InvalidWindowException;

class QueryWindowTest {

    private static InvalidWindowException invalid(String from, String to) {
        return assertThrows(InvalidWindowException.class, () -> QueryWindow.parse(from, to));
    }

    @Test
    void aDateIsItsMidnightUtc() {
        QueryWindow w = QueryWindow.parse("2026-03-01", "2026-04-01");
        assertEquals(Instant.parse("2026-03-01T00:00:00Z"), w.from());
        assertEquals(Instant.parse("2026-04-01T00:00:00Z"), w.to());
        assertEquals("2026-03-01T00:00:00Z", w.from().toString());
    }

    @ParameterizedTest
    @CsvSource({
            "2026-03-01T00:00:00Z,          2026-03-01T00:00:00Z",
            "2026-03-01T02:00:00+02:00,     2026-03-01T00:00:00Z",
            "2026-02-28T19:00:00-05:00,     2026-03-01T00:00:00Z",
            "2026-03-01T00:00:00.123456Z,   2026-03-01T00:00:00.123456Z",
            "2026-03-01T00:00:00+00:00,     2026-03-01T00:00:00Z",
            "2026-03-01t00:00:00z,          2026-03-01T00:00:00Z"})
    void anRfc3339InstantIsTakenAsIs(String from, String expected) {
        assertEquals(Instant.parse(expected), QueryWindow.parse(from, "2026-06-01").from());
    }

    @Test
    void surroundingBlanksAreIgnored() {
        QueryWindow w = QueryWindow.parse(" 2026-03-01 ", "\t2026-03-02T00:00:00Z\n");
        assertEquals(new QueryWindow(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-02T00:00:00Z")), w);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t"})
    void aMissingFromIsNamed(String from) {
        InvalidWindowException e = invalid(from, "2026-04-01");
        assertEquals(List.of("from"), List.copyOf(e.errors().keySet()));
        assertTrue(e.errors().get("from").startsWith("is required"));
        assertEquals("invalid window", e.getMessage());
    }

    @Test
    void aMissingToIsNamed() {
        InvalidWindowException e = invalid("2026-03-01", null);
        assertEquals(List.of("to"), List.copyOf(e.errors().keySet()));
    }

    @Test
    void bothProblemsAreReportedInOrder() {
        InvalidWindowException e = invalid("soon", null);
        assertEquals(List.of("from", "to"), List.copyOf(e.errors().keySet()));
        assertEquals("'soon' is neither a date (2026-03-01) nor an RFC 3339 instant", e.errors().get("from"));
        assertTrue(e.errors().get("to").startsWith("is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "yesterday", "2026-02-30", "2026-13-01", "2026-3-1", "01/03/2026", "1772323200",
            "2026-03-01T00:00:00", // local date-time, no offset
            "2026-03-01 00:00:00Z", "2026-03-01T25:00:00Z", "2026-03-01T00:00:00+2"})
    void anUnparseableValueIsNamed(String value) {
        InvalidWindowException e = invalid("2026-01-01", value);
        assertEquals(Map.of("to", "'" + value + "' is neither a date (2026-03-01) nor an RFC 3339 instant"), e.errors());
    }

    @Test
    void fromMustBeBeforeTo() {
        InvalidWindowException same = invalid("2026-03-01", "2026-03-01T00:00:00Z");
        assertEquals("from must be before to", same.getMessage());
        assertEquals(Map.of("from", "must be before to"), same.errors());
        assertEquals(Map.of("from", "must be before to"), invalid("2026-04-01", "2026-03-01").errors());
    }

    @Test
    void oneNanosecondIsAWindow() {
        QueryWindow w = QueryWindow.parse("2026-03-01T00:00:00Z", "2026-03-01T00:00:00.000000001Z");
        assertEquals(Duration.ofNanos(1), Duration.between(w.from(), w.to()));
    }

    @Test
    void exactly731DaysIsAccepted() {
        QueryWindow w = QueryWindow.parse("2024-01-01", "2026-01-01"); // 366 + 365 days
        assertEquals(QueryWindow.MAX, Duration.between(w.from(), w.to()));
        assertEquals(Duration.ofDays(731), QueryWindow.MAX);
    }

    @Test
    void longerThan731DaysIsRefusedNamingTo() {
        InvalidWindowException e = invalid("2024-01-01", "2026-01-02");
        assertEquals("the window is longer than 731 days", e.getMessage());
        assertEquals(Map.of("to", "at most 731 days after from"), e.errors());
        assertEquals(Map.of("to", "at most 731 days after from"),
                invalid("2024-01-01T00:00:00Z", "2026-01-01T00:00:00.001Z").errors());
    }
}
