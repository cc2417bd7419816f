package io.dorastream.aggregator.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The {@code incident_link} verdict — its one definition, {@link RollupSql#linkVerdicts} — against
 * timelines worked out by hand (docs/metrics.md). Each case stores its deployments and failures under a
 * connection of its own, reads the verdicts of that connection and rolls back, leaving nothing for the
 * other tests of the shared database to see.
 */
@QuarkusTest
class IncidentLinkVerdictTest extends AggregatorTestBase {

    /** A deployment: id, service, env, start, finish (null while unfinished). */
    private record Dep(String id, String service, String env, String started, String finished) {
        static Dep api(String id, String finished) {
            return new Dep(id, "api", "prod", null, finished);
        }
    }

    /** A failure: id, services, envs, start. */
    private record Fail(String id, List<String> services, List<String> envs, String started) {
        static Fail apiProd(String id, String started) {
            return new Fail(id, List.of("api"), List.of("prod"), started);
        }
    }

    /** api/prod finishing at 10:00, 12:00 and 15:00 on 2 March: intervals [10,12), [12,15), [15,∞). */
    private static final List<Dep> API_PROD = List.of(
            Dep.api("a", "2026-03-02T10:00:00Z"),
            Dep.api("b", "2026-03-02T12:00:00Z"),
            Dep.api("c", "2026-03-02T15:00:00Z"));

    @Test
    void aFailureFailsTheDeploymentWhoseIntervalHoldsItsStart() throws SQLException {
        assertEquals(Set.of("a"), failed(API_PROD, Fail.apiProd("f", "2026-03-02T11:00:00Z")));
        // the interval starts at the deployment's own finish (inclusive) and ends at the next one's (exclusive)
        assertEquals(Set.of("b"), failed(API_PROD, Fail.apiProd("f", "2026-03-02T12:00:00Z")));
        assertEquals(Set.of("b"), failed(API_PROD, Fail.apiProd("f", "2026-03-02T14:59:59Z")));
        // before the first deployment: nothing to blame
        assertEquals(Set.of(), failed(API_PROD, Fail.apiProd("f", "2026-03-02T09:00:00Z")));
        // two failures in one interval fail one deployment
        assertEquals(Set.of("a"), failed(API_PROD, Fail.apiProd("f", "2026-03-02T10:30:00Z"),
                Fail.apiProd("g", "2026-03-02T11:30:00Z")));
    }

    @Test
    void theLastIntervalIsOpenEnded() throws SQLException {
        assertEquals(Set.of("c"), failed(API_PROD, Fail.apiProd("f", "2027-03-02T15:00:00Z")));
    }

    @Test
    void tiesOnFinishAreBrokenByStartThenId() throws SQLException {
        // b1 and b2 both finish at 12:00; b1 started 11:00, b2 11:30 → order b1, b2: b1's interval [12:00, 12:00) is empty
        List<Dep> ds = List.of(
                new Dep("b2", "api", "prod", "2026-03-02T11:30:00Z", "2026-03-02T12:00:00Z"),
                new Dep("b1", "api", "prod", "2026-03-02T11:00:00Z", "2026-03-02T12:00:00Z"),
                Dep.api("a", "2026-03-02T10:00:00Z"));
        assertEquals(Set.of("b2"), failed(ds, Fail.apiProd("f", "2026-03-02T12:00:00Z")));
        assertEquals(Set.of("b2"), failed(ds, Fail.apiProd("f", "2026-03-02T12:30:00Z")));
        // same finish and same start → by id, compared by code unit: x-1 before x-2, so x-2 owns the interval
        List<Dep> same = List.of(Dep.api("x-2", "2026-03-02T12:00:00Z"), Dep.api("x-1", "2026-03-02T12:00:00Z"));
        assertEquals(Set.of("x-2"), failed(same, Fail.apiProd("f", "2026-03-02T13:00:00Z")));
        // "B" (0x42) sorts before "a" (0x61) by code unit, whatever the database's collation says
        List<Dep> cased = List.of(Dep.api("a", "2026-03-02T12:00:00Z"), Dep.api("B", "2026-03-02T12:00:00Z"));
        assertEquals(Set.of("a"), failed(cased, Fail.apiProd("f", "2026-03-02T13:00:00Z")));
    }

    @Test
    void theNextDeploymentBoundsTheIntervalWhateverTheDay() throws SQLException {
        // a finishes 31 Mar 20:00, b 1 Apr 01:00: a's interval ends at b's finish
        List<Dep> ds = List.of(Dep.api("a", "2026-03-31T20:00:00Z"), Dep.api("b", "2026-04-01T01:00:00Z"));
        assertEquals(Set.of("b"), failed(ds, Fail.apiProd("f", "2026-04-01T02:00:00Z")));
        assertEquals(Set.of("a"), failed(ds, Fail.apiProd("f", "2026-03-31T22:00:00Z")));
    }

    @Test
    void aFailureWithoutEnvsOrServicesLinksNothing() throws SQLException {
        assertEquals(Set.of(), failed(API_PROD, new Fail("f", List.of("api"), List.of(), "2026-03-02T11:00:00Z")));
        assertEquals(Set.of(), failed(API_PROD, new Fail("f", List.of(), List.of("prod"), "2026-03-02T11:00:00Z")));
        assertEquals(Set.of(), failed(API_PROD, new Fail("f", List.of("api"), null, "2026-03-02T11:00:00Z")));
    }

    @Test
    void aFailureMustNameTheDeploymentsServiceAndEnv() throws SQLException {
        assertEquals(Set.of(), failed(API_PROD, new Fail("f", List.of("api"), List.of("staging"), "2026-03-02T11:00:00Z")));
        assertEquals(Set.of(), failed(API_PROD, new Fail("f", List.of("web"), List.of("prod"), "2026-03-02T11:00:00Z")));
        // a deployment without env can never be named
        assertEquals(Set.of(), failed(List.of(new Dep("n", "api", null, null, "2026-03-02T10:00:00Z")),
                Fail.apiProd("f", "2026-03-02T11:00:00Z")));
    }

    @Test
    void aMultiServiceFailureFailsOneDeploymentOfEach() throws SQLException {
        List<Dep> ds = List.of(
                Dep.api("api-1", "2026-03-02T10:00:00Z"),
                Dep.api("api-2", "2026-03-02T10:30:00Z"),
                new Dep("web-1", "web", "prod", null, "2026-03-02T09:00:00Z"),
                new Dep("web-2", "web", "prod", null, "2026-03-02T11:30:00Z"),
                new Dep("db-1", "db", "prod", null, "2026-03-02T10:00:00Z"),
                new Dep("api-stg", "api", "staging", null, "2026-03-02T10:45:00Z"));
        // api + web, prod, at 11:00 → api-2 (api's [10:30, ∞)) and web-1 (web's [09:00, 11:30)); db and staging not named
        assertEquals(Set.of("api-2", "web-1"),
                failed(ds, new Fail("f", List.of("api", "web"), List.of("prod"), "2026-03-02T11:00:00Z")));
        // naming two envs too: one deployment of each named service and env
        assertEquals(Set.of("api-2", "web-1", "api-stg"),
                failed(ds, new Fail("f", List.of("api", "web"), List.of("prod", "staging"), "2026-03-02T11:00:00Z")));
    }

    @Test
    void anUnfinishedDeploymentIsOrderedByItsStart() throws SQLException {
        // b started 12:00 and has not finished: it takes [12:00, ∞), a keeps [10:00, 12:00)
        List<Dep> ds = List.of(Dep.api("a", "2026-03-02T10:00:00Z"), new Dep("b", "api", "prod", "2026-03-02T12:00:00Z", null));
        assertEquals(Set.of("b"), failed(ds, Fail.apiProd("f", "2026-03-02T13:00:00Z")));
        assertEquals(Set.of("a"), failed(ds, Fail.apiProd("f", "2026-03-02T11:00:00Z")));
    }

    @Test
    void deletedEventsTakeNoPart() throws SQLException {
        UUID connection = UUID.randomUUID();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                store(c, connection, API_PROD, List.of(Fail.apiProd("f", "2026-03-02T12:30:00Z")));
                execute(c, "UPDATE deployment SET deleted = true WHERE connection_id = ? AND event_id = 'b'", connection);
                // without b, a's interval runs to c's finish
                assertEquals(Set.of("a"), verdicts(c, connection));
                execute(c, "UPDATE incident SET deleted = true WHERE connection_id = ?", connection);
                assertEquals(Set.of(), verdicts(c, connection));
            } finally {
                c.rollback();
            }
        }
    }

    // ------------------------------------------------------------------ plumbing

    /** The deployments failed when only these events exist in a connection. */
    private Set<String> failed(List<Dep> deployments, Fail... failures) throws SQLException {
        UUID connection = UUID.randomUUID();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                store(c, connection, deployments, List.of(failures));
                return verdicts(c, connection);
            } finally {
                c.rollback();
            }
        }
    }

    private static Set<String> verdicts(Connection c, UUID connection) throws SQLException {
        Set<String> failed = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT event_id FROM (" + RollupSql.linkVerdicts("x.connection_id = ?") + ") v WHERE failed")) {
            ps.setObject(1, connection);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    failed.add(rs.getString(1));
                }
            }
        }
        return failed;
    }

    private static void store(Connection c, UUID connection, List<Dep> deployments, List<Fail> failures) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO deployment (connection_id, event_id, version, deleted,"
                + " service, env, started_at, finished_at, window_at, applied_at) VALUES (?, ?, 1, false, ?, ?, ?, ?, ?, now())")) {
            for (Dep d : deployments) {
                Timestamp finished = ts(d.finished());
                Timestamp started = d.started() == null ? ts(d.finished()) : ts(d.started());
                ps.setObject(1, connection);
                ps.setString(2, d.id());
                ps.setString(3, d.service());
                ps.setString(4, d.env());
                ps.setTimestamp(5, started);
                ps.setTimestamp(6, finished);
                ps.setTimestamp(7, finished != null ? finished : started); // the window instant: finish, else start
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident (connection_id, event_id, version, deleted,"
                + " services, envs, started_at, applied_at) VALUES (?, ?, 1, false, ?, ?, ?, now())")) {
            for (Fail f : failures) {
                ps.setObject(1, connection);
                ps.setString(2, f.id());
                ps.setArray(3, c.createArrayOf("text", f.services().toArray()));
                ps.setArray(4, f.envs() == null ? null : c.createArrayOf("text", f.envs().toArray()));
                ps.setTimestamp(5, ts(f.started()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void execute(Connection c, String sql, UUID connection) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, connection);
            ps.executeUpdate();
        }
    }

    private static Timestamp ts(String instant) {
        return instant == null ? null : Timestamp.from(Instant.parse(instant));
    }
}
