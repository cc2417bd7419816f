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
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.dorastream.aggregator.metrics.CalendarInterval;
import io.dorastream.aggregator.metrics.LogHistogram;
import io.dorastream.aggregator.metrics.Quantiles;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A partial month at an edge of the window is read as its month's row less its days outside the window where those
 * are fewer ({@link MetricsSql#monthPlan}): the counts always, a distribution above the exact limit from the monthly
 * sketches. The counts are checked against the raw deployments in the window, counted by the database; the sketched
 * figures against a histogram of them bucketed one by one by the database's rule: the same buckets, so the same
 * percentiles, exactly.
 */
@QuarkusTest
class MonthPlanTest extends AggregatorTestBase {

    /** Before every window of these tests: no time of theirs is free to read. */
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    @Inject
    MetricsQuery metricsQuery;

    private static MetricsQuery.Request request(String from, String to, String service) {
        return new MetricsQuery.Request(Instant.parse(from), Instant.parse(to), new Filters(List.of(), service == null ? null
                : List.of(service), null, null), null);
    }

    private static MetricsSql.MonthPlan plan(MetricsQuery.Request r, Grouping g) {
        return MetricsSql.monthPlan(r, g, NOW);
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
        MetricsSql.MonthPlan both = plan(request("2026-01-05T06:00:00Z", "2026-04-27T18:00:00Z", null),
                new Grouping.All());
        assertEquals(new MetricsSql.Months(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-05-01")), both.months());
        assertEquals(List.of(), nonEmpty(both.added()));
        assertEquals(List.of(span("2026-01-01T00:00:00Z", "2026-01-05T06:00:00Z"), span("2026-04-27T18:00:00Z", "2026-05-01T00:00:00Z")),
                nonEmpty(both.removed()));
        // 7 days inside January, 5 inside April: the whole months alone from their sketches, as before
        MetricsSql.MonthPlan whole = plan(request("2026-01-25T00:00:00Z", "2026-04-06T00:00:00Z", null),
                new Grouping.All());
        assertEquals(new MetricsSql.Months(LocalDate.parse("2026-02-01"), LocalDate.parse("2026-04-01")), whole.months());
        assertEquals(List.of(span("2026-01-25T00:00:00Z", "2026-02-01T00:00:00Z"), span("2026-04-01T00:00:00Z", "2026-04-06T00:00:00Z")),
                nonEmpty(whole.added()));
        assertEquals(List.of(), nonEmpty(whole.removed()));
        // inside one month, 27 of its 31 days: the month less the other four
        MetricsSql.MonthPlan one = plan(request("2026-01-03T00:00:00Z", "2026-01-30T00:00:00Z", "cart"),
                Grouping.Dimension.ENV);
        assertEquals(new MetricsSql.Months(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-02-01")), one.months());
        assertEquals(List.of(), nonEmpty(one.added()));
        assertEquals(2, nonEmpty(one.removed()).size());
        // a series keys each day by its part: a day outside the window would count under no part, so never removed
        MetricsSql.MonthPlan series = plan(request("2026-01-05T00:00:00Z", "2026-04-27T00:00:00Z", null),
                new Grouping.Parts(CalendarInterval.MONTH, List.of(LocalDate.parse("2026-01-05"), LocalDate.parse("2026-02-01"),
                        LocalDate.parse("2026-03-01"), LocalDate.parse("2026-04-01"))));
        assertEquals(new MetricsSql.Months(LocalDate.parse("2026-02-01"), LocalDate.parse("2026-04-01")), series.months());
        assertEquals(List.of(), nonEmpty(series.removed()));
        // a few days: bucketed one by one
        MetricsSql.MonthPlan days = plan(request("2026-01-10T00:00:00Z", "2026-01-13T00:00:00Z", null),
                new Grouping.All());
        assertNull(days.months());
        assertEquals(List.of(span("2026-01-10T00:00:00Z", "2026-01-13T00:00:00Z")), nonEmpty(days.added()));
    }

    @Test
    void timeAfterNowCostsNothingToRemove() {
        // a year to midnight on the 7th, at 21:36 that day: December read as its month less the 7th onwards (its part
        // before now: 21 h 36 min), not as its first six days; the first month likewise less its first six days
        MetricsQuery.Request year = request("2025-12-07T00:00:00Z", "2026-12-07T00:00:00Z", null);
        MetricsSql.MonthPlan plan = MetricsSql.monthPlan(year, new Grouping.All(), Instant.parse("2026-12-07T21:36:00Z"));
        assertEquals(new MetricsSql.Months(LocalDate.parse("2025-12-01"), LocalDate.parse("2027-01-01")), plan.months());
        assertEquals(List.of(), nonEmpty(plan.added()));
        assertEquals(List.of(span("2025-12-01T00:00:00Z", "2025-12-07T00:00:00Z"), span("2026-12-07T00:00:00Z", "2027-01-01T00:00:00Z")),
                nonEmpty(plan.removed()));
        assertTrue(plan.removes(LocalDate.parse("2026-12-31")));
        assertTrue(plan.removes(LocalDate.parse("2025-12-01")));
        // the same window read a week later: December's 25 days after the window would all be read, its 6 inside are
        MetricsSql.MonthPlan later = MetricsSql.monthPlan(year, new Grouping.All(), Instant.parse("2027-01-14T00:00:00Z"));
        assertEquals(new MetricsSql.Months(LocalDate.parse("2025-12-01"), LocalDate.parse("2026-12-01")), later.months());
        assertEquals(List.of(span("2026-12-01T00:00:00Z", "2026-12-07T00:00:00Z")), nonEmpty(later.added()));
        assertEquals(false, later.removes(LocalDate.parse("2026-12-03")));
    }

    @Test
    void theCountsOfAPartialMonthAreItsRowLessItsDaysOutsideTheWindow() throws SQLException {
        UUID c = UUID.randomUUID();
        // a deployment every 7 hours from 28 December to 3 May: every count of the rollup varies from one to the next;
        // "search" deploys on 1–4 January only, outside the windows below but inside their first month
        Instant at = Instant.parse("2025-12-28T01:00:00Z");
        for (int i = 0; at.isBefore(Instant.parse("2026-05-03T00:00:00Z")); i++, at = at.plusSeconds(7 * 3600)) {
            String service = at.isAfter(Instant.parse("2026-01-01T00:00:00Z")) && at.isBefore(Instant.parse("2026-01-05T00:00:00Z"))
                    ? "search" : i % 3 == 0 ? "cart" : "checkout";
            Boolean failed = i % 4 == 0 ? Boolean.TRUE : i % 4 == 1 ? null : Boolean.FALSE;
            Long recovery = Boolean.TRUE.equals(failed) && i % 8 == 0 ? 600L + i : null;
            String remediation = Boolean.TRUE.equals(failed) ? (i % 7 < 3 ? "rollback" : i % 7 < 5 ? "rollforward" : null) : null;
            String type = i % 5 == 0 ? null : i % 5 == 1 ? "rollback" : "standard";
            sendDeployment(c, "d" + i, 1, MetricsQueryTest.dep(service, "production", "backend", at.toString(), 60.0 + i, failed,
                    recovery, remediation, type));
        }
        awaitDeploymentsConsumed();
        for (String[] w : new String[][] {
                { "2026-01-05T06:00:00Z", "2026-04-27T18:00:00Z", null }, // both edges removed, partial days among them
                { "2026-01-05T06:00:00Z", "2026-04-27T18:00:00Z", "checkout" }, // the same from the cells' monthly rows
                { "2026-01-03T00:00:00Z", "2026-01-30T00:00:00Z", null } }) { // one month less both sides
            MetricsQuery.Request r = new MetricsQuery.Request(Instant.parse(w[0]), Instant.parse(w[1]),
                    new Filters(List.of(c), w[2] == null ? null : List.of(w[2]), null, null), null);
            String window = String.join(" ", java.util.Arrays.stream(w).map(String::valueOf).toList());
            assertTrue(nonEmpty(plan(r, new Grouping.All()).removed()).size() > 0, window);
            Map<String, Long> expected = counted(c, r, w[2], null).get("");
            io.dorastream.api.metrics.DoraFigures f = metricsQuery.summary(r).figures();
            assertEquals(expected, figures(f), window);
            Map<String, Map<String, Long>> byService = counted(c, r, w[2], "service");
            Map<String, Map<String, Long>> items = new java.util.TreeMap<>();
            for (io.dorastream.api.metrics.Summary.Item item : metricsQuery.breakdown(r, Grouping.Dimension.SERVICE, 10).items()) {
                items.put(item.key(), figures(item.figures()));
            }
            assertEquals(byService, items, window);
        }
    }

    /** The counted fields of the figures, named as {@link #counted} names them. */
    private static Map<String, Long> figures(io.dorastream.api.metrics.DoraFigures f) {
        Map<String, Long> m = new java.util.TreeMap<>();
        m.put("deployments", f.deploymentFrequency().count());
        m.put("days", f.deploymentFrequency().deploymentDays());
        m.put("failed", f.changeFailureRate().failed());
        m.put("evaluated", f.changeFailureRate().evaluated());
        m.put("pending", f.changeFailureRate().pending());
        m.put("recovery", f.failedDeploymentRecoveryTime().n());
        m.put("lead", f.changeLeadTime().n());
        m.put("known", f.reworkRate().known());
        m.put("rework", f.reworkRate().rework());
        f.remediation().byType().forEach((type, n) -> m.put("remediation " + type, n));
        return m;
    }

    /** The reference: the window's raw deployments counted per value of {@code by} (one group "" for none). */
    private Map<String, Map<String, Long>> counted(UUID connection, MetricsQuery.Request r, String service, String by)
            throws SQLException {
        Map<String, Map<String, Long>> out = new java.util.TreeMap<>();
        String key = by == null ? "''" : by;
        String scope = " FROM deployment WHERE connection_id = ? AND NOT deleted AND window_at >= ? AND window_at < ?"
                + " AND (?::text IS NULL OR service = ?)";
        try (Connection db = dataSource.getConnection();
                PreparedStatement ps = db.prepareStatement("SELECT " + key + ", count(*), count(DISTINCT (window_at AT TIME ZONE 'UTC')::date),"
                        + " count(*) FILTER (WHERE change_failure), count(change_failure), count(*) FILTER (WHERE change_failure IS NULL),"
                        + " count(recovery_time_sec) FILTER (WHERE change_failure), count(lead_time_sec), count(deployment_type),"
                        + " count(*) FILTER (WHERE deployment_type IN ('rollback', 'rollforward'))" + scope + " GROUP BY 1");
                PreparedStatement types = db.prepareStatement("SELECT " + key + ", coalesce(remediation_type, 'unknown'), count(*)"
                        + scope + " AND change_failure GROUP BY 1, 2")) {
            for (PreparedStatement s : List.of(ps, types)) {
                s.setObject(1, connection);
                s.setObject(2, r.from().atOffset(ZoneOffset.UTC));
                s.setObject(3, r.to().atOffset(ZoneOffset.UTC));
                s.setString(4, service);
                s.setString(5, service);
            }
            String[] names = { "deployments", "days", "failed", "evaluated", "pending", "recovery", "lead", "known", "rework" };
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Long> m = out.computeIfAbsent(rs.getString(1), k -> new java.util.TreeMap<>());
                    for (int i = 0; i < names.length; i++) {
                        m.put(names[i], rs.getLong(i + 2));
                    }
                }
            }
            try (ResultSet rs = types.executeQuery()) {
                while (rs.next()) {
                    out.get(rs.getString(1)).put("remediation " + rs.getString(2), rs.getLong(3));
                }
            }
        }
        return out;
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
