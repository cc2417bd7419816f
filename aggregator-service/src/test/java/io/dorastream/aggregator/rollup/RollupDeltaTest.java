package io.dorastream.aggregator.rollup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class RollupDeltaTest {

    private static final UUID C = UUID.fromString("00000000-0000-0000-0000-000000000001");

    private static DeploymentRow row(String id, String at, String team, Double lead, Boolean cf, Long recovery, String remediation,
            String type, boolean link) {
        return new DeploymentRow(C, id, Instant.parse(at), "api", "prod", team, lead, cf, recovery, remediation, type, link);
    }

    @Test
    void aDeploymentCountsInItsDaysRowUnderBothMethods() {
        RollupDelta delta = new RollupDelta();
        delta.add(row("a", "2026-03-02T23:59:59Z", null, 60.0, true, 900L, null, "rollback", true), +1);
        delta.add(row("b", "2026-03-02T10:00:00Z", null, 30.0, false, null, null, null, false), +1);
        delta.add(row("c", "2026-03-02T11:00:00Z", null, null, null, 5L, "rollback", "standard", false), +1);
        Map<RollupDelta.Key, RollupDelta.Entry> changes = delta.changes();
        assertEquals(1, changes.size());
        RollupDelta.Key key = changes.keySet().iterator().next();
        assertEquals(new RollupDelta.Key(C, LocalDate.parse("2026-03-02"), "api", "prod", ""), key);
        RollupDelta.Entry e = changes.get(key);
        // deployments, cf failed, stable, pending, link failed, type known, rework
        assertArrayEquals(new long[] { 3, 1, 1, 1, 1, 2, 1 }, e.counts());
        assertArrayEquals(new Double[] { 30.0, 60.0 }, e.leadTimesIn());
        assertArrayEquals(new Double[] { 900.0 }, e.cfRecoveryIn());
        assertArrayEquals(new Double[] { 900.0 }, e.linkRecoveryIn());
        assertEquals(Map.of("unknown", 1L), e.cfRemediation());
        assertEquals(Map.of("unknown", 1L), e.linkRemediation());
    }

    @Test
    void whatLeavesAndEntersTheSameRowCancelsOut() {
        RollupDelta delta = new RollupDelta();
        DeploymentRow old = row("a", "2026-03-02T10:00:00Z", "core", 60.0, true, 900L, "rollback", "standard", false);
        delta.add(old, -1);
        delta.add(old, +1);
        assertTrue(delta.changes().isEmpty());
        // a verdict moving under incident_link moves only the link columns
        delta.add(old, -1);
        delta.add(old.withLinkFailed(true), +1);
        RollupDelta.Entry e = delta.changes().values().iterator().next();
        assertArrayEquals(new long[] { 0, 0, 0, 0, 1, 0, 0 }, e.counts());
        assertArrayEquals(new Double[] { 900.0 }, e.linkRecoveryIn());
        assertArrayEquals(new Double[0], e.leadTimesIn());
        assertEquals(Map.of("rollback", 1L), e.linkRemediation());
    }

    @Test
    void aDeploymentMovingToAnotherDayLeavesOneRowAndEntersTheOther() {
        RollupDelta delta = new RollupDelta();
        DeploymentRow before = row("a", "2026-03-02T10:00:00Z", "core", 60.0, null, null, null, null, false);
        DeploymentRow after = row("a", "2026-03-03T10:00:00Z", "core", 60.0, null, null, null, null, false);
        delta.add(before, -1);
        delta.add(after, +1);
        Map<RollupDelta.Key, RollupDelta.Entry> changes = delta.changes();
        assertEquals(2, changes.size());
        RollupDelta.Entry left = changes.get(before.rollupKey());
        assertArrayEquals(new long[] { -1, 0, 0, -1, 0, 0, 0 }, left.counts());
        assertArrayEquals(new Double[] { 60.0 }, left.leadTimesOut());
        assertArrayEquals(new Double[] { 60.0 }, changes.get(after.rollupKey()).leadTimesIn());
    }
}
