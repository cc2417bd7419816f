package io.dorastream.aggregator.metrics;

import static io.dorastream.aggregator.metrics.Fixtures.dep;
import static io.dorastream.aggregator.metrics.Fixtures.failure;
import static io.dorastream.aggregator.metrics.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import io.dorastream.api.metrics.ChangeFailureMethod;
import io.dorastream.api.metrics.ChangeFailureRate;
import io.dorastream.api.metrics.DoraFigures;
import io.dorastream.api.metrics.Level;
import io.dorastream.api.metrics.WilsonInterval;

class IncidentLinkTest {

    /** api/prod finishing at 10:00, 12:00 and 15:00 on 2 March: intervals [10,12), [12,15), [15,∞). */
    private static final List<DeploymentFacts> API_PROD = List.of(
            dep("a").at("2026-03-02T10:00").build(),
            dep("b").at("2026-03-02T12:00").build(),
            dep("c").at("2026-03-02T15:00").build());

    private static Set<String> failed(List<DeploymentFacts> ds, FailureFacts... failures) {
        return IncidentLink.failedDeployments(ds, List.of(failures));
    }

    @Test
    void failureFailsTheDeploymentWhoseIntervalHoldsItsStart() {
        assertEquals(Set.of("a"), failed(API_PROD, failure("f").started("2026-03-02T11:00").build()));
        // the interval starts at the deployment's own finish (inclusive) and ends at the next one's (exclusive)
        assertEquals(Set.of("b"), failed(API_PROD, failure("f").started("2026-03-02T12:00").build()));
        assertEquals(Set.of("b"), failed(API_PROD, failure("f").started("2026-03-02T14:59:59Z").build()));
        // before the first deployment: nothing to blame
        assertEquals(Set.of(), failed(API_PROD, failure("f").started("2026-03-02T09:00").build()));
        // two failures in one interval fail one deployment
        assertEquals(Set.of("a"), failed(API_PROD, failure("f").started("2026-03-02T10:30").build(),
                failure("g").started("2026-03-02T11:30").build()));
    }

    @Test
    void lastIntervalIsOpenEnded() {
        // a year after the last deployment, still its interval
        assertEquals(Set.of("c"), failed(API_PROD, failure("f").started("2027-03-02T15:00").build()));
    }

    @Test
    void tiesOnFinishAreBrokenByStartThenId() {
        // b1 and b2 both finish at 12:00; b1 started 11:00, b2 11:30 → order b1, b2: b1's interval [12:00, 12:00) is empty
        List<DeploymentFacts> ds = List.of(
                dep("b2").at("2026-03-02T12:00").started("2026-03-02T11:30").build(),
                dep("b1").at("2026-03-02T12:00").started("2026-03-02T11:00").build(),
                dep("a").at("2026-03-02T10:00").build());
        assertEquals(Set.of("b2"), failed(ds, failure("f").started("2026-03-02T12:00").build()));
        assertEquals(Set.of("b2"), failed(ds, failure("f").started("2026-03-02T12:30").build()));
        // same finish and same start → by id: x-1 before x-2, so x-2 owns the interval
        List<DeploymentFacts> same = List.of(
                dep("x-2").at("2026-03-02T12:00").build(),
                dep("x-1").at("2026-03-02T12:00").build());
        assertEquals(Set.of("x-2"), failed(same, failure("f").started("2026-03-02T13:00").build()));
        ServiceEnvTimeline timeline = ServiceEnvTimeline.of(ds, List.of());
        assertEquals(List.of("a", "b1", "b2"), timeline.deployments().stream().map(DeploymentFacts::id).toList());
        assertEquals(t("2026-03-02T12:00"), timeline.intervalEnd(1)); // b1: [12:00, 12:00)
        assertNull(timeline.intervalEnd(2));
    }

    @Test
    void nextDeploymentOutsideTheQueryWindowStillBoundsTheInterval() {
        // a finishes 31 Mar 20:00 (in a March query), b 1 Apr 01:00 (outside it): a's interval ends at b's finish
        List<DeploymentFacts> all = List.of(
                dep("a").at("2026-03-31T20:00").build(),
                dep("b").at("2026-04-01T01:00").build());
        assertEquals(Set.of("b"), failed(all, failure("f").started("2026-04-01T02:00").build()));
        assertEquals(Set.of("a"), failed(all, failure("f").started("2026-03-31T22:00").build()));
        // the summary of March then counts a as stable when the failure came after b
        DoraFigures march = new SummaryCalculator().compute(Fixtures.window("2026-03-01", "2026-04-01"), all, List.of(),
                failed(all, failure("f").started("2026-04-01T02:00").build()), null);
        assertEquals(new ChangeFailureRate(ChangeFailureMethod.INCIDENT_LINK, 1, 1, 0, 0, 0.0, WilsonInterval.of(0, 1),
                Level.ELITE), march.changeFailureRate());
    }

    @Test
    void failureWithoutEnvOrServicesLinksNothing() {
        assertEquals(Set.of(), failed(API_PROD, failure("f").envs().started("2026-03-02T11:00").build()));
        assertEquals(Set.of(), failed(API_PROD, failure("f").services().started("2026-03-02T11:00").build()));
        assertEquals(Set.of(), failed(API_PROD, new FailureFacts("f", List.of("api"), null, null, t("2026-03-02T11:00"),
                null, null)));
    }

    @Test
    void failureMustNameTheDeploymentsServiceAndEnv() {
        assertEquals(Set.of(), failed(API_PROD, failure("f").envs("staging").started("2026-03-02T11:00").build()));
        assertEquals(Set.of(), failed(API_PROD, failure("f").services("web").started("2026-03-02T11:00").build()));
        // a deployment without env can never be named
        List<DeploymentFacts> noEnv = List.of(dep("n").env(null).at("2026-03-02T10:00").build());
        assertEquals(Set.of(), failed(noEnv, failure("f").started("2026-03-02T11:00").build()));
    }

    @Test
    void multiServiceFailureFailsOneDeploymentOfEach() {
        List<DeploymentFacts> ds = List.of(
                dep("api-1").at("2026-03-02T10:00").build(),
                dep("api-2").at("2026-03-02T10:30").build(),
                dep("web-1").service("web").at("2026-03-02T09:00").build(),
                dep("web-2").service("web").at("2026-03-02T11:30").build(),
                dep("db-1").service("db").at("2026-03-02T10:00").build(),
                dep("api-stg").env("staging").at("2026-03-02T10:45").build());
        // api + web, prod, at 11:00 → api-2 (api's [10:30, ∞)) and web-1 (web's [09:00, 11:30)); db and staging not named
        assertEquals(Set.of("api-2", "web-1"),
                failed(ds, failure("f").services("api", "web").started("2026-03-02T11:00").build()));
        // naming two envs too: one deployment of each named service and env
        assertEquals(Set.of("api-2", "web-1", "api-stg"),
                failed(ds, failure("f").services("api", "web").envs("prod", "staging").started("2026-03-02T11:00").build()));
    }

    @Test
    void unfinishedDeploymentIsOrderedByItsStart() {
        // b started 12:00 and has not finished: it takes [12:00, ∞), a keeps [10:00, 12:00)
        List<DeploymentFacts> ds = List.of(
                dep("a").at("2026-03-02T10:00").build(),
                dep("b").started("2026-03-02T12:00").unfinished().build());
        assertEquals(Set.of("b"), failed(ds, failure("f").started("2026-03-02T13:00").build()));
        assertEquals(Set.of("a"), failed(ds, failure("f").started("2026-03-02T11:00").build()));
    }

    @Test
    void timelinesArePerServiceAndEnv() {
        Map<IncidentLink.Key, ServiceEnvTimeline> timelines = IncidentLink.timelines(List.of(
                dep("a").at("2026-03-02T10:00").build(),
                dep("w").service("web").at("2026-03-02T10:00").build()),
                List.of(failure("f").started("2026-03-02T11:00").build()));
        assertEquals(Set.of(new IncidentLink.Key("api", "prod"), new IncidentLink.Key("web", "prod")), timelines.keySet());
        ServiceEnvTimeline api = timelines.get(new IncidentLink.Key("api", "prod"));
        assertEquals(Set.of("a"), api.failedIds());
        assertEquals(Set.of(), timelines.get(new IncidentLink.Key("web", "prod")).failedIds());
        assertEquals("a", api.owner(t("2026-03-02T11:00")).id());
        assertNull(api.owner(t("2026-03-02T09:59:59Z")));
        assertEquals(-1, api.ownerIndex(t("2026-03-02T09:59:59Z")));
        assertEquals(Set.of(new IncidentLink.Key("api", "prod"), new IncidentLink.Key("web", "prod")),
                IncidentLink.keys(failure("g").services("api", "web").build()));
    }
}
