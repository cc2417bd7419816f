package io.dorastream.aggregator.rollup;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.dorastream.events.Deployment;
import io.dorastream.events.Incident;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The incrementally kept rollups and verdicts equal what a rebuild computes from the stored events,
 * and replaying the same records into an empty database gives them again — on a history with
 * updates, versions out of order, tombstones, late failures and late deployments.
 */
@QuarkusTest
class RebuildTest extends AggregatorTestBase {

    @Inject
    Rebuilder rebuilder;

    private static Deployment dep(String service, String team, String finished, Double lead, Boolean changeFailure, Long recovery,
            String remediation, String type) {
        Instant f = Instant.parse(finished);
        return new Deployment(service, "production", team, "v1", f.minusSeconds(60), f, List.of(), null, changeFailure, recovery,
                remediation == null ? null : new Deployment.Remediation(null, null, remediation), type, List.of(), List.of(), 0, 0,
                60.0, "ci", f, lead);
    }

    private static Incident failure(String started, String... services) {
        return new Incident("outage", "SEV-1", List.of(services), List.of("production"), List.of("core"), "v1",
                Instant.parse(started), Instant.parse(started).plusSeconds(900), null, List.of(), null);
    }

    /** The history, sent in order; deployments and failures travel on two topics, applied concurrently. */
    private static void history(UUID x) {
        sendDeployment(x, "d1", 1, dep("checkout", "core", "2026-07-01T10:00:00Z", 100.0, null, 30L, "rollback", "standard"));
        sendDeployment(x, "d2", 1, dep("checkout", "core", "2026-07-01T12:00:00Z", 200.0, null, null, null, "rollback"));
        sendIncident(x, "f1", 1, failure("2026-07-01T13:00:00Z", "checkout"));
        sendDeployment(x, "d3", 2, dep("cart", "web", "2026-07-02T09:00:00Z", 300.0, null, 90L, null, null));
        sendDeployment(x, "d3", 1, dep("cart", "web", "2026-07-03T09:00:00Z", 999.0, true, null, null, null)); // older: dropped
        sendDeployment(x, "d1", 2, dep("checkout", "core", "2026-07-01T12:30:00Z", 150.0, null, 30L, "rollback", "standard"));
        sendDeploymentTombstone(x, "d2", 2);
        sendIncident(x, "f2", 1, failure("2026-07-02T10:00:00Z", "checkout", "cart")); // late, two services
        sendIncident(x, "f1", 2, failure("2026-07-01T11:00:00Z", "checkout")); // moves before every deployment
        sendDeployment(x, "d4", 1, dep("checkout", "core", "2026-07-01T15:00:00Z", 400.0, null, null, null, null)); // late
        sendDeployment(x, "d5", 1, dep("search", "core", "2026-07-03T08:00:00Z", 500.0, true, 60L, "rollforward", "rollforward"));
        sendIncidentTombstone(x, "f2", 2);
        sendIncident(x, "f4", 1, failure("2026-07-03T00:00:00Z", "cart"));
        sendDeploymentTombstone(x, "never-seen", 3);
    }

    @Test
    void aRebuildAndAReplayGiveWhatIngestionKeptIncrementally() throws Exception {
        UUID x = UUID.randomUUID();
        history(x);
        awaitDeploymentsConsumed();
        awaitIncidentsConsumed();
        // f4 fails d3 (cart); f2 is gone, f1 precedes every checkout deployment: d1, d4 stable
        await().atMost(WAIT).until(() -> linkFailed(x, "d3"));
        assertFalse(linkFailed(x, "d1"));
        assertFalse(linkFailed(x, "d4"));
        List<String> incremental = snapshot(x);
        // 1 July checkout (d1, d4), 2 July cart (d3), 3 July search (d5)
        assertEquals(3, incremental.stream().filter(r -> r.startsWith("rollup")).count(), String.join("\n", incremental));
        // one month (July) per service, env and team with deployments
        assertEquals(3, incremental.stream().filter(r -> r.startsWith("month")).count(), String.join("\n", incremental));
        // one month of the connection: the three cells added up
        assertEquals(1, incremental.stream().filter(r -> r.startsWith("connection month")).count(), String.join("\n", incremental));
        JsonPath s = summary("2026-07-01T00:00:00Z", "2026-07-04T00:00:00Z", "connection", x.toString(), "service", "cart");
        assertEquals("incident_link", s.getString("changeFailureRate.method"));
        assertEquals(1, s.getLong("changeFailureRate.failed"));
        assertEquals(90.0, s.getDouble("failedDeploymentRecoveryTime.medianSeconds"));

        JsonPath done = rebuildAndWait();
        assertTrue(done.getLong("result.deployments") >= 4);
        assertTrue(done.getLong("result.rollupRows") >= 3);
        assertEquals(incremental, snapshot(x), "rebuilt from the stored events");

        // replay: forget the connection, send the same records again in the same order
        for (String table : List.of("deployment_daily", "deployment_monthly", "deployment_connection_monthly", "deployment",
                "incident")) {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE connection_id = ?")) {
                ps.setObject(1, x);
                ps.executeUpdate();
            }
        }
        assertTrue(snapshot(x).isEmpty());
        history(x);
        awaitDeploymentsConsumed();
        awaitIncidentsConsumed();
        await().atMost(WAIT).until(() -> incremental.equals(snapshot(x)));
    }

    @Test
    void aRebuildAnUpgradeAsksForRunsAtStart() throws Exception {
        UUID x = UUID.randomUUID();
        sendDeployment(x, "d1", 1, dep("checkout", "core", "2026-08-03T10:00:00Z", 100.0, true, 60L, null, "standard"));
        awaitDeploymentsConsumed();
        List<String> kept = snapshot(x);
        assertEquals(1, kept.stream().filter(r -> r.startsWith("rollup")).count());
        assertEquals(1, kept.stream().filter(r -> r.startsWith("month")).count());
        assertEquals(1, kept.stream().filter(r -> r.startsWith("connection month")).count());
        // what an upgrade leaves: facts and rollups not derived yet, and a request
        execute("UPDATE deployment SET lead_time_sec = NULL, change_failure = NULL, recovery_time_sec = NULL"
                + " WHERE connection_id = ?", x);
        execute("DELETE FROM deployment_daily WHERE connection_id = ?", x);
        execute("DELETE FROM deployment_monthly WHERE connection_id = ?", x);
        execute("DELETE FROM deployment_connection_monthly WHERE connection_id = ?", x);
        execute("INSERT INTO rollup_rebuild_request (requested_at) VALUES (now())", null);
        assertTrue(rebuilder.rebuildIfRequested().deployments() >= 1);
        assertEquals(kept, snapshot(x));
        assertEquals(0, queryLong("SELECT count(*) FROM rollup_rebuild_request"));
        // without a request, a start rebuilds nothing
        execute("DELETE FROM deployment_daily WHERE connection_id = ?", x);
        assertNull(rebuilder.rebuildIfRequested());
        assertEquals(0, rowCount("deployment_daily", x));
    }

    @Test
    void theRebuildNeedsTheServiceToken() {
        given().when().post("/internal/admin/rebuild").then().statusCode(401);
    }

    private void execute(String sql, UUID connection) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (connection != null) {
                ps.setObject(1, connection);
            }
            ps.executeUpdate();
        }
    }

    private boolean linkFailed(UUID connection, String eventId) throws SQLException {
        return queryLong("SELECT count(*) FROM deployment WHERE connection_id = ? AND event_id = ? AND link_failed", connection,
                eventId) == 1;
    }

    /** Every rollup and sketch row of the connection and every event's derived facts, as text, in key order. */
    private List<String> snapshot(UUID connection) throws SQLException {
        List<String> out = new ArrayList<>();
        collect(out, "SELECT 'rollup ' || day || ' ' || service || '/' || env || '/' || team || ' ' || deployments || ' '"
                + " || cf_failed || ' ' || cf_stable || ' ' || cf_pending || ' ' || link_failed || ' ' || type_known || ' ' || rework"
                + " || ' ' || lead_times::text || ' ' || cf_recovery::text || ' ' || link_recovery::text || ' '"
                + " || cf_remediation::text || ' ' || link_remediation::text FROM deployment_daily WHERE connection_id = ?"
                + " ORDER BY day, service, env, team", connection);
        collect(out, "SELECT 'month ' || m::text FROM deployment_monthly m"
                + " WHERE connection_id = ? ORDER BY month, service, env, team", connection);
        collect(out, "SELECT 'connection month ' || m::text FROM deployment_connection_monthly m WHERE connection_id = ?"
                + " ORDER BY month", connection);
        collect(out, "SELECT 'deployment ' || event_id || ' ' || version || ' ' || deleted || ' ' || coalesce(window_at::text, '-')"
                + " || ' ' || coalesce(lead_time_sec::text, '-') || ' ' || coalesce(change_failure::text, '-') || ' '"
                + " || coalesce(recovery_time_sec::text, '-') || ' ' || link_failed FROM deployment WHERE connection_id = ?"
                + " ORDER BY event_id", connection);
        collect(out, "SELECT 'incident ' || event_id || ' ' || version || ' ' || deleted || ' '"
                + " || coalesce(time_to_restore_sec::text, '-') FROM incident WHERE connection_id = ? ORDER BY event_id", connection);
        return out;
    }

    private void collect(List<String> out, String sql, UUID connection) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, connection);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
    }
}
