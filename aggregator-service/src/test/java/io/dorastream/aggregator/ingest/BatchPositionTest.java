package io.dorastream.aggregator.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.dorastream.events.EventKey;
import io.dorastream.events.Stream;
import io.dorastream.events.SyncWatermark;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A batch records the position it reached on the topic ({@code event_position}) in its own transaction:
 * it commits with the batch's events and rolls back with them. The stores are called directly, on
 * partitions from 1000 up that the module's one-partition topics never use, so the consumer cannot
 * touch them (and partition numbers of four digits and more are covered).
 */
@QuarkusTest
class BatchPositionTest extends AggregatorTestBase {

    private static final Instant NOON = Instant.parse("2026-02-15T12:00:00Z");

    @Inject
    DeploymentStore deployments;

    @Inject
    IncidentStore incidents;

    @Inject
    WatermarkStore watermarks;

    private static DeploymentStore.Change deploymentChange(UUID connection, String eventId, String service) {
        return new DeploymentStore.Change(new EventKey(connection, eventId), 1,
                envelope(connection, eventId, 1, deployment(service, "production", "backend", NOON)));
    }

    private static IncidentStore.Change incidentChange(UUID connection, String eventId, String service) {
        return new IncidentStore.Change(new EventKey(connection, eventId), 1,
                envelope(connection, eventId, 1, incident(service, NOON, NOON.plusSeconds(600))));
    }

    /** The stored position of a stream on a partition; -1 when none. */
    private long position(Stream stream, int partition) throws SQLException {
        return queryLong("SELECT coalesce(max(next_offset), -1) FROM event_position WHERE stream = ? AND partition = ?",
                stream.id(), partition);
    }

    /** The first of two partition numbers, from 1000 up, that no test used yet. */
    private int freshPartitions() throws SQLException {
        return (int) Math.max(1000, queryLong("SELECT coalesce(max(partition), 0) + 1 FROM event_position"));
    }

    @Test
    void anAppliedBatchRecordsItsEndOnEveryPartitionItTouched() throws Exception {
        UUID x = UUID.randomUUID();
        int p = freshPartitions();
        assertEquals(2, deployments.apply(List.of(deploymentChange(x, "d1", "api"), deploymentChange(x, "d2", "api")),
                Map.of(p, 10L, p + 1, 3L)));
        assertNotNull(deploymentRow(x, "d1"));
        assertEquals(10, position(Stream.DEPLOYMENTS, p));
        assertEquals(3, position(Stream.DEPLOYMENTS, p + 1));
        assertEquals(-1, position(Stream.FAILURES, p), "the other stream's position is its own");

        assertEquals(1, incidents.apply(List.of(incidentChange(x, "i1", "api")), Map.of(p, 7L)));
        assertNotNull(incidentRow(x, "i1"));
        assertEquals(7, position(Stream.FAILURES, p));
        assertEquals(10, position(Stream.DEPLOYMENTS, p));

        // a batch whose records were all dead-lettered changes nothing and still advances the position
        assertEquals(0, deployments.apply(List.of(), Map.of(p, 12L)));
        assertEquals(12, position(Stream.DEPLOYMENTS, p));
        assertEquals(0, incidents.apply(List.of(), Map.of(p + 1, 4L)));
        assertEquals(4, position(Stream.FAILURES, p + 1));
        // a position never moves back (a batch delivered again)
        assertEquals(0, deployments.apply(List.of(deploymentChange(x, "d1", "api")), Map.of(p, 5L)));
        assertEquals(12, position(Stream.DEPLOYMENTS, p));
        // applied one record at a time (the consumer's fallback): no position until the batch's end
        assertEquals(1, deployments.apply(List.of(deploymentChange(x, "d3", "api")), Map.of()));
        assertEquals(12, position(Stream.DEPLOYMENTS, p));
    }

    @Test
    void aFailingBatchLeavesTheEventsAndThePositionAsTheyWere() throws Exception {
        UUID x = UUID.randomUUID();
        int p = freshPartitions();
        deployments.apply(List.of(deploymentChange(x, "d1", "api")), Map.of(p, 5L));
        incidents.apply(List.of(incidentChange(x, "i1", "api")), Map.of(p, 6L));

        // readable, but PostgreSQL refuses NUL in text: the whole transaction rolls back
        Map<Integer, Long> end = Map.of(p, 9L, p + 1, 2L);
        assertThrows(IllegalStateException.class, () -> deployments.apply(
                List.of(deploymentChange(x, "d2", "api"), deploymentChange(x, "d3", "a\u0000pi")), end));
        assertThrows(IllegalStateException.class, () -> incidents.apply(
                List.of(incidentChange(x, "i2", "api"), incidentChange(x, "i3", "a\u0000pi")), end));
        assertEquals(1, rowCount("deployment", x), "d1 only");
        assertEquals(1, rowCount("incident", x), "i1 only");
        assertEquals(5, position(Stream.DEPLOYMENTS, p));
        assertEquals(6, position(Stream.FAILURES, p));
        assertEquals(-1, Math.max(position(Stream.DEPLOYMENTS, p + 1), position(Stream.FAILURES, p + 1)));
    }

    @Test
    void aWatermarkWaitingForABatchIsAppliedInTheBatchsTransaction() throws Exception {
        UUID x = UUID.randomUUID();
        int p = freshPartitions();
        Instant watermark = Instant.parse("2026-03-01T12:00:00Z");
        watermarks.apply(new SyncWatermark(x, "deployments", watermark, Instant.now(), SyncWatermark.SCHEMA_VERSION,
                Map.of(p, 3L, p + 1, 2L)));
        assertEquals(0, rowCount("sync_watermark", x), "its events are not applied yet");

        deployments.apply(List.of(deploymentChange(x, "d1", "api")), Map.of(p, 3L));
        assertEquals(0, rowCount("sync_watermark", x), "partition " + (p + 1) + " is not there yet");
        assertThrows(IllegalStateException.class,
                () -> deployments.apply(List.of(deploymentChange(x, "d2", "a\u0000pi")), Map.of(p + 1, 2L)));
        assertEquals(0, rowCount("sync_watermark", x), "a batch rolled back promotes nothing");

        deployments.apply(List.of(deploymentChange(x, "d2", "api")), Map.of(p + 1, 2L));
        assertEquals(1, rowCount("sync_watermark", x), "promoted by the batch's own transaction");
        assertEquals(0, rowCount("sync_watermark_pending", x));
    }
}
