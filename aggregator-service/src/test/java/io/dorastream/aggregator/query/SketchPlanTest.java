package io.dorastream.aggregator.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.dorastream.aggregator.metrics.CalendarInterval;
import io.dorastream.aggregator.metrics.LogHistogram;
import io.dorastream.aggregator.metrics.Quantiles;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Above the exact limit a distribution comes from the monthly sketches, and a partial month at an edge of the window
 * is read as its month's sketch less its days outside the window where those are fewer ({@link MetricsSql#sketchPlan}).
 * The figures are checked against a histogram of the raw deployments in the window, bucketed one by one by the
 * database's rule: the same buckets, so the same percentiles, exactly.
 */
@QuarkusTest
class SketchPlanTest extends AggregatorTestBase {

    @Inject
    MetricsQuery metricsQuery;

    private static MetricsQuery.Request request(String from, String to, String service) {
        return new MetricsQuery.Request(Instant.parse(from), Instant.parse(to), new Filters(List.of(), service == null ? null
                : List.of(service), null, null), null);
    }

    private static MetricsSql.Span span(String from, String to) {
        return new MetricsSql.Span(Instant.parse(from), Instant.parse(to));
    }

    private static List<MetricsSql.Span> nonEmpty(List<MetricsSql.Span> spans) {
        return spans.stream().filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void aPartialMonthIsItsSketchLessTheShorterSideOutsideTheWindow() {
        // 4.25 and 3.25 days outside January's and April's parts: both months from their sketches, those days removed
        MetricsSql.SketchPlan both = MetricsSql.sketchPlan(request("2026-01-05T06:00:00Z", "2026-04-27T18:00:00Z", null),
                new Grouping.All());
        assertEquals(new MetricsSql.Months(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-05-01")), both.months());
        assertEquals(List.of(), nonEmpty(both.added()));
        assertEquals(List.of(span("2026-01-01T00:00:00Z", "2026-01-05T06:00:00Z"), span("2026-04-27T18:00:00Z", "2026-05-01T00:00:00Z")),
                nonEmpty(both.removed()));
        // 7 days inside January, 5 inside April: the whole months alone from their sketches, as before
        MetricsSql.SketchPlan whole = MetricsSql.sketchPlan(request("2026-01-25T00:00:00Z", "2026-04-06T00:00:00Z", null),
                new Grouping.All());
        assertEquals(new MetricsSql.Months(LocalDate.parse("2026-02-01"), LocalDate.parse("2026-04-01")), whole.months());
        assertEquals(List.of(span("2026-01-25T00:00:00Z", "2026-02-01T00:00:00Z"), span("2026-04-01T00:00:00Z", "2026-04-06T00:00:00Z")),
                nonEmpty(whole.added()));
        assertEquals(List.of(), nonEmpty(whole.removed()));
        // inside one month, 27 of its 31 days: the month less the other four
        MetricsSql.SketchPlan one = MetricsSql.sketchPlan(request("2026-01-03T00:00:00Z", "2026-01-30T00:00:00Z", "cart"),
                Grouping.Dimension.ENV);
        assertEquals(new MetricsSql.Months(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-02-01")), one.months());
        assertEquals(List.of(), nonEmpty(one.added()));
        assertEquals(2, nonEmpty(one.removed()).size());
        // a series keys each day by its part: a day outside the window would count under no part, so never removed
        MetricsSql.SketchPlan series = MetricsSql.sketchPlan(request("2026-01-05T00:00:00Z", "2026-04-27T00:00:00Z", null),
                new Grouping.Parts(CalendarInterval.MONTH, List.of(LocalDate.parse("2026-01-05"), LocalDate.parse("2026-02-01"),
                        LocalDate.parse("2026-03-01"), LocalDate.parse("2026-04-01"))));
        assertEquals(new MetricsSql.Months(LocalDate.parse("2026-02-01"), LocalDate.parse("2026-04-01")), series.months());
        assertEquals(List.of(), nonEmpty(series.removed()));
        // a few days: bucketed one by one
        MetricsSql.SketchPlan days = MetricsSql.sketchPlan(request("2026-01-10T00:00:00Z", "2026-01-13T00:00:00Z", null),
                new Grouping.All());
        assertNull(days.months());
        assertEquals(List.of(span("2026-01-10T00:00:00Z", "2026-01-13T00:00:00Z")), nonEmpty(days.added()));
    }

    @Test
    void theSketchedFiguresAreTheRawDeploymentsBucketedOneByOne() throws SQLException {
        UUID c = UUID.randomUUID();
        // a deployment every 11 hours from 28 December to 3 May, two services, lead times spread over six decades
        Instant at = Instant.parse("2025-12-28T03:00:00Z");
        for (int i = 0; at.isBefore(Instant.parse("2026-05-03T00:00:00Z")); i++, at = at.plusSeconds(11 * 3600)) {
            double lead = Math.floor(Math.pow(10, 1 + (i * 37 % 101) / 20.0));
            sendDeployment(c, "d" + i, 1, MetricsQueryTest.dep(i % 3 == 0 ? "cart" : "checkout", "production", "backend",
                    at.toString(), lead, null, null, null, null));
        }
        awaitDeploymentsConsumed();
        for (String[] w : new String[][] {
                { "2026-01-05T06:00:00Z", "2026-04-27T18:00:00Z", null }, // both edges removed, partial days among them
                { "2026-01-05T06:00:00Z", "2026-04-27T18:00:00Z", "cart" }, // the same from the cells' monthly rows
                { "2026-01-25T00:00:00Z", "2026-04-06T00:00:00Z", null }, // whole months, edges added
                { "2026-01-03T00:00:00Z", "2026-01-30T00:00:00Z", "checkout" } }) { // one month less both sides
            MetricsQuery.Request r = new MetricsQuery.Request(Instant.parse(w[0]), Instant.parse(w[1]),
                    new Filters(List.of(c), w[2] == null ? null : List.of(w[2]), null, null), null);
            io.dorastream.api.metrics.ChangeLeadTime lead = metricsQuery.summary(r, 2).figures().changeLeadTime();
            Quantiles expected = bucketedOneByOne(c, r, w[2]).quantiles();
            String window = String.join(" ", java.util.Arrays.stream(w).map(String::valueOf).toList());
            assertEquals(Boolean.TRUE, lead.approximate(), window);
            assertTrue(expected.n() > 30, window);
            assertEquals(expected.n(), lead.n(), window);
            assertEquals(expected.p50(), lead.medianSeconds(), window);
            assertEquals(expected.p75(), lead.p75Seconds(), window);
            assertEquals(expected.p90(), lead.p90Seconds(), window);
        }
    }

    @Test
    void removingWhatAHistogramDoesNotHoldIsRefused() {
        LogHistogram whole = new LogHistogram().add(new LogHistogram.Bucket(1, 5), 3);
        LogHistogram part = new LogHistogram().add(new LogHistogram.Bucket(1, 5), 2);
        assertEquals(1, whole.remove(part).n());
        assertThrows(IllegalStateException.class, () -> whole.remove(part));
        assertThrows(IllegalStateException.class, () -> new LogHistogram().remove(part));
    }

    /** The reference: the window's raw deployments' lead times, each bucketed by the database's rule. */
    private LogHistogram bucketedOneByOne(UUID connection, MetricsQuery.Request r, String service) throws SQLException {
        LogHistogram h = new LogHistogram();
        try (Connection db = dataSource.getConnection();
                PreparedStatement ps = db.prepareStatement("SELECT sign(lead_time_sec)::int, dora_bucket_index(lead_time_sec),"
                        + " count(*) FROM deployment WHERE connection_id = ? AND NOT deleted AND lead_time_sec IS NOT NULL"
                        + " AND window_at >= ? AND window_at < ? AND (?::text IS NULL OR service = ?) GROUP BY 1, 2")) {
            ps.setObject(1, connection);
            ps.setObject(2, r.from().atOffset(ZoneOffset.UTC));
            ps.setObject(3, r.to().atOffset(ZoneOffset.UTC));
            ps.setString(4, service);
            ps.setString(5, service);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    h.add(new LogHistogram.Bucket(rs.getInt(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        }
        return h;
    }
}
