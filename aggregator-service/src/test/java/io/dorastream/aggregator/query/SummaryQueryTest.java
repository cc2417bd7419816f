package io.dorastream.aggregator.query;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The summary's filters (OR within one, AND across) and windows: whole days served by the rollup,
 * partial days at the edges by the raw rows, {@code from} inclusive, {@code to} exclusive.
 */
@QuarkusTest
class SummaryQueryTest extends AggregatorTestBase {

    /** Day and half-day windows over 2026-03-05, where the filter fixtures live. */
    private static final String DAY_FROM = "2026-03-05T00:00:00Z";
    private static final String DAY_TO = "2026-03-06T00:00:00Z";
    private static final String HALF_FROM = "2026-03-05T06:00:00Z";
    private static final String HALF_TO = "2026-03-05T18:00:00Z";

    @Test
    void filtersOrWithinAndAcross() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        Instant noon = Instant.parse("2026-03-05T12:00:00Z");
        sendDeployment(a, "1", 1, deployment("checkout", "production", "backend", noon));
        sendDeployment(a, "2", 1, deployment("cart", "production", "frontend", noon.plusSeconds(60)));
        sendDeployment(a, "3", 1, deployment("checkout", "staging", "backend", noon.plusSeconds(120)));
        sendDeployment(a, "4", 1, deployment("search", "production", null, noon.plusSeconds(180)));
        sendDeployment(b, "1", 1, deployment("checkout", "production", "backend", noon));
        await().atMost(WAIT).until(() -> count(DAY_FROM, DAY_TO, "connection", a.toString(), "connection", b.toString()) == 5);

        String ca = a.toString();
        String cb = b.toString();
        // each filter is checked on a whole day (rollup) and on a half day (raw rows): same answers
        for (String[] window : new String[][] { { DAY_FROM, DAY_TO }, { HALF_FROM, HALF_TO } }) {
            String f = window[0];
            String t = window[1];
            assertEquals(4, count(f, t, "connection", ca));
            assertEquals(1, count(f, t, "connection", cb));
            assertEquals(5, count(f, t, "connection", ca, "connection", cb));
            assertEquals(2, count(f, t, "connection", ca, "service", "checkout"));
            assertEquals(3, count(f, t, "connection", ca, "service", "checkout", "service", "cart"));
            assertEquals(0, count(f, t, "connection", ca, "service", "unknown"));
            assertEquals(3, count(f, t, "connection", ca, "env", "production"));
            assertEquals(4, count(f, t, "connection", ca, "env", "production", "env", "staging"));
            assertEquals(2, count(f, t, "connection", ca, "team", "backend"));
            assertEquals(3, count(f, t, "connection", ca, "team", "backend", "team", "frontend"));
            assertEquals(1, count(f, t, "connection", ca, "service", "checkout", "env", "production"));
            assertEquals(1, count(f, t, "connection", ca, "env", "production", "team", "frontend"));
            assertEquals(0, count(f, t, "connection", ca, "service", "cart", "team", "backend"));
            assertEquals(2, count(f, t, "connection", ca, "connection", cb, "service", "checkout", "env", "production"));
            assertEquals(3, count(f, t, "connection", ca, "connection", cb, "service", "checkout", "team", "backend"));
            assertEquals(2, count(f, t, "connection", ca, "service", "checkout", "service", "search", "env", "production"));
        }
    }

    @Test
    void windowsThatCutDaysAreExact() {
        UUID connection = UUID.randomUUID();
        String c = connection.toString();
        sendDeployment(connection, "d10", 1, deployment("checkout", "production", "backend", Instant.parse("2026-03-10T10:00:00Z")));
        sendDeployment(connection, "d23", 1, deployment("checkout", "production", "backend", Instant.parse("2026-03-10T23:00:00Z")));
        sendDeployment(connection, "e05", 1, deployment("checkout", "production", "backend", Instant.parse("2026-03-11T05:00:00Z")));
        sendDeployment(connection, "e20", 1, deployment("cart", "production", "backend", Instant.parse("2026-03-11T20:00:00Z")));
        sendDeployment(connection, "f11", 1, deployment("checkout", "production", "backend", Instant.parse("2026-03-12T11:59:59Z")));
        sendDeployment(connection, "f12", 1, deployment("checkout", "production", "backend", Instant.parse("2026-03-12T12:00:00Z")));
        await().atMost(WAIT).until(() -> count("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", "connection", c) == 6);

        // from 12:00 on the 10th to 12:00 on the 12th: 23:00 (raw), both of the 11th (rollup), 11:59:59 (raw);
        // not 10:00 (before from) nor 12:00 on the 12th (to is exclusive)
        JsonPath s = summary("2026-03-10T12:00:00Z", "2026-03-12T12:00:00Z", "connection", c);
        assertEquals(4, s.getLong("deploymentFrequency.count"));
        assertEquals(3, s.getLong("deploymentFrequency.deploymentDays"));
        assertEquals(2.0, s.getDouble("window.days"), 1e-9);
        assertEquals(2.0, s.getDouble("deploymentFrequency.perDay"), 1e-9);

        // whole days only (rollup only)
        s = summary("2026-03-10T00:00:00Z", "2026-03-13T00:00:00Z", "connection", c);
        assertEquals(6, s.getLong("deploymentFrequency.count"));
        assertEquals(3, s.getLong("deploymentFrequency.deploymentDays"));
        // a whole day plus a ragged end
        s = summary("2026-03-11T00:00:00Z", "2026-03-12T12:00:00Z", "connection", c);
        assertEquals(3, s.getLong("deploymentFrequency.count"));
        assertEquals(2, s.getLong("deploymentFrequency.deploymentDays"));
        // a ragged start plus a whole day
        s = summary("2026-03-10T22:00:00Z", "2026-03-12T00:00:00Z", "connection", c);
        assertEquals(3, s.getLong("deploymentFrequency.count"));
        assertEquals(2, s.getLong("deploymentFrequency.deploymentDays"));
        // 24 hours across midnight, no whole day in it
        s = summary("2026-03-10T12:00:00Z", "2026-03-11T12:00:00Z", "connection", c);
        assertEquals(2, s.getLong("deploymentFrequency.count"));
        assertEquals(2, s.getLong("deploymentFrequency.deploymentDays"));

        // windows inside a single day; from inclusive, to exclusive
        assertEquals(1, count("2026-03-10T09:00:00Z", "2026-03-10T11:00:00Z", "connection", c));
        assertEquals(1, count("2026-03-10T10:00:00Z", "2026-03-10T23:00:00Z", "connection", c));
        assertEquals(2, count("2026-03-10T10:00:00Z", "2026-03-10T23:00:00.001Z", "connection", c));
        assertEquals(1, count("2026-03-10T10:00:00.001Z", "2026-03-10T23:00:00.001Z", "connection", c));
        assertEquals(0, count("2026-03-10T11:00:00Z", "2026-03-10T22:00:00Z", "connection", c));
        s = summary("2026-03-11T04:00:00Z", "2026-03-11T21:00:00Z", "connection", c);
        assertEquals(2, s.getLong("deploymentFrequency.count"));
        assertEquals(1, s.getLong("deploymentFrequency.deploymentDays"));

        // filters apply to both the rollup and the raw edges
        assertEquals(3, count("2026-03-10T12:00:00Z", "2026-03-12T12:00:00Z", "connection", c, "service", "checkout"));
        assertEquals(1, count("2026-03-10T12:00:00Z", "2026-03-12T12:00:00Z", "connection", c, "service", "cart"));
    }

    @Test
    void theSummaryEchoesItsWindowAndFilters() {
        UUID connection = UUID.randomUUID();
        JsonPath s = summary("2026-03-01T00:00:00Z", "2026-03-01T12:00:00Z", "connection", connection.toString(),
                "service", "checkout", "env", "production", "team", "backend");
        assertEquals(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse(s.getString("window.from")));
        assertEquals(Instant.parse("2026-03-01T12:00:00Z"), Instant.parse(s.getString("window.to")));
        assertEquals(0.5, s.getDouble("window.days"), 1e-9);
        assertEquals(java.util.List.of(connection.toString()), s.getList("filters.connection"));
        assertEquals(java.util.List.of("checkout"), s.getList("filters.service"));
        assertEquals(0, s.getLong("deploymentFrequency.count"));
        assertEquals(0, s.getLong("deploymentFrequency.deploymentDays"));
        assertNull(s.get("dataAsOf"), "no watermark for a new connection");
    }
}
