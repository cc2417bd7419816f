package io.dorastream.aggregator.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Exactly-once effect of the deployment stream: duplicates, moved versions, out-of-order versions and
 * tombstones, seen through the summary endpoint and through the {@code deployment} and
 * {@code deployment_daily} tables.
 */
@QuarkusTest
class DeploymentIngestionTest extends AggregatorTestBase {

    private static final LocalDate DAY_A = LocalDate.parse("2026-02-10");
    private static final LocalDate DAY_B = LocalDate.parse("2026-02-12");
    private static final Instant A_NOON = Instant.parse("2026-02-10T12:00:00Z");
    private static final Instant B_NOON = Instant.parse("2026-02-12T12:00:00Z");

    private static long countOn(LocalDate day, UUID connection) {
        return count(day + "T00:00:00Z", day.plusDays(1) + "T00:00:00Z", "connection", connection.toString());
    }

    @Test
    void aVersionCountsOnceEvenWhenRedelivered() throws Exception {
        UUID connection = UUID.randomUUID();
        sendDeployment(connection, "d1", 1, deployment("checkout", "production", "backend", A_NOON));
        sendDeployment(connection, "d1", 1, deployment("checkout", "production", "backend", A_NOON));
        awaitDeploymentsConsumed();

        assertEquals(1, countOn(DAY_A, connection));
        // a window with ragged edges is answered from the raw rows: the same answer
        assertEquals(1, count("2026-02-10T06:00:00Z", "2026-02-10T18:00:00Z", "connection", connection.toString()));
        assertEquals(Map.of(DAY_A, 1L), rollup(connection));
        assertEquals(1L, deploymentRow(connection, "d1").get("version"));

        // the same record once more, later: still once
        sendDeployment(connection, "d1", 1, deployment("checkout", "production", "backend", A_NOON));
        awaitDeploymentsConsumed();
        assertEquals(1, countOn(DAY_A, connection));
        assertEquals(Map.of(DAY_A, 1L), rollup(connection));
    }

    @Test
    void aNewerVersionMovesTheCountAndAnOlderOneArrivingLateIsIgnored() throws Exception {
        UUID connection = UUID.randomUUID();
        sendDeployment(connection, "d1", 1, deployment("checkout", "production", "backend", A_NOON));
        await().atMost(WAIT).until(() -> countOn(DAY_A, connection) == 1);

        // v2: finished two days later
        sendDeployment(connection, "d1", 2, deployment("checkout", "production", "backend", A_NOON, B_NOON));
        await().atMost(WAIT).until(() -> countOn(DAY_B, connection) == 1);
        assertEquals(0, countOn(DAY_A, connection));
        assertEquals(Map.of(DAY_B, 1L), rollup(connection));
        // the emptied rollup row of day A is no deployment day
        JsonPath month = summary("2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", "connection", connection.toString());
        assertEquals(1, month.getLong("deploymentFrequency.count"));
        assertEquals(1, month.getLong("deploymentFrequency.deploymentDays"));

        // v1 again, after v2 (out of order): ignored
        sendDeployment(connection, "d1", 1, deployment("checkout", "production", "backend", A_NOON));
        awaitDeploymentsConsumed();
        assertEquals(0, countOn(DAY_A, connection));
        assertEquals(1, countOn(DAY_B, connection));
        assertEquals(Map.of(DAY_B, 1L), rollup(connection));
        Map<String, Object> row = deploymentRow(connection, "d1");
        assertEquals(2L, row.get("version"));
        assertEquals(B_NOON, row.get("window_at"));
    }

    @Test
    void aNewerVersionMovesTheCountBetweenServices() throws Exception {
        UUID connection = UUID.randomUUID();
        String c = connection.toString();
        sendDeployment(connection, "d1", 1, deployment("checkout", "production", "backend", A_NOON));
        await().atMost(WAIT).until(() -> count("2026-02-10T00:00:00Z", "2026-02-11T00:00:00Z", "connection", c, "service", "checkout") == 1);

        sendDeployment(connection, "d1", 2, deployment("cart", "staging", "frontend", A_NOON));
        await().atMost(WAIT).until(() -> count("2026-02-10T00:00:00Z", "2026-02-11T00:00:00Z", "connection", c, "service", "cart") == 1);
        assertEquals(0, count("2026-02-10T00:00:00Z", "2026-02-11T00:00:00Z", "connection", c, "service", "checkout"));
        assertEquals(0, count("2026-02-10T00:00:00Z", "2026-02-11T00:00:00Z", "connection", c, "env", "production"));
        assertEquals(1, count("2026-02-10T00:00:00Z", "2026-02-11T00:00:00Z", "connection", c, "team", "frontend"));
        assertEquals(1, countOn(DAY_A, connection));
    }

    @Test
    void aTombstoneDeletesAndOnlyANewerVersionRecreates() throws Exception {
        UUID connection = UUID.randomUUID();
        sendDeployment(connection, "d1", 1, deployment("checkout", "production", "backend", A_NOON));
        sendDeployment(connection, "d1", 2, deployment("checkout", "production", "backend", A_NOON.plusSeconds(60)));
        await().atMost(WAIT).until(() -> {
            Map<String, Object> row = deploymentRow(connection, "d1");
            return row != null && (Long) row.get("version") == 2L;
        });
        assertEquals(1, countOn(DAY_A, connection));

        // v3: deleted in Datadog
        sendDeploymentTombstone(connection, "d1", 3);
        await().atMost(WAIT).until(() -> countOn(DAY_A, connection) == 0);
        Map<String, Object> row = deploymentRow(connection, "d1");
        assertNotNull(row, "a deleted event keeps its row");
        assertEquals(3L, row.get("version"));
        assertEquals(true, row.get("deleted"));
        assertEquals(Map.of(), rollup(connection));
        assertEquals(0, count("2026-02-10T06:00:00Z", "2026-02-10T18:00:00Z", "connection", connection.toString()));

        // v2 again, after the tombstone: no resurrection
        sendDeployment(connection, "d1", 2, deployment("checkout", "production", "backend", A_NOON.plusSeconds(60)));
        awaitDeploymentsConsumed();
        assertEquals(0, countOn(DAY_A, connection));
        assertEquals(0, count("2026-02-10T06:00:00Z", "2026-02-10T18:00:00Z", "connection", connection.toString()));
        assertEquals(3L, deploymentRow(connection, "d1").get("version"));
        assertEquals(Map.of(), rollup(connection));

        // the tombstone redelivered: nothing changes (and the rollup does not go negative)
        sendDeploymentTombstone(connection, "d1", 3);
        awaitDeploymentsConsumed();
        assertEquals(Map.of(), rollup(connection));

        // v4: re-created (on another day)
        sendDeployment(connection, "d1", 4, deployment("checkout", "production", "backend", B_NOON));
        await().atMost(WAIT).until(() -> countOn(DAY_B, connection) == 1);
        assertEquals(0, countOn(DAY_A, connection));
        row = deploymentRow(connection, "d1");
        assertEquals(4L, row.get("version"));
        assertEquals(false, row.get("deleted"));
        assertEquals(Map.of(DAY_B, 1L), rollup(connection));
    }

    @Test
    void aTombstoneOfAnUnknownEventKeepsItDeleted() throws Exception {
        UUID connection = UUID.randomUUID();
        sendDeploymentTombstone(connection, "d1", 2);
        sendDeployment(connection, "d1", 1, deployment("checkout", "production", "backend", A_NOON));
        awaitDeploymentsConsumed();
        assertEquals(0, countOn(DAY_A, connection));
        assertEquals(true, deploymentRow(connection, "d1").get("deleted"));
        assertEquals(Map.of(), rollup(connection));
    }

    @Test
    void aDeploymentWithoutFinishIsPlacedByItsStart() throws Exception {
        UUID connection = UUID.randomUUID();
        sendDeployment(connection, "running", 1, deployment("checkout", "production", "backend", A_NOON, null));
        await().atMost(WAIT).until(() -> countOn(DAY_A, connection) == 1);
        // finished just after midnight: belongs to the next day
        sendDeployment(connection, "running", 2,
                deployment("checkout", "production", "backend", A_NOON, Instant.parse("2026-02-11T00:00:05Z")));
        await().atMost(WAIT).until(() -> countOn(DAY_A.plusDays(1), connection) == 1);
        assertEquals(0, countOn(DAY_A, connection));
    }
}
