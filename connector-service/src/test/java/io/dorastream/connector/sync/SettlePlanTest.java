package io.dorastream.connector.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class SettlePlanTest {

    private static final Instant LOOK_FROM = Instant.parse("2026-03-10T00:00:00Z");
    private static final int PER_PAGE = 90;

    private static EventVersionStore.Ranked pending(String started, long rank) {
        Instant s = Instant.parse(started);
        return new EventVersionStore.Ranked(s, s.plusSeconds(300), rank);
    }

    @Test
    void nothingUnsettledReadsTheLookBackOnly() {
        SettlePlan.Plan plan = SettlePlan.plan(LOOK_FROM, new EventVersionStore.Unsettled(List.of(), 5000), PER_PAGE);
        assertEquals(LOOK_FROM, plan.mainFrom());
        assertEquals(List.of(), plan.windows());
    }

    @Test
    void anOpenEventWidensTheMainReadToItsStartWhateverLiesBetween() {
        EventVersionStore.Ranked open = new EventVersionStore.Ranked(Instant.parse("2026-02-20T08:30:00.250Z"), null, 10);
        SettlePlan.Plan alone = SettlePlan.plan(LOOK_FROM,
                new EventVersionStore.Unsettled(List.of(open, pending("2026-03-01T00:00:00Z", 3000)), 5000), PER_PAGE);
        assertEquals(Instant.parse("2026-02-20T08:30:00Z"), alone.mainFrom(), "floored to the second");
        assertEquals(List.of(), alone.windows(), "younger pending deployments are inside the main read");

        SettlePlan.Plan joined = SettlePlan.plan(LOOK_FROM,
                new EventVersionStore.Unsettled(List.of(pending("2026-02-20T08:00:00Z", 9), open), 5000), PER_PAGE);
        assertEquals(Instant.parse("2026-02-20T08:00:00Z"), joined.mainFrom(), "a pending deployment one event older joins it");
        assertEquals(List.of(), joined.windows());
    }

    @Test
    void pendingDeploymentsFarApartAreReadAloneNearbyOnesTogether() {
        SettlePlan.Plan plan = SettlePlan.plan(LOOK_FROM, new EventVersionStore.Unsettled(List.of(
                pending("2026-02-10T10:00:00Z", 100),
                pending("2026-02-10T12:00:00Z", 150), // 50 events later: the same window
                pending("2026-02-20T09:00:00Z", 2000), // a thousand events later: a window of its own
                pending("2026-03-09T23:00:00Z", 4950)), 5000), PER_PAGE); // 51 events before the look-back: joins it
        assertEquals(Instant.parse("2026-03-09T23:00:00Z"), plan.mainFrom());
        assertEquals(List.of(
                new SettlePlan.Window(Instant.parse("2026-02-10T10:00:00Z"), Instant.parse("2026-02-10T12:05:01Z")),
                new SettlePlan.Window(Instant.parse("2026-02-20T09:00:00Z"), Instant.parse("2026-02-20T09:05:01Z"))),
                plan.windows());
    }
}
