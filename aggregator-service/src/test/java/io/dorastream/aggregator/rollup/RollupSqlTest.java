package io.dorastream.aggregator.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What a deployment adds to the rollup — its one definition, {@link RollupSql#rowsOfDeployments}, and the
 * monthly rollups {@link RollupSql#monthly} and {@link RollupSql#connectionMonthly} — against rows and buckets
 * worked out by hand. The deployments are stored
 * under a connection of their own in a transaction that is rolled back.
 */
@QuarkusTest
class RollupSqlTest extends AggregatorTestBase {

    @Test
    void aDeploymentCountsInItsDaysRowUnderBothMethods() throws SQLException {
        UUID x = UUID.randomUUID();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // id, window instant, lead time, change_failure, recovery, remediation, type, incident_link verdict
                store(c, x, "a", "2026-03-02T23:59:59Z", 60.0, true, 900L, null, "rollback", true);
                store(c, x, "b", "2026-03-02T10:00:00Z", 30.0, false, null, null, null, false);
                store(c, x, "c", "2026-03-02T11:00:00Z", null, null, 5L, "rollback", "standard", false);
                store(c, x, "d", "2026-03-03T00:00:00Z", null, null, null, null, null, false); // the next UTC day
                String rows = RollupSql.rowsOfDeployments("d.connection_id = '" + x + "'");
                // deployments, cf failed, stable, pending, link failed, type known, rework; lead times, recovery times
                // (change_failure, incident_link); remediation counts (change_failure, incident_link): a failed under
                // both methods without a remediation type, c pending with a type the verdict never reads
                assertEquals(List.of(
                        "2026-03-02 api/prod/ 3 1 1 1 1 2 1 {30,60} {900} {900} {\"unknown\": 1} {\"unknown\": 1}",
                        "2026-03-03 api/prod/ 1 0 0 1 0 0 0 {} {} {} {} {}"),
                        read(c, "SELECT day || ' ' || service || '/' || env || '/' || team || ' ' || deployments || ' '"
                                + " || cf_failed || ' ' || cf_stable || ' ' || cf_pending || ' ' || link_failed || ' '"
                                + " || type_known || ' ' || rework || ' ' || lead_times::text || ' ' || cf_recovery::text || ' '"
                                + " || link_recovery::text || ' ' || cf_remediation::text || ' ' || link_remediation::text"
                                + " FROM (" + rows + ") r ORDER BY day"));
                // March: both days' counts summed, the numbers of values, the deployments per day of the month, the
                // remediation counts summed, and the sketches: bucket ceil(ln x / ln(1.01/0.99)) of 30 → 171, 60 → 205,
                // 900 → 341; then the recovery times themselves, sorted (whole seconds)
                assertEquals(List.of("2026-03-01 api/prod/ 4 1 1 2 1 2 1 2 1 1 {\"2\": 3, \"3\": 1} {\"unknown\": 1}"
                        + " {\"unknown\": 1} {\"1:171\": 1, \"1:205\": 1} {\"1:341\": 1} {\"1:341\": 1}"
                        + " {900} {900}"),
                        read(c, "WITH r AS (" + rows + ") SELECT month || ' ' || service || '/' || env || '/' || team || ' ' || "
                                + java.util.stream.Stream.of(RollupSql.MONTHLY_COLUMNS.split(", ")).map(col -> col + "::text")
                                        .collect(java.util.stream.Collectors.joining(" || ' ' || ")) + " FROM ("
                                + RollupSql.monthly("r") + ") m"));
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void aConnectionsMonthAddsUpItsCells() throws SQLException {
        UUID x = UUID.randomUUID();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                store(c, x, "api", "a", "2026-03-02T10:00:00Z", 60.0, true, 900L, null, null, true);
                store(c, x, "web", "b", "2026-03-02T11:00:00Z", 60.0, false, null, null, "standard", false);
                store(c, x, "web", "c", "2026-03-05T11:00:00Z", 30.0, true, 900L, "rollback", null, false);
                store(c, x, "web", "d", "2026-04-01T00:00:00Z", null, null, null, null, null, false); // April
                String monthly = "WITH r AS (" + RollupSql.rowsOfDeployments("d.connection_id = '" + x + "'") + "), m AS ("
                        + RollupSql.monthly("r") + ") SELECT month || ' ' || "
                        + String.join(" || ' ' || ", RollupSql.CONNECTION_MONTHLY_COLUMNS.split(", ")) + " FROM (";
                assertEquals(2, read(c, monthly + RollupSql.monthly("r") + ") m WHERE month = '2026-03-01'").size(), "two cells");
                // March: deployments a, b, c; failed a, c (change_failure), a (incident_link); type known b; 3 lead times,
                // 2 recovery times (change_failure), 1 (incident_link); 2 deployments on the 2nd, 1 on the 5th; remediation
                // a unknown, c rollback; buckets 60 → 1:205, 30 → 1:171, 900 → 1:341 (as above); no values (the cells'
                // rows keep those). April: d alone.
                assertEquals(List.of("2026-03-01 3 2 1 0 1 1 0 3 2 1 {\"2\": 2, \"5\": 1} {\"unknown\": 1, \"rollback\": 1}"
                        + " {\"unknown\": 1} {\"1:171\": 1, \"1:205\": 2} {\"1:341\": 2} {\"1:341\": 1}",
                        "2026-04-01 1 0 0 1 0 0 0 0 0 0 {\"1\": 1} {} {} {} {} {}"),
                        read(c, monthly + RollupSql.connectionMonthly("m") + ") x ORDER BY month"));
            } finally {
                c.rollback();
            }
        }
    }

    /**
     * A batch's moves of a month's sorted values, counted per value (whole seconds as keys), applied to them: each
     * added as often as counted, each removed once per count below zero, the rest kept; worked out by hand.
     */
    @Test
    void aMoveOfTheMonthlyValuesAddsAndRemovesOccurrences() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            assertEquals(List.of("{5,30,30,900}", "{5,5,5,900}", "{}", "{5,900}", "{7}", "{}"),
                    read(c, "SELECT dora_move_values(a, d)::text FROM (VALUES (1, '{5,5,900}'::float8[], '{\"5\": -1, \"30\": 2}'::jsonb),"
                            + " (2, '{5,5,900}', '{\"5\": 1}'), (3, '{5,5,900}', '{\"5\": -2, \"900\": -1}'),"
                            + " (4, '{5,900}', '{}'), (5, '{}', '{\"7\": 1, \"8\": -1}'), (6, '{}', '{}')) AS t(i, a, d) ORDER BY i"));
        }
    }

    @Test
    void theDatabaseBucketsValuesAsTheSketchesDocumentationSays() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            // 'sign:index', index = ceil(ln|x| / ln γ), γ = 1.01/0.99; zero has a bucket of its own; worked out by hand
            assertEquals(List.of("1:0", "1:1", "1:81", "-1:81", "0:0", "1:171"),
                    read(c, "SELECT dora_bucket(x) FROM unnest(ARRAY[1, 1.02, 5, -5, 0, 30]::float8[]) WITH ORDINALITY AS v(x, i)"
                            + " ORDER BY i"));
            // the index alone, as the queries group by it beside sign(x)
            assertEquals(List.of("0", "1", "81", "81", "0", "171"),
                    read(c, "SELECT dora_bucket_index(x) FROM unnest(ARRAY[1, 1.02, 5, -5, 0, 30]::float8[]) WITH ORDINALITY"
                            + " AS v(x, i) ORDER BY i"));
        }
    }

    /**
     * The rule is inlined into a statement that buckets values (the sketches' queries, the rollup refresh): a call per
     * value of the SQL-function executor cost a third of a summary's time (V10). EXPLAIN VERBOSE shows the call by name
     * where it is not inlined.
     */
    @Test
    void theBucketRuleIsInlinedIntoTheStatementsThatBucket() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            String plan = String.join("\n", read(c, "EXPLAIN (VERBOSE, COSTS OFF) SELECT dora_bucket(x), count(*)"
                    + " FROM unnest(ARRAY[1, 5, -5, 0]::float8[]) AS v(x) GROUP BY 1"));
            assertFalse(plan.contains("dora_bucket"), plan);
            assertTrue(plan.contains("ln("), plan);
            String byIndex = String.join("\n", read(c, "EXPLAIN (VERBOSE, COSTS OFF) SELECT sign(x)::int, dora_bucket_index(x),"
                    + " count(*) FROM unnest(ARRAY[1, 5, -5, 0]::float8[]) AS v(x) GROUP BY 1, 2"));
            assertFalse(byIndex.contains("dora_bucket"), byIndex);
            assertTrue(byIndex.contains("ln("), byIndex);
        }
    }

    private static void store(Connection c, UUID connection, String id, String at, Double lead, Boolean changeFailure,
            Long recovery, String remediation, String type, boolean linkFailed) throws SQLException {
        store(c, connection, "api", id, at, lead, changeFailure, recovery, remediation, type, linkFailed);
    }

    /** A deployment of the service in env prod. */
    private static void store(Connection c, UUID connection, String service, String id, String at, Double lead,
            Boolean changeFailure, Long recovery, String remediation, String type, boolean linkFailed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO deployment (connection_id, event_id, version, deleted,"
                + " service, env, finished_at, window_at, applied_at, lead_time_sec, change_failure, recovery_time_sec,"
                + " remediation_type, deployment_type, link_failed) VALUES (?, ?, 1, false, ?, 'prod', ?, ?, now(), ?, ?, ?,"
                + " ?, ?, ?)")) {
            Timestamp t = Timestamp.from(Instant.parse(at));
            ps.setObject(1, connection);
            ps.setString(2, id);
            ps.setString(3, service);
            ps.setTimestamp(4, t);
            ps.setTimestamp(5, t);
            ps.setObject(6, lead, java.sql.Types.DOUBLE);
            ps.setObject(7, changeFailure, java.sql.Types.BOOLEAN);
            ps.setObject(8, recovery, java.sql.Types.BIGINT);
            ps.setString(9, remediation);
            ps.setString(10, type);
            ps.setBoolean(11, linkFailed);
            ps.executeUpdate();
        }
    }

    private static List<String> read(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
