package io.dorastream.aggregator.metrics;

import static io.dorastream.aggregator.metrics.Fixtures.dora2021;
import static io.dorastream.aggregator.metrics.Fixtures.dora2023;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import io.dorastream.api.metrics.ChangeLeadTime;
import io.dorastream.api.metrics.Level;

/**
 * Change lead time from the percentiles of the lead times in scope. A deployment's lead time is
 * {@code FactsTest}'s; which deployments carry one into the rollup is {@code RollupSqlTest}'s; the
 * percentile arithmetic is {@code PercentilesTest}'s.
 */
class ChangeLeadTimeTest {

    @Test
    void medianP75P90OverDeploymentsWithALeadTime() {
        // lead times 3600, 7200, 10800, 86400 (n = 4):
        // median h = 1.5 → 7200 + 0.5·3600 = 9000; p75 h = 2.25 → 10800 + 0.25·75600 = 29700;
        // p90 h = 2.7 → 10800 + 0.7·75600 = 63720
        Quantiles q = new Quantiles(4, 9_000.0, 29_700.0, 63_720.0, false);
        assertEquals(new ChangeLeadTime(4, 9_000.0, 29_700.0, 63_720.0, Level.ELITE), Figures.changeLeadTime(q, dora2023()));
        // dora-2021: 9000 s ≥ 1 hour, < 1 week → high
        assertEquals(Level.HIGH, Figures.changeLeadTime(q, dora2021()).level());
    }

    @Test
    void noLeadTimeIsNullWithoutLevel() {
        assertEquals(new ChangeLeadTime(0, null, null, null, null), Figures.changeLeadTime(Quantiles.NONE, dora2023()));
    }

    @Test
    void medianOfExactlyOneDayIsHigh() {
        // 86000 and 86800 → median 86400 = 1 day exactly → not < 1 day → high; p75 86600; p90 86000 + 0.9·800 = 86720
        ChangeLeadTime lt = Figures.changeLeadTime(new Quantiles(2, 86_400.0, 86_600.0, 86_720.0, false), dora2023());
        assertEquals(new ChangeLeadTime(2, 86_400.0, 86_600.0, 86_720.0, Level.HIGH), lt);
    }

    @Test
    void approximatePercentilesSayIt() {
        ChangeLeadTime lt = Figures.changeLeadTime(new Quantiles(200_000, 9_000.0, 29_700.0, 63_720.0, true), dora2023());
        assertEquals(new ChangeLeadTime(200_000, 9_000.0, 29_700.0, 63_720.0, Level.ELITE, true), lt);
    }
}
