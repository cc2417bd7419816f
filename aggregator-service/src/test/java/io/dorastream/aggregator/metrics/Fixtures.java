package io.dorastream.aggregator.metrics;

import java.time.Instant;
import java.time.LocalDate;

/** Short-hand instants, dates, windows and benchmark tables for the metric tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** {@code "2026-03-02T10:00"} (UTC) or a full RFC 3339 instant. */
    static Instant t(String s) {
        return Instant.parse(s.length() == 16 ? s + ":00Z" : s);
    }

    static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    static Window window(String from, String to) {
        return new Window(from.length() == 10 ? d(from).atStartOfDay(java.time.ZoneOffset.UTC).toInstant() : t(from),
                to.length() == 10 ? d(to).atStartOfDay(java.time.ZoneOffset.UTC).toInstant() : t(to));
    }

    static BenchmarkTable dora2023() {
        return BenchmarkTables.builtIn().get("dora-2023");
    }

    static BenchmarkTable dora2021() {
        return BenchmarkTables.builtIn().get("dora-2021");
    }
}
