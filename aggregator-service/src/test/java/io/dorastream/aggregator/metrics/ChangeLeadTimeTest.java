package io.dorastream.aggregator.metrics;

import static io.dorastream.aggregator.metrics.Fixtures.dep;
import static io.dorastream.aggregator.metrics.Fixtures.dora2021;
import static io.dorastream.aggregator.metrics.Fixtures.dora2023;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import io.dorastream.api.metrics.ChangeLeadTime;
import io.dorastream.api.metrics.Level;

class ChangeLeadTimeTest {

    @Test
    void medianP75P90OverDeploymentsWithALeadTime() {
        List<DeploymentFacts> ds = List.of(
                dep("a").at("2026-03-02T10:00").leadTime(86_400).build(),
                dep("b").at("2026-03-02T11:00").leadTime(3_600).build(),
                dep("c").at("2026-03-02T12:00").build(), // no lead time: not counted
                dep("d").at("2026-03-02T13:00").leadTime(10_800).build(),
                dep("e").at("2026-03-02T14:00").leadTime(7_200).build());
        ChangeLeadTime lt = Figures.changeLeadTime(ds, dora2023());
        // sorted 3600, 7200, 10800, 86400; n = 4
        // median h = 1.5 → 7200 + 0.5·3600 = 9000
        // p75 h = 2.25 → 10800 + 0.25·75600 = 29700
        // p90 h = 2.7 → 10800 + 0.7·75600 = 63720
        assertEquals(new ChangeLeadTime(4, 9_000.0, 29_700.0, 63_720.0, Level.ELITE), lt);
        // dora-2021: 9000 s ≥ 1 hour, < 1 week → high
        assertEquals(Level.HIGH, Figures.changeLeadTime(ds, dora2021()).level());
    }

    @Test
    void noLeadTimeIsNullWithoutLevel() {
        ChangeLeadTime lt = Figures.changeLeadTime(List.of(dep("a").at("2026-03-02T10:00").build()), dora2023());
        assertEquals(new ChangeLeadTime(0, null, null, null, null), lt);
        assertEquals(new ChangeLeadTime(0, null, null, null, null), Figures.changeLeadTime(List.of(), dora2023()));
    }

    @Test
    void medianOfExactlyOneDayIsHigh() {
        // 86000 and 86800 → median 86400 = 1 day exactly → not < 1 day → high
        ChangeLeadTime lt = Figures.changeLeadTime(List.of(dep("a").leadTime(86_000).build(), dep("b").leadTime(86_800).build()),
                dora2023());
        assertEquals(86_400.0, lt.medianSeconds());
        assertEquals(Level.HIGH, lt.level());
        // p90 h = 0.9 → 86000 + 0.9·800 = 86720
        assertEquals(86_720.0, lt.p90Seconds());
    }
}
