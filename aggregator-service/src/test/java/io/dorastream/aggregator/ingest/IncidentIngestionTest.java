package io.dorastream.aggregator.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.quarkus.test.junit.QuarkusTest;

/** Failure (incident) versions reach the {@code incident} table with exactly-once effect; a tombstone deletes. */
@QuarkusTest
class IncidentIngestionTest extends AggregatorTestBase {

    private static final Instant STARTED = Instant.parse("2026-02-20T08:00:00Z");
    private static final Instant FINISHED = Instant.parse("2026-02-20T09:30:00Z");

    @Test
    void versionsAreStoredAndATombstoneDeletes() throws Exception {
        UUID connection = UUID.randomUUID();
        sendIncident(connection, "i:1", 1, incident("checkout", STARTED, null));
        await().atMost(WAIT).until(() -> incidentRow(connection, "i:1") != null);
        Map<String, Object> row = incidentRow(connection, "i:1");
        assertEquals(1L, row.get("version"));
        assertEquals(false, row.get("deleted"));
        assertEquals(List.of("checkout"), row.get("services"));
        assertEquals(STARTED, row.get("started_at"));
        assertNull(row.get("finished_at"));
        assertTrue(((String) row.get("event")).contains("Checkout returns 500"), "the normalized event is kept");

        // v2: the failure is restored; v1 redelivered afterwards changes nothing
        sendIncident(connection, "i:1", 2, incident("checkout", STARTED, FINISHED));
        sendIncident(connection, "i:1", 1, incident("checkout", STARTED, null));
        awaitIncidentsConsumed();
        row = incidentRow(connection, "i:1");
        assertEquals(2L, row.get("version"));
        assertEquals(FINISHED, row.get("finished_at"));

        // v3: deleted
        sendIncidentTombstone(connection, "i:1", 3);
        await().atMost(WAIT).until(() -> Boolean.TRUE.equals(incidentRow(connection, "i:1").get("deleted")));
        row = incidentRow(connection, "i:1");
        assertEquals(3L, row.get("version"));
        assertNull(row.get("services"));
        assertNull(row.get("started_at"));

        // an older version after the tombstone does not resurrect it
        sendIncident(connection, "i:1", 2, incident("checkout", STARTED, FINISHED));
        awaitIncidentsConsumed();
        row = incidentRow(connection, "i:1");
        assertNotNull(row);
        assertEquals(3L, row.get("version"));
        assertEquals(true, row.get("deleted"));
        assertEquals(1, rowCount("incident", connection));
    }
}
