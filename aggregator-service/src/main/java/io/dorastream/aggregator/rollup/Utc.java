package io.dorastream.aggregator.rollup;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;

/**
 * How instants are bound to SQL: as UTC {@link OffsetDateTime}s (and, in arrays, as RFC 3339 text with
 * {@code Z}), never as {@link java.sql.Timestamp}, whose text form is the JVM zone's wall-clock time
 * without an offset — ambiguous in the repeated hour of a daylight-saving change. The sessions are
 * pinned to UTC as well ({@code quarkus.datasource.jdbc.new-connection-sql}), and so is the JVM.
 */
public final class Utc {

    private Utc() {
    }

    /** The instant as a UTC offset date-time for {@code setObject}; null stays null. */
    public static OffsetDateTime of(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** The instants as RFC 3339 UTC texts, for an array parameter cast to {@code timestamptz[]}. */
    public static String[] texts(Collection<Instant> instants) {
        return instants.stream().map(Instant::toString).toArray(String[]::new);
    }
}
