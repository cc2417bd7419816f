package io.dorastream.aggregator.metrics;

import static io.dorastream.aggregator.metrics.Fixtures.d;
import static io.dorastream.aggregator.metrics.Fixtures.dep;
import static io.dorastream.aggregator.metrics.Fixtures.failure;
import static io.dorastream.aggregator.metrics.Fixtures.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.events.DoraJson;
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

class SummaryCalculatorTest {

    private final SummaryCalculator calculator = new SummaryCalculator();

    /** Window [Mon 2 Mar, Mon 16 Mar 2026): D = 14, two whole weeks, March partial. */
    private static final Window W = window("2026-03-02", "2026-03-16");

    private static List<DeploymentFacts> deployments() {
        return List.of(
                dep("d1").at("2026-03-02T10:00").leadTime(3_600).failed(false).type("standard").build(),
                dep("d2").at("2026-03-03T10:00").leadTime(7_200).failed(true).recovery(1_800).remediation("rollback")
                        .type("standard").build(),
                dep("d3").at("2026-03-03T15:00").leadTime(10_800).failed(false).type("rollback").build(),
                dep("d4").at("2026-03-10T10:00").failed(true).recovery(5_400).type("standard").build(),
                dep("d5").at("2026-03-11T10:00").leadTime(14_400).build(), // pending, type unknown
                dep("out").at("2026-03-16T00:00").leadTime(1).failed(true).build()); // 'to' excluded
    }

    private static List<FailureFacts> failures() {
        FailureFacts multi = failure("f1").services("api", "web").started("2026-03-03T11:00").finished("2026-03-03T12:00").build();
        return List.of(multi, multi, // fetched once per service: counts once
                failure("f2").started("2026-03-10T11:00").ttr(600).finished("2026-03-10T13:00").build(),
                failure("f3").started("2026-03-12T11:00").build(),
                failure("f0").started("2026-03-01T23:00").finished("2026-03-02T01:00").build()); // before 'from'
    }

    @Test
    void everyFigure() {
        DoraFigures f = calculator.compute(W, deployments(), failures(), Set.of(), null);
        // 5 deployments in 14 days on 4 dates (2, 3, 10, 11); weeks: 2 days and 2 days → 2; March (partial) 4 days
        assertEquals(new DeploymentFrequency(5, 5.0 / 14, 4, 2.0, 4.0, Level.HIGH), f.deploymentFrequency());
        // lead times 3600, 7200, 10800, 14400: median h=1.5 → 9000; p75 h=2.25 → 10800 + 0.25·3600 = 11700;
        // p90 h=2.7 → 10800 + 0.7·3600 = 13320; < 1 day → elite
        assertEquals(new ChangeLeadTime(4, 9_000.0, 11_700.0, 13_320.0, Level.ELITE), f.changeLeadTime());
        // failed d2, d4; stable d1, d3; pending d5 → 2/4 = 0.5, 200 > 15·4 → low
        assertEquals(new ChangeFailureRate(ChangeFailureMethod.CHANGE_FAILURE, 5, 4, 2, 1, 0.5, WilsonInterval.of(2, 4),
                Level.LOW), f.changeFailureRate());
        // recoveries 1800, 5400: median 3600 (exactly 1 h → high); p90 1800 + 0.9·3600 = 5040
        assertEquals(new FailedDeploymentRecoveryTime(2, 3_600.0, 5_040.0, Level.HIGH), f.failedDeploymentRecoveryTime());
        // f1 once: 1 h = 3600; f2: given 600; f3 open; f0 outside → median 2100, p90 600 + 0.9·3000 = 3300
        assertEquals(new TimeToRestore(2, 1, 2_100.0, 3_300.0), f.timeToRestore());
        // known d1..d4 (4), rework d3 → 0.25
        assertEquals(new ReworkRate(4, 1, 0.25, WilsonInterval.of(1, 4)), f.reworkRate());
        // failed d2 (rollback), d4 (unknown) → 1/2
        assertEquals(new Remediation(0.5, Map.of("rollback", 1L, "unknown", 1L)), f.remediation());
    }

    @Test
    void fromRollupsGivesTheSameDeploymentFrequency() {
        Map<LocalDate, Long> rollups = Map.of(d("2026-03-02"), 1L, d("2026-03-03"), 2L, d("2026-03-10"), 1L, d("2026-03-11"), 1L);
        assertEquals(calculator.compute(W, deployments(), failures(), Set.of(), "dora-2023"),
                calculator.compute(W, rollups, deployments(), failures(), Set.of(), "dora-2023"));
    }

    @Test
    void benchmarkIsChosenByName() {
        DoraFigures f = calculator.compute(W, deployments(), failures(), Set.of(), "dora-2021");
        // dora-2021: lead time 9000 s ≥ 1 h → high; rate 2/4: 200 > 30·4 → low; month median 4 ≥ 1 → high
        assertEquals(Level.HIGH, f.changeLeadTime().level());
        assertEquals(Level.LOW, f.changeFailureRate().level());
        assertEquals(Level.HIGH, f.deploymentFrequency().level());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> calculator.compute(W, deployments(), failures(), Set.of(), "dora-2024"));
        assertEquals("unknown benchmark table 'dora-2024'; known: dora-2021, dora-2023", e.getMessage());
    }

    @Test
    void emptyScope() {
        DoraFigures f = calculator.compute(W, List.of(), List.of(), Set.of(), null);
        assertEquals(new DoraFigures(
                new DeploymentFrequency(0, 0.0, 0, 0.0, 0.0, Level.LOW),
                new ChangeLeadTime(0, null, null, null, null),
                new ChangeFailureRate(ChangeFailureMethod.INCIDENT_LINK, 0, 0, 0, 0, null, null, null),
                new FailedDeploymentRecoveryTime(0, null, null, null),
                new TimeToRestore(0, 0, null, null),
                new ReworkRate(0, 0, null, null),
                new Remediation(null, Map.of())), f);
    }

    @Test
    void incidentLinkEndToEnd() {
        // no verdicts anywhere; api/prod deploys at 10:00 on 2, 3 and 17 March (the last outside the window)
        List<DeploymentFacts> all = new ArrayList<>();
        all.add(dep("a").at("2026-03-02T10:00").build());
        all.add(dep("b").at("2026-03-03T10:00").build());
        all.add(dep("w").service("web").at("2026-03-02T12:00").build());
        all.add(dep("c").at("2026-03-17T10:00").build());
        List<FailureFacts> allFailures = List.of(
                failure("f1").services("api", "web").started("2026-03-02T13:00").finished("2026-03-02T14:00").build(),
                failure("f2").started("2026-03-17T11:00").build()); // after c: fails c, outside the window
        // incident_link by hand: f1 falls in a's [2 Mar 10:00, 3 Mar 10:00) and w's [12:00, ∞), f2 in c's [17 Mar 10:00, ∞)
        Set<String> linked = Set.of("a", "w", "c");
        DoraFigures f = calculator.compute(W, all, allFailures, linked, null);
        // in the window a, b, w; failed a and w → 2/3, pending 0; 200 > 15·3 → low
        assertEquals(new ChangeFailureRate(ChangeFailureMethod.INCIDENT_LINK, 3, 3, 2, 0, 2.0 / 3, WilsonInterval.of(2, 3),
                Level.LOW), f.changeFailureRate());
        assertEquals(new Remediation(null, Map.of("unknown", 2L)), f.remediation());
        assertEquals(new FailedDeploymentRecoveryTime(0, null, null, null), f.failedDeploymentRecoveryTime());
        // f1 once (1 h); f2 outside
        assertEquals(new TimeToRestore(1, 0, 3_600.0, 3_600.0), f.timeToRestore());
    }

    @Test
    void aDeploymentFailedOnlyByAFailureAfterTheWindowCountsAsStable() {
        // a finishes 31 Mar 20:00 (in a March query), b 1 Apr 01:00 (outside it); a failure at 1 Apr 02:00 falls in
        // b's interval, so incident_link fails b (by hand), and the summary of March counts a as stable
        List<DeploymentFacts> all = List.of(
                dep("a").at("2026-03-31T20:00").build(),
                dep("b").at("2026-04-01T01:00").build());
        DoraFigures march = calculator.compute(Fixtures.window("2026-03-01", "2026-04-01"), all, List.of(), Set.of("b"), null);
        assertEquals(new ChangeFailureRate(ChangeFailureMethod.INCIDENT_LINK, 1, 1, 0, 0, 0.0, WilsonInterval.of(0, 1),
                Level.ELITE), march.changeFailureRate());
    }

    @Test
    void jsonFollowsTheContract() throws Exception {
        DoraFigures f = calculator.compute(W, deployments(), failures(), Set.of(), null);
        JsonNode json = DoraJson.mapper().valueToTree(f);
        assertEquals(List.of("deploymentFrequency", "changeLeadTime", "changeFailureRate", "failedDeploymentRecoveryTime",
                "timeToRestore", "reworkRate", "remediation"), fieldNames(json));
        assertEquals(List.of("count", "perDay", "deploymentDays", "medianDeploymentDaysPerWeek",
                "medianDeploymentDaysPerMonth", "level"), fieldNames(json.get("deploymentFrequency")));
        assertEquals(List.of("n", "medianSeconds", "p75Seconds", "p90Seconds", "level"), fieldNames(json.get("changeLeadTime")));
        assertEquals(List.of("method", "deployments", "evaluated", "failed", "pending", "rate", "ci95", "level"),
                fieldNames(json.get("changeFailureRate")));
        assertEquals(List.of("n", "medianSeconds", "p90Seconds", "level"), fieldNames(json.get("failedDeploymentRecoveryTime")));
        assertEquals(List.of("n", "open", "medianSeconds", "p90Seconds"), fieldNames(json.get("timeToRestore")));
        assertEquals(List.of("known", "rework", "rate", "ci95"), fieldNames(json.get("reworkRate")));
        assertEquals(List.of("rollbackRate", "byType"), fieldNames(json.get("remediation")));
        assertEquals("high", json.at("/deploymentFrequency/level").asText());
        assertEquals("change_failure", json.at("/changeFailureRate/method").asText());
        assertEquals(2, json.at("/changeFailureRate/ci95").size());
        assertEquals(WilsonInterval.of(2, 4).lower(), json.at("/changeFailureRate/ci95/0").asDouble());
        assertEquals(1, json.at("/remediation/byType/rollback").asLong());
        // nulls are written, not dropped
        JsonNode empty = DoraJson.mapper().valueToTree(calculator.compute(W, List.of(), List.of(), Set.of(), null));
        assertEquals("incident_link", empty.at("/changeFailureRate/method").asText());
        assertEquals(true, empty.at("/changeLeadTime/medianSeconds").isNull());
        assertEquals(true, empty.at("/changeLeadTime/level").isNull());
        assertEquals(true, empty.at("/changeFailureRate/ci95").isNull());
        // and it reads back
        assertEquals(f, DoraJson.mapper().treeToValue(json, DoraFigures.class));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
