package io.dorastream.aggregator.metrics;

import static io.dorastream.aggregator.metrics.Fixtures.dep;
import static io.dorastream.aggregator.metrics.Fixtures.failure;
import static io.dorastream.aggregator.metrics.Fixtures.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.events.DoraJson;
import io.dorastream.api.metrics.ChangeFailureMethod;
import io.dorastream.api.metrics.DoraFigures;
import io.dorastream.api.metrics.FailedDeploymentRecoveryTime;
import io.dorastream.api.metrics.Level;

/**
 * The aggregate path (what rollups give: counts, merged per part, and percentiles) computes the same
 * figures as the raw-facts path, under both change-failure methods.
 */
class AggregatePathTest {

    private final SummaryCalculator calculator = new SummaryCalculator();
    private static final Window W = window("2026-03-02", "2026-03-16");

    private DoraFigures viaAggregates(List<DeploymentFacts> inWindow, List<FailureFacts> failures, Set<String> linked,
            String benchmark) {
        // counts of two parts (as two rollup rows would hold them), merged
        int half = inWindow.size() / 2;
        DeploymentCounts counts = DeploymentCounts.of(inWindow.subList(0, half), linked)
                .plus(DeploymentCounts.of(inWindow.subList(half, inWindow.size()), linked));
        List<Double> lead = inWindow.stream().map(DeploymentFacts::leadTimeSec).filter(Objects::nonNull).toList();
        List<Long> cfRecovery = inWindow.stream().filter(d -> Boolean.TRUE.equals(d.changeFailure()))
                .map(DeploymentFacts::recoveryTimeSec).filter(Objects::nonNull).toList();
        List<Long> linkRecovery = inWindow.stream().filter(d -> linked.contains(d.id()))
                .map(DeploymentFacts::recoveryTimeSec).filter(Objects::nonNull).toList();
        Map<String, FailureFacts> unique = new java.util.LinkedHashMap<>();
        failures.stream().filter(f -> W.contains(f.startedAt())).forEach(f -> unique.putIfAbsent(f.id(), f));
        List<Double> ttr = unique.values().stream().map(FailureFacts::timeToRestoreSeconds).filter(Objects::nonNull).toList();
        long open = unique.values().stream().filter(f -> !f.resolved()).count();
        return calculator.compute(W, Figures.countPerDay(W, inWindow), counts, Quantiles.exact(lead),
                Quantiles.exact(cfRecovery), Quantiles.exact(linkRecovery), Quantiles.exact(ttr), open, benchmark);
    }

    @Test
    void changeFailureMethod() {
        List<DeploymentFacts> ds = List.of(
                dep("d1").at("2026-03-02T10:00").leadTime(3_600).failed(false).type("standard").build(),
                dep("d2").at("2026-03-03T10:00").leadTime(7_200).failed(true).recovery(1_800).remediation("rollback")
                        .type("standard").build(),
                dep("d3").at("2026-03-03T15:00").leadTime(10_800).failed(false).type("rollback").build(),
                dep("d4").at("2026-03-10T10:00").failed(true).recovery(5_400).type("standard").build(),
                dep("d5").at("2026-03-11T10:00").leadTime(14_400).build());
        List<FailureFacts> fs = List.of(
                failure("f1").services("api", "web").started("2026-03-03T11:00").finished("2026-03-03T12:00").build(),
                failure("f2").started("2026-03-10T11:00").ttr(600).finished("2026-03-10T13:00").build(),
                failure("f3").started("2026-03-12T11:00").build());
        // incident_link by hand (api/prod timeline): f1 (3 Mar 11:00) falls in d2's [3 Mar 10:00, 15:00), f2 in d4's
        // [10 Mar 10:00, 11 Mar 10:00), f3 in d5's open interval; not read here, as change_failure verdicts exist
        Set<String> linked = Set.of("d2", "d4", "d5");
        for (String benchmark : List.of("dora-2023", "dora-2021")) {
            assertEquals(calculator.compute(W, ds, fs, linked, benchmark), viaAggregates(ds, fs, linked, benchmark));
        }
    }

    @Test
    void incidentLinkMethod() {
        List<DeploymentFacts> ds = new ArrayList<>();
        ds.add(dep("a").at("2026-03-02T10:00").recovery(900).remediation("rollforward").build());
        ds.add(dep("b").at("2026-03-03T10:00").leadTime(100).type("rollback").build());
        ds.add(dep("w").service("web").at("2026-03-02T12:00").build());
        List<FailureFacts> fs = List.of(
                failure("f1").services("api", "web").started("2026-03-02T13:00").finished("2026-03-02T14:00").build());
        // incident_link by hand: f1 (api and web, 2 Mar 13:00) falls in a's [2 Mar 10:00, 3 Mar 10:00) and w's [12:00, ∞)
        Set<String> linked = Set.of("a", "w");
        DoraFigures expected = calculator.compute(W, ds, fs, linked, null);
        assertEquals(expected, viaAggregates(ds, fs, linked, null));
        assertEquals(ChangeFailureMethod.INCIDENT_LINK, expected.changeFailureRate().method());
        assertEquals(new FailedDeploymentRecoveryTime(1, 900.0, 900.0, Level.ELITE), expected.failedDeploymentRecoveryTime());
    }

    @Test
    void countsMergeAndDropZeroTypes() {
        DeploymentCounts a = new DeploymentCounts(3, 1, 1, 1, 2, 2, 1, Map.of("rollback", 1L), Map.of("unknown", 2L));
        DeploymentCounts b = new DeploymentCounts(1, 1, 0, 0, 0, 1, 0, Map.of("rollback", 1L, "rollforward", 1L), Map.of());
        assertEquals(new DeploymentCounts(4, 2, 1, 1, 2, 3, 1, Map.of("rollback", 2L, "rollforward", 1L), Map.of("unknown", 2L)),
                a.plus(b));
        assertEquals(a, a.plus(DeploymentCounts.NONE));
        assertEquals(ChangeFailureMethod.INCIDENT_LINK, new DeploymentCounts(5, 0, 0, 5, 1, 0, 0, Map.of(), Map.of()).method());
    }

    @Test
    void approximateFiguresSayItAndExactOnesDoNot() {
        // the buckets of 10 and 1000 (ceil(ln x / ln(1.01/0.99)) = 116, 346)
        Quantiles sketch = new LogHistogram().add(new LogHistogram.Bucket(1, 116), 1).add(new LogHistogram.Bucket(1, 346), 1)
                .quantiles();
        DoraFigures f = calculator.compute(W, Map.of(), DeploymentCounts.NONE, sketch, Quantiles.NONE, Quantiles.NONE,
                Quantiles.exact(List.of(10, 1000)), 0, null);
        JsonNode json = DoraJson.mapper().valueToTree(f);
        assertEquals(true, json.at("/changeLeadTime/approximate").asBoolean());
        assertFalse(json.get("timeToRestore").has("approximate"));
        assertEquals(901.0, json.at("/timeToRestore/p90Seconds").asDouble());
        assertFalse(json.get("failedDeploymentRecoveryTime").has("approximate"));
        assertNull(f.failedDeploymentRecoveryTime().medianSeconds());
    }
}
