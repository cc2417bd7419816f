package io.dorastream.aggregator.query;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.dorastream.api.benchmark.Benchmarks;
import io.dorastream.api.benchmark.ComparisonGroup;
import io.dorastream.api.benchmark.Measure;
import io.dorastream.events.Deployment;
import io.dorastream.events.Incident;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.dorastream.api.metrics.Summary;

/**
 * Every figure of the summary, time series and breakdown against hand-computed values, on events
 * ingested through Kafka: windows cutting days in half, failures naming several services, verdicts
 * under both methods kept current as events change.
 */
@QuarkusTest
class MetricsQueryTest extends AggregatorTestBase {

    @Inject
    MetricsQuery metricsQuery;

    static Deployment dep(String service, String env, String team, String finished, Double lead, Boolean changeFailure,
            Long recovery, String remediation, String type) {
        Instant f = Instant.parse(finished);
        return new Deployment(service, env, team, "v1", f.minusSeconds(60), f, List.of(), null, changeFailure, recovery,
                remediation == null ? null : new Deployment.Remediation(null, null, remediation), type, List.of(), List.of(), 0, 0,
                60.0, "ci", f, lead);
    }

    static Incident failure(List<String> services, List<String> envs, List<String> teams, String started, String finished) {
        return new Incident("outage", "SEV-2", services, envs, teams, "v1", Instant.parse(started),
                finished == null ? null : Instant.parse(finished), null, List.of(), null);
    }

    /** Window [Mon 6 Apr 12:00, Thu 9 Apr 12:00) 2026: D = 3, both edge days cut in half. */
    private static final String FROM = "2026-04-06T12:00:00Z";
    private static final String TO = "2026-04-09T12:00:00Z";

    /** Scenario A (see the figures below); returns its connection. */
    private UUID scenarioA() {
        UUID a = UUID.randomUUID();
        sendDeployment(a, "a1", 1, dep("checkout", "production", "backend", "2026-04-06T10:00:00Z", 100.0, true, null, null, null));
        sendDeployment(a, "a2", 1, dep("checkout", "production", "backend", "2026-04-06T13:00:00Z", 1000.0, false, null, null,
                "standard"));
        sendDeployment(a, "a3", 1, dep("checkout", "production", "backend", "2026-04-07T09:00:00Z", 2000.0, true, 3600L, "rollback",
                "standard"));
        sendDeployment(a, "a4", 1, dep("cart", "production", "frontend", "2026-04-07T15:00:00Z", 4000.0, true, 7200L, "rollforward",
                "rollback"));
        sendDeployment(a, "a5", 1, dep("cart", "production", "frontend", "2026-04-08T10:00:00Z", null, null, null, null, null));
        sendDeployment(a, "a6", 1, dep("checkout", "staging", "backend", "2026-04-09T11:00:00Z", 3000.0, false, null, null,
                "rollforward"));
        sendDeployment(a, "a7", 1, dep("checkout", "production", "backend", "2026-04-09T12:00:00Z", 5.0, true, null, null, null));
        sendIncident(a, "f1", 1, failure(List.of("checkout", "cart"), List.of("production"), List.of("backend"),
                "2026-04-07T10:00:00Z", "2026-04-07T11:00:00Z"));
        sendIncident(a, "f2", 1, failure(List.of("checkout"), List.of("production"), List.of("backend"), "2026-04-08T00:00:00Z", null));
        sendIncident(a, "f3", 1, failure(List.of("search"), List.of("production"), List.of("backend"), "2026-04-06T11:00:00Z",
                "2026-04-06T11:30:00Z"));
        awaitDeploymentsConsumed();
        awaitIncidentsConsumed();
        return a;
    }

    @Test
    void everySummaryFigureOfAWindowCuttingDaysInHalf() {
        UUID a = scenarioA();
        // levels are dora-2023's (the default, dora-2025, scores instead: dora2025ScoresPositionsAndProfilesEveryAnswer)
        JsonPath s = summary(FROM, TO, "connection", a.toString(), "benchmark", "dora-2023");
        assertEquals(3.0, s.getDouble("window.days"));
        assertEquals("dora-2023", s.getString("benchmark"));
        // in the window a2..a6 (a1 before from, a7 at to); days 6, 7 (a3, a4), 8, 9
        assertEquals(5, s.getLong("deploymentFrequency.count"));
        assertEquals(5.0 / 3, s.getDouble("deploymentFrequency.perDay"), 1e-6); // JSON read back as a float
        assertEquals(4, s.getLong("deploymentFrequency.deploymentDays"));
        // no whole week or month inside: the one week and month that intersect, counting the 4 days inside
        assertEquals(4.0, s.getDouble("deploymentFrequency.medianDeploymentDaysPerWeek"));
        assertEquals(4.0, s.getDouble("deploymentFrequency.medianDeploymentDaysPerMonth"));
        assertEquals("high", s.getString("deploymentFrequency.level"));
        // lead times 1000, 2000, 3000, 4000: median 2500, p75 3250, p90 3700
        assertEquals(4, s.getLong("changeLeadTime.n"));
        assertEquals(2500.0, s.getDouble("changeLeadTime.medianSeconds"));
        assertEquals(3250.0, s.getDouble("changeLeadTime.p75Seconds"));
        assertEquals(3700.0, s.getDouble("changeLeadTime.p90Seconds"));
        assertEquals("elite", s.getString("changeLeadTime.level"));
        assertNull(s.get("changeLeadTime.approximate"));
        // failed a3, a4; stable a2, a6; pending a5
        assertEquals("change_failure", s.getString("changeFailureRate.method"));
        assertEquals(5, s.getLong("changeFailureRate.deployments"));
        assertEquals(4, s.getLong("changeFailureRate.evaluated"));
        assertEquals(2, s.getLong("changeFailureRate.failed"));
        assertEquals(1, s.getLong("changeFailureRate.pending"));
        assertEquals(0.5, s.getDouble("changeFailureRate.rate"));
        assertEquals(2, s.getList("changeFailureRate.ci95").size());
        assertEquals("low", s.getString("changeFailureRate.level"));
        // recoveries 3600, 7200: median 5400, p90 6840
        assertEquals(2, s.getLong("failedDeploymentRecoveryTime.n"));
        assertEquals(5400.0, s.getDouble("failedDeploymentRecoveryTime.medianSeconds"));
        assertEquals(6840.0, s.getDouble("failedDeploymentRecoveryTime.p90Seconds"));
        assertEquals("high", s.getString("failedDeploymentRecoveryTime.level"));
        // f1 (two services) once, resolved in 1 h; f2 open; f3 before from
        assertEquals(1, s.getLong("timeToRestore.n"));
        assertEquals(1, s.getLong("timeToRestore.open"));
        assertEquals(3600.0, s.getDouble("timeToRestore.medianSeconds"));
        assertEquals(3600.0, s.getDouble("timeToRestore.p90Seconds"));
        // types known: a2, a3, a4, a6; rework a4 (rollback), a6 (rollforward)
        assertEquals(4, s.getLong("reworkRate.known"));
        assertEquals(2, s.getLong("reworkRate.rework"));
        assertEquals(0.5, s.getDouble("reworkRate.rate"));
        assertEquals(0.5, s.getDouble("remediation.rollbackRate"));
        assertEquals(Map.of("rollback", 1, "rollforward", 1), s.getMap("remediation.byType"));
        assertNull(s.get("dataAsOf"));

        // filters reach the failures too: a failure matches when any of its services does
        JsonPath cart = summary(FROM, TO, "connection", a.toString(), "service", "cart");
        assertEquals(2, cart.getLong("deploymentFrequency.count"));
        assertEquals(1, cart.getLong("timeToRestore.n"));
        assertEquals(0, cart.getLong("timeToRestore.open"));
        JsonPath both = summary(FROM, TO, "connection", a.toString(), "service", "cart", "service", "checkout");
        assertEquals(1, both.getLong("timeToRestore.n"), "a failure matching two services of the filter counts once");

        // dora-2021 is chosen by name
        JsonPath s21 = authorized().queryParam("from", FROM).queryParam("to", TO).queryParam("connection", a.toString())
                .queryParam("benchmark", "dora-2021").when().get("/internal/metrics/summary").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("dora-2021", s21.getString("benchmark"));
        assertEquals("elite", s21.getString("changeLeadTime.level")); // 2500 s < 1 hour

        // the sketch serves once a figure holds more values than the exact limit (lowered here to reach it)
        Summary approx = metricsQuery.summary(new MetricsQuery.Request(Instant.parse(FROM), Instant.parse(TO),
                new Filters(List.of(a), null, null, null), null), 2);
        assertTrue(approx.figures().changeLeadTime().approximate());
        assertEquals(2500.0, approx.figures().changeLeadTime().medianSeconds(), 25.0);
        assertEquals(3700.0, approx.figures().changeLeadTime().p90Seconds(), 37.0);
        assertNull(approx.figures().failedDeploymentRecoveryTime().approximate(), "2 values: still exact");
        assertEquals(6840.0, approx.figures().failedDeploymentRecoveryTime().p90Seconds());

        // a whole month inside the window: its values come from the monthly sketch, the edges' from raw rows
        Instant monthFrom = Instant.parse("2026-03-31T12:00:00Z");
        Instant monthTo = Instant.parse("2026-05-01T12:00:00Z");
        Summary month = metricsQuery.summary(new MetricsQuery.Request(monthFrom, monthTo, new Filters(List.of(a), null, null, null),
                null), 2);
        // every lead time but a5's: 5, 100, 1000, 2000, 3000, 4000 → median 1500, p90 3500
        JsonPath exactMonth = summary(monthFrom.toString(), monthTo.toString(), "connection", a.toString());
        assertEquals(1500.0, exactMonth.getDouble("changeLeadTime.medianSeconds"));
        assertEquals(3500.0, exactMonth.getDouble("changeLeadTime.p90Seconds"));
        assertTrue(month.figures().changeLeadTime().approximate());
        assertEquals(6, month.figures().changeLeadTime().n());
        assertEquals(1500.0, month.figures().changeLeadTime().medianSeconds(), 15.0);
        assertEquals(3500.0, month.figures().changeLeadTime().p90Seconds(), 35.0);
        assertEquals(exactMonth.getLong("deploymentFrequency.count"), month.figures().deploymentFrequency().count());
        // April's counts come from its deployment_monthly row: a1..a7 on 6, 7, 8 and 9 April; failed a1, a3, a4, a7,
        // stable a2, a6, pending a5; types known a2, a3, a4, a6, rework a4, a6; remediation of the failed ones
        assertEquals(7, exactMonth.getLong("deploymentFrequency.count"));
        assertEquals(4, exactMonth.getLong("deploymentFrequency.deploymentDays"));
        assertEquals(4, exactMonth.getLong("changeFailureRate.failed"));
        assertEquals(6, exactMonth.getLong("changeFailureRate.evaluated"));
        assertEquals(1, exactMonth.getLong("changeFailureRate.pending"));
        assertEquals(4, exactMonth.getLong("reworkRate.known"));
        assertEquals(2, exactMonth.getLong("reworkRate.rework"));
        assertEquals(Map.of("rollback", 1, "rollforward", 1, "unknown", 2), exactMonth.getMap("remediation.byType"));
        assertEquals(2, exactMonth.getLong("failedDeploymentRecoveryTime.n"));
        // a3's and a4's recovery times, from April's value counts: median 5400, p90 6840
        assertEquals(5400.0, exactMonth.getDouble("failedDeploymentRecoveryTime.medianSeconds"));
        assertEquals(6840.0, exactMonth.getDouble("failedDeploymentRecoveryTime.p90Seconds"));
        // the same figures from the days alone (a daily series does not read the monthly rollup): its points add up
        JsonPath aprilDays = authorized().queryParam("from", monthFrom.toString()).queryParam("to", monthTo.toString())
                .queryParam("connection", a.toString()).queryParam("interval", "day").when().get("/internal/metrics/timeseries")
                .then().statusCode(200).extract().jsonPath();
        List<Integer> perDay = aprilDays.getList("points.deploymentFrequency.count", Integer.class);
        assertEquals(7, perDay.stream().mapToInt(Integer::intValue).sum());
        assertEquals(4, perDay.stream().filter(n -> n > 0).count());
        // the same figures from the cells' months: a service filter reads deployment_monthly, one row per service, env
        // and team, where the connection's summary read its one deployment_connection_monthly row (cells added up)
        JsonPath byCells = summary(monthFrom.toString(), monthTo.toString(), "connection", a.toString(), "service", "checkout",
                "service", "cart");
        for (String figure : List.of("deploymentFrequency", "changeLeadTime", "changeFailureRate", "reworkRate", "remediation",
                "failedDeploymentRecoveryTime")) {
            assertEquals(exactMonth.getMap(figure), byCells.getMap(figure), figure);
        }
        // a window of whole months alone (no daily row, no edge) reads the monthly rows only
        for (String[] filters : new String[][] { { "connection", a.toString() },
                { "connection", a.toString(), "service", "checkout", "service", "cart" } }) {
            JsonPath april = summary("2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z", filters);
            assertEquals(7, april.getLong("deploymentFrequency.count"));
            assertEquals(4, april.getLong("deploymentFrequency.deploymentDays"));
            for (String figure : List.of("changeLeadTime", "changeFailureRate", "reworkRate", "remediation",
                    "failedDeploymentRecoveryTime")) {
                assertEquals(exactMonth.getMap(figure), april.getMap(figure), figure);
            }
        }
        Summary monthByCells = metricsQuery.summary(new MetricsQuery.Request(monthFrom, monthTo, new Filters(List.of(a),
                List.of("checkout", "cart"), null, null), null), 2);
        assertEquals(month.figures().changeLeadTime(), monthByCells.figures().changeLeadTime(), "the sketches, merged either way");

        // watermarks: dataAsOf is the oldest of the connection's streams
        sendWatermark(a, "deployments", Instant.parse("2026-04-10T00:00:00Z"));
        sendWatermark(a, "failures", Instant.parse("2026-04-09T23:00:00Z"));
        await().atMost(WAIT).until(() -> summary(FROM, TO, "connection", a.toString()).get("dataAsOf") != null);
        assertEquals(Instant.parse("2026-04-09T23:00:00Z"),
                Instant.parse(summary(FROM, TO, "connection", a.toString()).getString("dataAsOf")));
    }

    @Test
    void aBreakdownShowsAFailureUnderEachOfItsServices() {
        UUID a = scenarioA();
        JsonPath b = breakdown("service", null, "connection", a.toString());
        assertEquals("service", b.getString("by"));
        assertEquals(List.of("checkout", "cart"), b.getList("items.key"));
        // checkout: a2, a3, a6; f1 and f2 (open)
        assertEquals(3, b.getLong("items[0].deploymentFrequency.count"));
        assertEquals(1, b.getLong("items[0].changeFailureRate.failed"));
        assertEquals(3, b.getLong("items[0].changeFailureRate.evaluated"));
        assertEquals(1, b.getLong("items[0].timeToRestore.n"));
        assertEquals(1, b.getLong("items[0].timeToRestore.open"));
        assertEquals(3, b.getLong("items[0].deploymentFrequency.deploymentDays"));
        // cart: a4, a5; f1 again
        assertEquals(2, b.getLong("items[1].deploymentFrequency.count"));
        assertEquals(1, b.getLong("items[1].changeFailureRate.evaluated"));
        assertEquals(1.0, b.getDouble("items[1].changeFailureRate.rate"));
        assertEquals(1, b.getLong("items[1].timeToRestore.n"));
        assertEquals(0, b.getLong("items[1].timeToRestore.open"));
        assertEquals(Map.of("rollforward", 1), b.getMap("items[1].remediation.byType"));

        // equal counts sort by key; a filter on the dimension limits the failures' keys too
        JsonPath prod = breakdown("service", null, "connection", a.toString(), "env", "production");
        assertEquals(List.of("cart", "checkout"), prod.getList("items.key"));
        JsonPath onlyCart = breakdown("service", null, "connection", a.toString(), "service", "cart");
        assertEquals(List.of("cart"), onlyCart.getList("items.key"));
        assertEquals(List.of("checkout"), breakdown("service", "1", "connection", a.toString()).getList("items.key"));

        // by team: f1 and f2 name backend only
        JsonPath team = breakdown("team", null, "connection", a.toString());
        assertEquals(List.of("backend", "frontend"), team.getList("items.key"));
        assertEquals(1, team.getLong("items[0].timeToRestore.n"));
        assertEquals(0, team.getLong("items[1].timeToRestore.n"));
        // by env
        JsonPath env = breakdown("env", null, "connection", a.toString());
        assertEquals(List.of("production", "staging"), env.getList("items.key"));
        assertEquals(4, env.getLong("items[0].deploymentFrequency.count"));
    }

    @Test
    void failuresWithoutAValueGoUnderTheNullKeyWithTheDeploymentsWithoutOne() {
        UUID b = UUID.randomUUID();
        sendDeployment(b, "d1", 1, dep("api", "production", "backend", "2026-04-07T09:00:00Z", 10.0, null, null, null, null));
        sendDeployment(b, "d2", 1, dep("api", null, null, "2026-04-07T10:00:00Z", 20.0, null, null, null, null));
        sendIncident(b, "f1", 1, failure(List.of("api"), List.of("production"), List.of("backend"), "2026-04-07T11:00:00Z",
                "2026-04-07T11:30:00Z"));
        sendIncident(b, "f2", 1, failure(List.of("api"), List.of(), List.of(), "2026-04-07T12:00:00Z", "2026-04-07T13:00:00Z"));
        sendIncident(b, "f3", 1, failure(List.of("api"), List.of(), List.of(), "2026-04-08T12:00:00Z", null));
        awaitDeploymentsConsumed();
        awaitIncidentsConsumed();

        JsonPath summary = summary(FROM, TO, "connection", b.toString());
        for (Map.Entry<String, String> dimension : Map.of("env", "production", "team", "backend").entrySet()) {
            String by = dimension.getKey();
            JsonPath items = breakdown(by, null, "connection", b.toString());
            assertEquals(java.util.Arrays.asList(dimension.getValue(), null), items.getList("items.key"), by);
            // the null key holds d2 and the failures naming no value: f2 (restored) and f3 (open)
            assertEquals(1, items.getLong("items[1].deploymentFrequency.count"), by);
            assertEquals(1, items.getLong("items[1].timeToRestore.n"), by);
            assertEquals(1, items.getLong("items[1].timeToRestore.open"), by);
            assertEquals(3600.0, items.getDouble("items[1].timeToRestore.medianSeconds"), by);
            // the items add up to the summary
            for (String figure : List.of("deploymentFrequency.count", "timeToRestore.n", "timeToRestore.open")) {
                assertEquals(summary.getLong(figure), items.getLong("items[0]." + figure) + items.getLong("items[1]." + figure),
                        by + " " + figure);
            }
        }
        // a filter on the dimension keeps the failures without a value out, as it keeps the deployments
        JsonPath prod = breakdown("env", null, "connection", b.toString(), "env", "production");
        assertEquals(List.of("production"), prod.getList("items.key"));
        assertEquals(1, prod.getLong("items[0].timeToRestore.n"));
        assertEquals(0, prod.getLong("items[0].timeToRestore.open"));
    }

    @Test
    void aTimeSeriesHasOnePointPerIntervalClippedToTheWindow() {
        UUID a = scenarioA();
        JsonPath days = timeseries("day", "connection", a.toString());
        assertEquals("day", days.getString("interval"));
        assertEquals(List.of(FROM, "2026-04-07T00:00:00Z", "2026-04-08T00:00:00Z", "2026-04-09T00:00:00Z"),
                days.getList("points.start").stream().map(x -> Instant.parse((String) x).toString()).toList());
        assertEquals(Instant.parse("2026-04-07T00:00:00Z"), Instant.parse(days.getString("points[0].end")));
        assertEquals(Instant.parse(TO), Instant.parse(days.getString("points[3].end")));
        assertEquals(List.of(1, 2, 1, 1), days.getList("points.deploymentFrequency.count"));
        assertEquals(2.0, days.getDouble("points[0].deploymentFrequency.perDay")); // 1 in half a day
        assertEquals(1, days.getLong("points[1].timeToRestore.n"));
        assertEquals(1, days.getLong("points[2].timeToRestore.open"));
        // 8 April holds only a5, which has no verdict: that point falls back to incident_link on its own
        assertEquals("incident_link", days.getString("points[2].changeFailureRate.method"));
        assertEquals(0, days.getLong("points[2].changeFailureRate.pending"));
        assertEquals("change_failure", days.getString("points[1].changeFailureRate.method"));
        assertEquals(1.0, days.getDouble("points[1].changeFailureRate.rate"));
        // 7 April: a3 (2000) and a4 (4000)
        assertEquals(3000.0, days.getDouble("points[1].changeLeadTime.medianSeconds"));
        assertEquals(3800.0, days.getDouble("points[1].changeLeadTime.p90Seconds"));

        // the window lies in one ISO week and one month: their single point is the summary
        JsonPath summary = summary(FROM, TO, "connection", a.toString());
        for (String interval : List.of("week", "month")) {
            JsonPath one = timeseries(interval, "connection", a.toString());
            assertEquals(1, one.getList("points").size());
            for (String figure : List.of("deploymentFrequency", "changeLeadTime", "changeFailureRate",
                    "failedDeploymentRecoveryTime", "timeToRestore", "reworkRate", "remediation")) {
                assertEquals(summary.getMap(figure), one.getMap("points[0]." + figure), interval + " " + figure);
            }
        }
        // weeks start on Monday: 1 to 15 April 2026 (a Wednesday) has points from 1, 6 and 13 April
        JsonPath weeks = authorized().queryParam("from", "2026-04-01T00:00:00Z").queryParam("to", "2026-04-15T00:00:00Z")
                .queryParam("connection", a.toString()).queryParam("interval", "week").when().get("/internal/metrics/timeseries")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("2026-04-01T00:00:00Z", "2026-04-06T00:00:00Z", "2026-04-13T00:00:00Z"),
                weeks.getList("points.start").stream().map(x -> Instant.parse((String) x).toString()).toList());
        assertEquals(List.of(0, 7, 0), weeks.getList("points.deploymentFrequency.count"));
    }

    @Test
    void aLateDeploymentTakesAnIncidentLinkVerdictOver() throws Exception {
        UUID b = UUID.randomUUID();
        String c = b.toString();
        sendDeployment(b, "b1", 1, dep("api", "prod", null, "2026-05-04T10:00:00Z", null, null, null, null, null));
        sendIncident(b, "g1", 1, failure(List.of("api", "web"), List.of("prod"), List.of(), "2026-05-04T12:00:00Z",
                "2026-05-04T12:30:00Z"));
        awaitDeploymentsConsumed();
        awaitIncidentsConsumed();
        await().atMost(WAIT).until(() -> linkFailed(b, "b1"));
        JsonPath s = summary("2026-05-04T00:00:00Z", "2026-05-06T00:00:00Z", "connection", c);
        assertEquals("incident_link", s.getString("changeFailureRate.method"));
        assertEquals(1, s.getLong("changeFailureRate.failed"));
        assertEquals(1, s.getLong("changeFailureRate.evaluated"));
        assertNull(s.get("remediation.rollbackRate"));
        assertEquals(Map.of("unknown", 1), s.getMap("remediation.byType"));

        // b2 arrives late, finishing between b1 and the failure: the failure is now b2's
        sendDeployment(b, "b2", 1, dep("api", "prod", null, "2026-05-04T11:00:00Z", null, null, 120L, "rollback", null));
        awaitDeploymentsConsumed();
        assertFalse(linkFailed(b, "b1"));
        assertTrue(linkFailed(b, "b2"));
        s = summary("2026-05-04T00:00:00Z", "2026-05-06T00:00:00Z", "connection", c);
        assertEquals(2, s.getLong("changeFailureRate.deployments"));
        assertEquals(1, s.getLong("changeFailureRate.failed"));
        assertEquals(1, s.getLong("failedDeploymentRecoveryTime.n"));
        assertEquals(120.0, s.getDouble("failedDeploymentRecoveryTime.medianSeconds"));
        assertEquals(Map.of("rollback", 1), s.getMap("remediation.byType"));
        // a window holding b1 alone (an edge of raw rows) and one holding b2 alone
        assertEquals(0, summary("2026-05-04T09:00:00Z", "2026-05-04T10:30:00Z", "connection", c).getLong("changeFailureRate.failed"));
        assertEquals(1, summary("2026-05-04T10:30:00Z", "2026-05-04T11:30:00Z", "connection", c).getLong("changeFailureRate.failed"));

        // b2 deleted: the failure goes back to b1
        sendDeploymentTombstone(b, "b2", 2);
        awaitDeploymentsConsumed();
        assertTrue(linkFailed(b, "b1"));
        s = summary("2026-05-04T00:00:00Z", "2026-05-06T00:00:00Z", "connection", c);
        assertEquals(1, s.getLong("changeFailureRate.deployments"));
        assertEquals(1, s.getLong("changeFailureRate.failed"));
        assertEquals(0, s.getLong("failedDeploymentRecoveryTime.n"));

        // the failure moves before b1: nothing is failed
        sendIncident(b, "g1", 2, failure(List.of("api"), List.of("prod"), List.of(), "2026-05-04T09:00:00Z", null));
        awaitIncidentsConsumed();
        assertFalse(linkFailed(b, "b1"));
        assertEquals(0, summary("2026-05-04T00:00:00Z", "2026-05-06T00:00:00Z", "connection", c).getLong("changeFailureRate.failed"));
    }

    /**
     * A cell's month keeps each recovery time as often as it occurs while later batches add, change and delete
     * deployments of the month (each batch moves the values the batches before it left), and June's figures come
     * from them.
     */
    @Test
    void aMonthKeepsEveryOccurrenceOfItsRecoveryTimesAcrossBatches() throws Exception {
        UUID k = UUID.randomUUID();
        String c = k.toString();
        sendDeployment(k, "a1", 1, dep("checkout", "production", "backend", "2026-06-10T10:00:00Z", 100.0, true, 600L, null, null));
        sendDeployment(k, "a2", 1, dep("checkout", "production", "backend", "2026-06-11T10:00:00Z", 100.0, true, 600L, null, null));
        awaitDeploymentsConsumed();
        assertEquals("{600,600}", recoveryValues(k));
        sendDeployment(k, "a3", 1, dep("checkout", "production", "backend", "2026-06-12T10:00:00Z", 100.0, true, 60L, null, null));
        awaitDeploymentsConsumed();
        assertEquals("{60,600,600}", recoveryValues(k), "the month's values before the batch kept");
        assertEquals(600.0, summary("2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z", "connection", c)
                .getDouble("failedDeploymentRecoveryTime.medianSeconds"));
        sendDeployment(k, "a1", 2, dep("checkout", "production", "backend", "2026-06-10T10:00:00Z", 100.0, true, 120L, null, null));
        awaitDeploymentsConsumed();
        assertEquals("{60,120,600}", recoveryValues(k), "one of the two 600s moved to 120");
        sendDeploymentTombstone(k, "a2", 2);
        awaitDeploymentsConsumed();
        assertEquals("{60,120}", recoveryValues(k));
        JsonPath june = summary("2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z", "connection", c);
        assertEquals(2, june.getLong("failedDeploymentRecoveryTime.n"));
        assertEquals(90.0, june.getDouble("failedDeploymentRecoveryTime.medianSeconds"));
    }

    @Test
    void aChangedAndADeletedDeploymentMoveTheirContribution() throws Exception {
        UUID k = UUID.randomUUID();
        String c = k.toString();
        sendDeployment(k, "c1", 1, dep("checkout", "production", "backend", "2026-06-01T10:00:00Z", 100.0, true, 600L, null, null));
        sendDeployment(k, "c2", 1, dep("checkout", "production", "backend", "2026-06-01T11:00:00Z", 300.0, false, null, null, null));
        awaitDeploymentsConsumed();
        JsonPath day1 = summary("2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z", "connection", c);
        assertEquals(2, day1.getLong("deploymentFrequency.count"));
        assertEquals(200.0, day1.getDouble("changeLeadTime.medianSeconds"));
        assertEquals(1, day1.getLong("changeFailureRate.failed"));
        assertEquals(600.0, day1.getDouble("failedDeploymentRecoveryTime.medianSeconds"));
        assertEquals("{100,300}", rollupColumn(k, "2026-06-01", "lead_times"));
        assertEquals(2, sketchValues(k));
        assertEquals("{600}", recoveryValues(k));
        JsonPath june = summary("2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z", "connection", c);
        assertEquals(600.0, june.getDouble("failedDeploymentRecoveryTime.medianSeconds"), "from June's monthly values");

        // c1 changes day, lead time and verdict
        sendDeployment(k, "c1", 2, dep("checkout", "production", "backend", "2026-06-02T10:00:00Z", 500.0, false, null, null, null));
        awaitDeploymentsConsumed();
        day1 = summary("2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z", "connection", c);
        assertEquals(1, day1.getLong("deploymentFrequency.count"));
        assertEquals(300.0, day1.getDouble("changeLeadTime.medianSeconds"));
        assertEquals(0, day1.getLong("changeFailureRate.failed"));
        assertEquals(0, day1.getLong("failedDeploymentRecoveryTime.n"));
        assertNull(day1.get("failedDeploymentRecoveryTime.medianSeconds"));
        JsonPath day2 = summary("2026-06-02T00:00:00Z", "2026-06-03T00:00:00Z", "connection", c);
        assertEquals(1, day2.getLong("deploymentFrequency.count"));
        assertEquals(500.0, day2.getDouble("changeLeadTime.medianSeconds"));
        assertEquals("{300}", rollupColumn(k, "2026-06-01", "lead_times"));
        assertEquals("{}", rollupColumn(k, "2026-06-01", "cf_recovery"));
        assertEquals("{}", recoveryValues(k), "June's monthly values lost c1's recovery time");
        june = summary("2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z", "connection", c);
        assertEquals(0, june.getLong("failedDeploymentRecoveryTime.n"));
        assertNull(june.get("failedDeploymentRecoveryTime.medianSeconds"));

        // c2 deleted: its day's row goes
        sendDeploymentTombstone(k, "c2", 2);
        awaitDeploymentsConsumed();
        day1 = summary("2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z", "connection", c);
        assertEquals(0, day1.getLong("deploymentFrequency.count"));
        assertNull(day1.get("changeLeadTime.medianSeconds"));
        assertNull(rollupColumn(k, "2026-06-01", "lead_times"));
        assertEquals("{500}", rollupColumn(k, "2026-06-02", "lead_times"));
        assertEquals(1, sketchValues(k), "June's sketch holds c1's lead time alone");
        assertEquals(1, queryLong("SELECT deployments FROM deployment_connection_monthly WHERE connection_id = ?", k));

        // c1 deleted too: June's rows go, the cell's and the connection's
        sendDeploymentTombstone(k, "c1", 3);
        awaitDeploymentsConsumed();
        assertEquals(0, queryLong("SELECT count(*) FROM deployment_monthly WHERE connection_id = ?", k));
        assertEquals(0, queryLong("SELECT count(*) FROM deployment_connection_monthly WHERE connection_id = ?", k));
    }

    @Test
    void badParametersAreProblemsNeverErrors() {
        String[][] cases = {
                { "/internal/metrics/timeseries", "interval", "hour" },
                { "/internal/metrics/timeseries", "interval", "" },
                { "/internal/metrics/breakdown", "by", "region" },
                { "/internal/metrics/breakdown", "limit", "0" },
                { "/internal/metrics/breakdown", "limit", "1001" },
                { "/internal/metrics/breakdown", "limit", "ten" },
                { "/internal/metrics/summary", "benchmark", "dora-2024" },
                { "/internal/metrics/timeseries", "benchmark", "elite" },
                { "/internal/metrics/breakdown", "from", "2026-04-01" },
                { "/internal/metrics/timeseries", "to", "tomorrow" },
        };
        for (String[] c : cases) {
            Map<String, String> params = new java.util.LinkedHashMap<>();
            params.put("from", "2026-04-01T00:00:00Z");
            params.put("to", "2026-04-15T00:00:00Z");
            if (c[0].endsWith("timeseries")) {
                params.put("interval", "day");
            }
            if (c[0].endsWith("breakdown")) {
                params.put("by", "service");
            }
            params.put(c[1], c[2]);
            RequestSpecification spec = authorized().queryParams(params);
            ValidatableResponse r = spec.when().get(c[0]).then().statusCode(400)
                    .contentType(startsWith("application/problem+json")).body("status", equalTo(400));
            r.body("errors." + c[1], notNullValue());
        }
        authorized().queryParam("from", "2026-04-01T00:00:00Z").queryParam("to", "2026-04-15T00:00:00Z")
                .queryParam("benchmark", "nope").when().get("/internal/metrics/summary").then().statusCode(400)
                .body("errors.benchmark", equalTo("'nope' is not one of dora-2025, dora-2023, dora-2021"));
        authorized().queryParam("from", "2026-04-01T00:00:00Z").queryParam("to", "2026-04-15T00:00:00Z")
                .when().get("/internal/metrics/breakdown").then().statusCode(400).body("errors.by", notNullValue());
    }

    /**
     * Scenario A under dora-2025 (lowSample at the default minimum of 10): deployment frequency 5 in 3 days
     * (a mean interval under a day: 8), lead time median 2500 s (under an hour: 10), change fail rate 2 of 4
     * (5), recovery median 5400 s (under a day: 8), rework 2 of 4 (5).
     */
    @Test
    void dora2025ScoresPositionsAndProfilesEveryAnswer() {
        UUID a = scenarioA();
        JsonPath levelled = summary(FROM, TO, "connection", a.toString(), "benchmark", "dora-2023");
        for (String figure : List.of("deploymentFrequency", "changeLeadTime", "changeFailureRate", "failedDeploymentRecoveryTime",
                "reworkRate")) {
            Map<String, Object> f = levelled.getMap(figure);
            assertFalse(f.containsKey("score") || f.containsKey("position"), figure + " under dora-2023: " + f);
            assertEquals(true, f.get("lowSample"), figure);
        }
        assertFalse(levelled.getMap("$").containsKey("profile"), "no profile under dora-2023");

        JsonPath s = summary(FROM, TO, "connection", a.toString(), "benchmark", "dora-2025", "orgSize", "fewer_than_100");
        assertEquals("dora-2025", s.getString("benchmark"));
        ComparisonGroup g = Benchmarks.builtIn().group("dora-2025", "orgSize", "fewer_than_100").orElseThrow();
        Map<String, Double> scores = Map.of("deploymentFrequency", 8.0, "changeLeadTime", 10.0, "changeFailureRate", 5.0,
                "failedDeploymentRecoveryTime", 8.0, "reworkRate", 5.0);
        Map<String, Measure> measures = Map.of("deploymentFrequency", Measure.DEPLOYMENT_FREQUENCY, "changeLeadTime",
                Measure.LEAD_TIME, "changeFailureRate", Measure.CHANGE_FAILURE_RATE, "failedDeploymentRecoveryTime",
                Measure.FAILED_DEPLOYMENT_RECOVERY_TIME, "reworkRate", Measure.REWORK_RATE);
        scores.forEach((figure, score) -> {
            assertNull(s.get(figure + ".level"), figure + ": no levels in the 2025 edition");
            assertEquals(score, s.getDouble(figure + ".score"), 1e-12, figure);
            assertEquals(Map.of("family", "orgSize", "group", "fewer_than_100", "edition", "2025"),
                    Map.of("family", s.getString(figure + ".position.family"), "group", s.getString(figure + ".position.group"),
                            "edition", s.getString(figure + ".position.edition")), figure);
            ComparisonGroup.Stat stat = g.stat(measures.get(figure));
            assertEquals((score - stat.mean()) / stat.std(), s.getDouble(figure + ".position.z"), 1e-6, figure);
        });
        assertEquals(26.0 / 3, s.getDouble("profile.throughput.score"), 1e-6);
        assertEquals(5.0, s.getDouble("profile.stability.score"), 1e-12);
        assertEquals(7.2, s.getDouble("profile.performanceAverage.score"), 1e-6);
        assertEquals(false, s.getBoolean("profile.performanceAverage.partial"));
        assertEquals(true, s.getBoolean("profile.performanceAverage.lowSample"));
        assertEquals("orgSize", s.getString("profile.stability.position.family"));

        // a day without lead times: its score is there, null (no data), and its profile partial; under the
        // default benchmark (dora-2025, named by none of these parameters) and its default group, every industry
        JsonPath days = timeseries("day", "connection", a.toString());
        assertEquals("all", days.getString("points[0].profile.throughput.position.group"));
        Map<String, Object> lead = days.getMap("points[2].changeLeadTime");
        assertTrue(lead.containsKey("score") && lead.get("score") == null, "8 Apr (a5 only): " + lead);
        assertTrue(lead.containsKey("position") && lead.get("position") == null, "8 Apr: " + lead);
        assertEquals(true, days.getBoolean("points[2].profile.throughput.partial"));
        assertEquals("industry", days.getString("points[0].profile.throughput.position.family"));
        JsonPath items = breakdown("service", null, "connection", a.toString(), "benchmark", "dora-2025", "industry", "technology");
        assertEquals("technology", items.getString("items[0].profile.performanceAverage.position.group"));
    }

    @Test
    void aComparisonGroupIsRefusedOutsideABenchmarkWithScoresWithBothFamiliesOrUnknown() {
        String[][] cases = {
            {"benchmark=dora-2023&industry=technology", "industry", "only with a benchmark with scores (benchmark=dora-2025); dora-2023 has none"},
            {"benchmark=dora-2025&industry=banking", "industry", null},
            {"benchmark=dora-2025&industry=all&orgSize=solo", "orgSize", null},
        };
        for (String[] c : cases) {
            ValidatableResponse r = authorized().when().get("/internal/metrics/summary?from=2026-04-01T00:00:00Z&to=2026-04-15T00:00:00Z&"
                    + c[0]).then().statusCode(400).contentType(startsWith("application/problem+json"));
            r.body("errors." + c[1], c[2] == null ? notNullValue() : equalTo(c[2]));
        }
    }

    private JsonPath breakdown(String by, String limit, String... filters) {
        RequestSpecification spec = authorized().queryParam("from", FROM).queryParam("to", TO).queryParam("by", by);
        if (limit != null) {
            spec.queryParam("limit", limit);
        }
        return withFilters(spec, filters).when().get("/internal/metrics/breakdown").then().statusCode(200).extract().jsonPath();
    }

    private JsonPath timeseries(String interval, String... filters) {
        RequestSpecification spec = authorized().queryParam("from", FROM).queryParam("to", TO).queryParam("interval", interval);
        return withFilters(spec, filters).when().get("/internal/metrics/timeseries").then().statusCode(200).extract().jsonPath();
    }

    private static RequestSpecification withFilters(RequestSpecification spec, String... filters) {
        Map<String, List<String>> multi = new java.util.LinkedHashMap<>();
        for (int i = 0; i < filters.length; i += 2) {
            multi.computeIfAbsent(filters[i], x -> new java.util.ArrayList<>()).add(filters[i + 1]);
        }
        multi.forEach(spec::queryParam);
        return spec;
    }

    /** How many lead times the connection's monthly sketches hold. */
    private long sketchValues(UUID connection) throws Exception {
        return queryLong("SELECT coalesce(sum(value::bigint), 0) FROM deployment_monthly, jsonb_each_text(lead_times)"
                + " WHERE connection_id = ?", connection);
    }

    /** The recovery times' monthly values ({@code change_failure}) of the connection's one cell in June 2026, as text. */
    private String recoveryValues(UUID connection) throws Exception {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("SELECT cf_recovery_values::text FROM deployment_monthly"
                        + " WHERE connection_id = ? AND month = '2026-06-01'")) {
            ps.setObject(1, connection);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private boolean linkFailed(UUID connection, String eventId) throws Exception {
        return queryLong("SELECT count(*) FROM deployment WHERE connection_id = ? AND event_id = ? AND link_failed", connection,
                eventId) == 1;
    }

    /** A rollup column of a connection's day (one service/env/team there), as PostgreSQL text; null when the row is gone. */
    private String rollupColumn(UUID connection, String day, String column) throws Exception {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("SELECT " + column + "::text FROM deployment_daily"
                        + " WHERE connection_id = ? AND day = ?::date")) {
            ps.setObject(1, connection);
            ps.setString(2, day);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
