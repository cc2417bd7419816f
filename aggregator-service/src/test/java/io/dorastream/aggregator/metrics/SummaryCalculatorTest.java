package io.dorastream.aggregator.metrics;

import static io.dorastream.aggregator.metrics.Fixtures.d;
import static io.dorastream.aggregator.metrics.Fixtures.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /*
     * One scope as the rollups give it, worked out by hand from five api/prod deployments in W
     * (SummaryScenariosTest ingests the same kind of scope as events):
     *   d1  2 Mar 10:00  lead 3600   stable   standard
     *   d2  3 Mar 10:00  lead 7200   failed   standard  recovery 1800  remediation rollback
     *   d3  3 Mar 15:00  lead 10800  stable   rollback
     *   d4 10 Mar 10:00              failed   standard  recovery 5400
     *   d5 11 Mar 10:00  lead 14400  pending  (type unknown)
     * and failures f1 (1 h, fetched once per service it names), f2 (time_to_restore 600) and f3 (open).
     */
    private static final Map<LocalDate, Long> PER_DAY = Map.of(d("2026-03-02"), 1L, d("2026-03-03"), 2L, d("2026-03-10"), 1L,
            d("2026-03-11"), 1L);
    /** 5 deployments: failed d2, d4; stable d1, d3; pending d5; none failed by incident_link; types known d1..d4, rework d3. */
    private static final DeploymentCounts COUNTS = new DeploymentCounts(5, 2, 2, 1, 0, 4, 1,
            Map.of("rollback", 1L, "unknown", 1L), Map.of());
    /** 3600, 7200, 10800, 14400: median h=1.5 → 9000; p75 h=2.25 → 10800 + 0.25·3600 = 11700; p90 h=2.7 → 13320. */
    private static final Quantiles LEAD_TIMES = new Quantiles(4, 9_000.0, 11_700.0, 13_320.0, false);
    /** 1800, 5400: median 3600; p75 1800 + 0.75·3600 = 4500; p90 1800 + 0.9·3600 = 5040. */
    private static final Quantiles CF_RECOVERY = new Quantiles(2, 3_600.0, 4_500.0, 5_040.0, false);
    /** 3600 (f1 once) and 600 (f2): median 2100; p75 600 + 0.75·3000 = 2850; p90 600 + 0.9·3000 = 3300. */
    private static final Quantiles TIME_TO_RESTORE = new Quantiles(2, 2_100.0, 2_850.0, 3_300.0, false);

    private DoraFigures scope(String benchmark) {
        return calculator.compute(W, PER_DAY, COUNTS, LEAD_TIMES, CF_RECOVERY, Quantiles.NONE, TIME_TO_RESTORE, 1, benchmark);
    }

    @Test
    void everyFigure() {
        DoraFigures f = scope("dora-2023");
        // 5 deployments in 14 days on 4 dates (2, 3, 10, 11); weeks: 2 days and 2 days → 2; March (partial) 4 days
        assertEquals(new DeploymentFrequency(5, 5.0 / 14, 4, 2.0, 4.0, Level.HIGH), f.deploymentFrequency());
        // median 9000 < 1 day → elite
        assertEquals(new ChangeLeadTime(4, 9_000.0, 11_700.0, 13_320.0, Level.ELITE), f.changeLeadTime());
        // failed d2, d4; stable d1, d3; pending d5 → 2/4 = 0.5, 200 > 15·4 → low
        assertEquals(new ChangeFailureRate(ChangeFailureMethod.CHANGE_FAILURE, 5, 4, 2, 1, 0.5, WilsonInterval.of(2, 4),
                Level.LOW), f.changeFailureRate());
        // median exactly 1 h → high
        assertEquals(new FailedDeploymentRecoveryTime(2, 3_600.0, 5_040.0, Level.HIGH), f.failedDeploymentRecoveryTime());
        // f3 open
        assertEquals(new TimeToRestore(2, 1, 2_100.0, 3_300.0), f.timeToRestore());
        // known d1..d4 (4), rework d3 → 0.25
        assertEquals(new ReworkRate(4, 1, 0.25, WilsonInterval.of(1, 4)), f.reworkRate());
        // failed d2 (rollback), d4 (unknown) → 1/2
        assertEquals(new Remediation(0.5, Map.of("rollback", 1L, "unknown", 1L)), f.remediation());
    }

    @Test
    void benchmarkIsChosenByName() {
        DoraFigures f = scope("dora-2021");
        // dora-2021: lead time 9000 s ≥ 1 h → high; rate 2/4: 200 > 30·4 → low; month median 4 ≥ 1 → high
        assertEquals(Level.HIGH, f.changeLeadTime().level());
        assertEquals(Level.LOW, f.changeFailureRate().level());
        assertEquals(Level.HIGH, f.deploymentFrequency().level());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scope("dora-2024"));
        assertEquals("unknown benchmark table 'dora-2024'; known: dora-2021, dora-2023, dora-2025", e.getMessage());
    }

    @Test
    void emptyScope() {
        // under dora-2023 (the default, dora-2025, has no levels): no deployment is the lowest frequency
        DoraFigures f = calculator.compute(W, Map.of(), NONE, Quantiles.NONE, Quantiles.NONE, Quantiles.NONE, Quantiles.NONE, 0,
                "dora-2023");
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
    void approximateFiguresSayItAndExactOnesDoNot() {
        // the buckets of 10 and 1000 (ceil(ln x / ln(1.01/0.99)) = 116, 346)
        Quantiles sketch = new LogHistogram().add(new LogHistogram.Bucket(1, 116), 1).add(new LogHistogram.Bucket(1, 346), 1)
                .quantiles();
        // exact 10 and 1000: median 505, p75 752.5, p90 10 + 0.9·990 = 901
        DoraFigures f = calculator.compute(W, Map.of(), NONE, sketch, Quantiles.NONE, Quantiles.NONE,
                new Quantiles(2, 505.0, 752.5, 901.0, false), 0, null);
        JsonNode json = DoraJson.mapper().valueToTree(f);
        assertEquals(true, json.at("/changeLeadTime/approximate").asBoolean());
        assertFalse(json.get("timeToRestore").has("approximate"));
        assertEquals(901.0, json.at("/timeToRestore/p90Seconds").asDouble());
        assertFalse(json.get("failedDeploymentRecoveryTime").has("approximate"));
        assertNull(f.failedDeploymentRecoveryTime().medianSeconds());
    }

    @Test
    void jsonFollowsTheContract() throws Exception {
        DoraFigures f = scope("dora-2023");
        JsonNode json = DoraJson.mapper().valueToTree(f);
        assertEquals(List.of("deploymentFrequency", "changeLeadTime", "changeFailureRate", "failedDeploymentRecoveryTime",
                "timeToRestore", "reworkRate", "remediation"), fieldNames(json));
        assertEquals(List.of("count", "perDay", "deploymentDays", "medianDeploymentDaysPerWeek",
                "medianDeploymentDaysPerMonth", "level", "lowSample"), fieldNames(json.get("deploymentFrequency")));
        assertEquals(List.of("n", "medianSeconds", "p75Seconds", "p90Seconds", "level", "lowSample"), fieldNames(json.get("changeLeadTime")));
        assertEquals(List.of("method", "deployments", "evaluated", "failed", "pending", "rate", "ci95", "level", "lowSample"),
                fieldNames(json.get("changeFailureRate")));
        assertEquals(List.of("n", "medianSeconds", "p90Seconds", "level", "lowSample"), fieldNames(json.get("failedDeploymentRecoveryTime")));
        assertEquals(List.of("n", "open", "medianSeconds", "p90Seconds", "lowSample"), fieldNames(json.get("timeToRestore")));
        assertEquals(List.of("known", "rework", "rate", "ci95", "lowSample"), fieldNames(json.get("reworkRate")));
        assertEquals(List.of("rollbackRate", "byType"), fieldNames(json.get("remediation")));
        assertEquals("high", json.at("/deploymentFrequency/level").asText());
        assertEquals("change_failure", json.at("/changeFailureRate/method").asText());
        assertEquals(2, json.at("/changeFailureRate/ci95").size());
        assertEquals(WilsonInterval.of(2, 4).lower(), json.at("/changeFailureRate/ci95/0").asDouble());
        assertEquals(1, json.at("/remediation/byType/rollback").asLong());
        // nulls are written, not dropped
        JsonNode empty = DoraJson.mapper().valueToTree(calculator.compute(W, Map.of(), NONE, Quantiles.NONE, Quantiles.NONE,
                Quantiles.NONE, Quantiles.NONE, 0, null));
        assertEquals("incident_link", empty.at("/changeFailureRate/method").asText());
        assertEquals(true, empty.at("/changeLeadTime/medianSeconds").isNull());
        assertEquals(true, empty.at("/changeLeadTime/level").isNull());
        assertEquals(true, empty.at("/changeFailureRate/ci95").isNull());
        // and it reads back
        assertEquals(f, DoraJson.mapper().treeToValue(json, DoraFigures.class));
    }

    /** The counts of no deployment. */
    private static final DeploymentCounts NONE = new DeploymentCounts(0, 0, 0, 0, 0, 0, 0, Map.of(), Map.of());

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
