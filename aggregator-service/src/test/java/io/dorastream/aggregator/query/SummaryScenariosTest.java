package io.dorastream.aggregator.query;

import static io.dorastream.aggregator.query.MetricsQueryTest.dep;
import static io.dorastream.aggregator.query.MetricsQueryTest.failure;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.dorastream.api.metrics.ChangeFailureMethod;
import io.dorastream.api.metrics.ChangeFailureRate;
import io.dorastream.api.metrics.ChangeLeadTime;
import io.dorastream.api.metrics.DeploymentFrequency;
import io.dorastream.api.metrics.DoraFigures;
import io.dorastream.api.metrics.FailedDeploymentRecoveryTime;
import io.dorastream.api.metrics.Level;
import io.dorastream.api.metrics.Remediation;
import io.dorastream.api.metrics.ReworkRate;
import io.dorastream.api.metrics.TimeToRestore;
import io.dorastream.api.metrics.WilsonInterval;
import io.dorastream.events.DoraJson;
import io.dorastream.events.Incident;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * Which deployments and failures each figure reads — pending and stable verdicts, recovery times of
 * failed deployments only, {@code time_to_restore} over the span, open failures, failures naming
 * several services, the incident_link fallback over all of a connection's data — on events ingested
 * through Kafka and summarised by the one production path (rollups, SQL percentiles,
 * {@code SummaryCalculator}), against figures worked out by hand. The summaries are read back as the
 * contract's records, so every value is compared exactly.
 */
@QuarkusTest
class SummaryScenariosTest extends AggregatorTestBase {

    /** Window [Mon 2 Mar, Mon 16 Mar 2026): D = 14, two whole weeks, March partial. */
    private static final String FROM = "2026-03-02T00:00:00Z";
    private static final String TO = "2026-03-16T00:00:00Z";

    @Test
    void everyFigureReadsOnlyWhatItCounts() {
        UUID x = UUID.randomUUID();
        // service, env, team, finished, lead time, change_failure, recovery, remediation, deployment type
        sendDeployment(x, "d1", 1, dep("api", "prod", "core", "2026-03-02T10:00:00Z", 3_600.0, false, 100L, "rollback", "standard"));
        sendDeployment(x, "d2", 1, dep("api", "prod", "core", "2026-03-03T10:00:00Z", 7_200.0, true, 1_800L, "rollback", "standard"));
        sendDeployment(x, "d3", 1, dep("api", "prod", "core", "2026-03-03T15:00:00Z", 10_800.0, false, null, null, "rollback"));
        sendDeployment(x, "d4", 1, dep("api", "prod", "core", "2026-03-10T10:00:00Z", null, true, 5_400L, null, "standard"));
        sendDeployment(x, "d5", 1, dep("api", "prod", "core", "2026-03-11T10:00:00Z", 14_400.0, null, 50L, "rollback", null));
        sendDeployment(x, "d6", 1, dep("api", "prod", "core", "2026-03-12T10:00:00Z", null, true, null, "rollforward", null));
        sendDeployment(x, "out", 1, dep("api", "prod", "core", "2026-03-16T00:00:00Z", 1.0, true, 60L, null, "rollback"));
        sendIncident(x, "f1", 1, failure(List.of("api", "web"), List.of("prod"), List.of(), "2026-03-03T11:00:00Z",
                "2026-03-03T12:00:00Z"));
        sendIncident(x, "f2", 1, apiFailure("2026-03-10T11:00:00Z", "2026-03-10T13:00:00Z", 600L));
        sendIncident(x, "f3", 1, apiFailure("2026-03-12T11:00:00Z", null, null));
        sendIncident(x, "f4", 1, apiFailure("2026-03-12T12:00:00Z", null, 300L));
        sendIncident(x, "f0", 1, apiFailure("2026-03-01T23:00:00Z", "2026-03-02T01:00:00Z", null));
        awaitDeploymentsConsumed();
        awaitIncidentsConsumed();

        // every sample here is below dorastream.metrics.min-sample (10): each figure says lowSample
        DoraFigures f = figures(x);
        // in the window d1..d6 ('out' finishes at 'to', which is excluded) on 5 dates (2, 3, 10, 11, 12): perDay 6/14;
        // weeks: 2 days (2, 3) and 3 days (10, 11, 12) → median 2.5 ≥ 1 → high; March (partial) holds 5 days
        assertEquals(new DeploymentFrequency(6, 6.0 / 14, 5, 2.5, 5.0, Level.HIGH).assessed(true, null, null), f.deploymentFrequency());
        // lead times of d1, d2, d3, d5 (d4, d6 carry none): 3600, 7200, 10800, 14400 → median h=1.5 → 9000;
        // p75 h=2.25 → 10800 + 0.25·3600 = 11700; p90 h=2.7 → 10800 + 0.7·3600 = 13320; < 1 day → elite
        assertEquals(new ChangeLeadTime(4, 9_000.0, 11_700.0, 13_320.0, Level.ELITE).assessed(true, null, null), f.changeLeadTime());
        // failed d2, d4, d6; stable d1, d3; pending d5 → 3/5 = 0.6; 300 > 15·5 → low
        assertEquals(new ChangeFailureRate(ChangeFailureMethod.CHANGE_FAILURE, 6, 5, 3, 1, 0.6, WilsonInterval.of(3, 5),
                Level.LOW).assessed(true, null, null), f.changeFailureRate());
        // failed deployments carrying a recovery time: d2 1800, d4 5400 (d6 carries none; stable d1's 100 and pending
        // d5's 50 are not read) → median 3600 (exactly 1 h → high), p90 1800 + 0.9·3600 = 5040
        assertEquals(new FailedDeploymentRecoveryTime(2, 3_600.0, 5_040.0, Level.HIGH).assessed(true, null, null), f.failedDeploymentRecoveryTime());
        // f1 once (two services): 1 h = 3600; f2: its time_to_restore 600, not its 2 h span; f3 and f4 open (f4's
        // time_to_restore ignored); f0 starts before 'from' → 600, 3600: median 2100, p90 600 + 0.9·3000 = 3300
        assertEquals(new TimeToRestore(2, 2, 2_100.0, 3_300.0).assessed(true), f.timeToRestore());
        // types known d1..d4 (d5, d6 unknown), rework d3 (rollback) → 1/4
        assertEquals(new ReworkRate(4, 1, 0.25, WilsonInterval.of(1, 4)).assessed(true, null, null), f.reworkRate());
        // failed d2 (rollback), d4 (none → unknown), d6 (rollforward); stable d1's and pending d5's types not read → 1/3
        assertEquals(new Remediation(1.0 / 3, Map.of("rollback", 1L, "rollforward", 1L, "unknown", 1L)), f.remediation());

        // f1 matches both services of a filter naming both: still once
        assertEquals(f.timeToRestore(), figures(x, "api", "web").timeToRestore());
    }

    @Test
    void withoutVerdictsTheIncidentLinkVerdictsOfAllTheConnectionsDataApply() {
        UUID x = UUID.randomUUID();
        // no verdicts anywhere; api/prod finishes at 10:00 on 2, 3 and 17 March (the last outside the window), web/prod at
        // 12:00 on 2 March
        sendDeployment(x, "a", 1, dep("api", "prod", "core", "2026-03-02T10:00:00Z", null, null, 900L, "rollforward", null));
        sendDeployment(x, "b", 1, dep("api", "prod", "core", "2026-03-03T10:00:00Z", 100.0, null, 9_000L, null, "rollback"));
        sendDeployment(x, "w", 1, dep("web", "prod", "core", "2026-03-02T12:00:00Z", null, null, null, null, null));
        sendDeployment(x, "c", 1, dep("api", "prod", "core", "2026-03-17T10:00:00Z", null, null, null, null, null));
        sendIncident(x, "f1", 1, failure(List.of("api", "web"), List.of("prod"), List.of(), "2026-03-02T13:00:00Z",
                "2026-03-02T14:00:00Z"));
        sendIncident(x, "f2", 1, apiFailure("2026-03-17T11:00:00Z", null, null)); // after c: fails c, outside the window
        awaitDeploymentsConsumed();
        awaitIncidentsConsumed();
        // incident_link by hand: f1 falls in a's [2 Mar 10:00, 3 Mar 10:00) and w's [2 Mar 12:00, ∞), f2 in c's [17 Mar 10:00, ∞)
        await().atMost(WAIT).until(() -> linkFailed(x) == 3);

        DoraFigures f = figures(x);
        // a, w (2 Mar) and b (3 Mar): weeks 2 days and 0 → median 1 → high; March holds 2 days
        assertEquals(new DeploymentFrequency(3, 3.0 / 14, 2, 1.0, 2.0, Level.HIGH).assessed(true, null, null), f.deploymentFrequency());
        assertEquals(new ChangeLeadTime(1, 100.0, 100.0, 100.0, Level.ELITE).assessed(true, null, null), f.changeLeadTime());
        // in the window a, b, w; failed a and w → 2/3, pending 0; 200 > 15·3 → low
        assertEquals(new ChangeFailureRate(ChangeFailureMethod.INCIDENT_LINK, 3, 3, 2, 0, 2.0 / 3, WilsonInterval.of(2, 3),
                Level.LOW).assessed(true, null, null), f.changeFailureRate());
        // the linked deployments' recovery times: a's 900 (b is not failed, w carries none) → elite
        assertEquals(new FailedDeploymentRecoveryTime(1, 900.0, 900.0, Level.ELITE).assessed(true, null, null), f.failedDeploymentRecoveryTime());
        // f1 once (1 h); f2 outside
        assertEquals(new TimeToRestore(1, 0, 3_600.0, 3_600.0).assessed(true), f.timeToRestore());
        // b's type alone is known, and it is rework
        assertEquals(new ReworkRate(1, 1, 1.0, WilsonInterval.of(1, 1)).assessed(true, null, null), f.reworkRate());
        // a rolled forward, w unknown; no rollback rate under incident_link
        assertEquals(new Remediation(null, Map.of("rollforward", 1L, "unknown", 1L)), f.remediation());
    }

    @Test
    void aDeploymentFailedOnlyByAFailureAfterTheWindowCountsAsStable() {
        UUID x = UUID.randomUUID();
        // a finishes 31 Mar 20:00 (in a March query), b 1 Apr 01:00 (outside it); a failure at 1 Apr 02:00 falls in b's
        // interval, so incident_link fails b (by hand), and the summary of March counts a as stable
        sendDeployment(x, "a", 1, dep("api", "prod", "core", "2026-03-31T20:00:00Z", null, null, null, null, null));
        sendDeployment(x, "b", 1, dep("api", "prod", "core", "2026-04-01T01:00:00Z", null, null, null, null, null));
        sendIncident(x, "g", 1, apiFailure("2026-04-01T02:00:00Z", null, null));
        awaitDeploymentsConsumed();
        awaitIncidentsConsumed();
        await().atMost(WAIT).until(() -> linkFailed(x) == 1);
        assertEquals(new ChangeFailureRate(ChangeFailureMethod.INCIDENT_LINK, 1, 1, 0, 0, 0.0, WilsonInterval.of(0, 1),
                Level.ELITE).assessed(true, null, null), figuresOf(x, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z").changeFailureRate());
        assertEquals(1, figuresOf(x, "2026-04-01T00:00:00Z", "2026-04-02T00:00:00Z").changeFailureRate().failed());
    }

    /** An api/prod failure with a {@code time_to_restore} (or none). */
    private static Incident apiFailure(String started, String finished, Long timeToRestoreSec) {
        return new Incident("outage", "SEV-2", List.of("api"), List.of("prod"), List.of(), "v1", Instant.parse(started),
                finished == null ? null : Instant.parse(finished), timeToRestoreSec, List.of(), null);
    }

    private long linkFailed(UUID connection) throws Exception {
        return queryLong("SELECT count(*) FROM deployment WHERE connection_id = ? AND link_failed AND NOT deleted", connection);
    }

    /** The figures of the connection's summary over [{@link #FROM}, {@link #TO}), optionally of some services only. */
    private static DoraFigures figures(UUID connection, String... services) {
        return figuresOf(connection, FROM, TO, services);
    }

    private static DoraFigures figuresOf(UUID connection, String from, String to, String... services) {
        // which events count is the same under every benchmark; dora-2023's answer is the plain figures (no scores)
        RequestSpecification spec = authorized().queryParam("from", from).queryParam("to", to)
                .queryParam("connection", connection.toString()).queryParam("benchmark", "dora-2023");
        if (services.length > 0) {
            spec.queryParam("service", (Object[]) services);
        }
        String body = spec.when().get("/internal/metrics/summary").then().statusCode(200).extract().asString();
        try {
            return DoraJson.mapper().readValue(body, DoraFigures.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("unreadable summary: " + body, e);
        }
    }
}
