package io.dorastream.aggregator.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.dorastream.events.Stream;
import io.dorastream.events.Topics;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The consumer records the position a batch reached on each partition ({@code event_position}) in the
 * batch's own transaction; a batch of dead letters only still advances it; a batch applied record by
 * record records it once, after them. Which transaction wrote what is logged by triggers for the length
 * of each test ({@code txid_current()} of every committed write to the events and to the position).
 */
@QuarkusTest
class AppliedPositionTest extends AggregatorTestBase {

    private static final Instant NOON = Instant.parse("2026-02-15T12:00:00Z");
    private static final String[] LOGGED = { "deployment", "incident", "event_position" };

    @BeforeEach
    void logWrites() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS position_test_log (tbl text NOT NULL, txid bigint NOT NULL,"
                    + " connection_id uuid, event_id text, stream text, partition int, next_offset bigint)");
            s.execute("TRUNCATE position_test_log");
            s.execute("CREATE OR REPLACE FUNCTION position_test_log_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " INSERT INTO position_test_log (tbl, txid, connection_id, event_id)"
                    + " VALUES (TG_TABLE_NAME, txid_current(), NEW.connection_id, NEW.event_id); RETURN NULL; END $$");
            s.execute("CREATE OR REPLACE FUNCTION position_test_log_position() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " INSERT INTO position_test_log (tbl, txid, stream, partition, next_offset)"
                    + " VALUES (TG_TABLE_NAME, txid_current(), NEW.stream, NEW.partition, NEW.next_offset); RETURN NULL; END $$");
            for (String table : LOGGED) {
                s.execute("DROP TRIGGER IF EXISTS position_test_log ON " + table);
                s.execute("CREATE TRIGGER position_test_log AFTER INSERT OR UPDATE ON " + table
                        + " FOR EACH ROW EXECUTE FUNCTION position_test_log_"
                        + (table.equals("event_position") ? "position" : "event") + "()");
            }
        }
    }

    @AfterEach
    void stopLogging() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : LOGGED) {
                s.execute("DROP TRIGGER IF EXISTS position_test_log ON " + table);
            }
            s.execute("DROP FUNCTION IF EXISTS position_test_log_event(), position_test_log_position()");
            s.execute("DROP TABLE IF EXISTS position_test_log");
        }
    }

    /** The transaction that wrote an event (its only write while logged). */
    private long eventTransaction(String table, UUID connection, String eventId) throws SQLException {
        return queryLong("SELECT txid FROM position_test_log WHERE tbl = ? AND connection_id = ? AND event_id = ?", table,
                connection, eventId);
    }

    /** How many committed transactions set the position of a stream on a partition to {@code next} (by {@code txid}; -1: any). */
    private long positionWrites(Stream stream, int partition, long next, long txid) throws SQLException {
        return queryLong("SELECT count(*) FROM position_test_log WHERE tbl = 'event_position' AND stream = ? AND partition = ?"
                + " AND next_offset = ? AND (? < 0 OR txid = ?)", stream.id(), partition, next, txid, txid);
    }

    private long position(Stream stream, int partition) throws SQLException {
        return queryLong("SELECT coalesce(max(next_offset), -1) FROM event_position WHERE stream = ? AND partition = ?",
                stream.id(), partition);
    }

    @Test
    void aDeploymentBatchRecordsItsPositionInItsOwnTransaction() throws Exception {
        UUID x = UUID.randomUUID();
        awaitDeploymentsConsumed();
        sendDeployment(x, "d1", 1, deployment("api", "production", null, NOON));
        RecordMetadata last = sendDeployment(x, "d2", 1, deployment("api", "production", null, NOON.plusSeconds(60)));
        await().atMost(WAIT).until(() -> deploymentRow(x, "d2") != null);
        // the moment the last record is visible, the position past it is committed too: in the same transaction
        assertEquals(1, positionWrites(Stream.DEPLOYMENTS, last.partition(), last.offset() + 1,
                eventTransaction("deployment", x, "d2")));
        assertEquals(last.offset() + 1, position(Stream.DEPLOYMENTS, last.partition()));
    }

    @Test
    void anIncidentBatchRecordsItsPositionInItsOwnTransaction() throws Exception {
        UUID x = UUID.randomUUID();
        awaitIncidentsConsumed();
        RecordMetadata last = sendIncident(x, "i1", 1, incident("api", NOON, null));
        await().atMost(WAIT).until(() -> incidentRow(x, "i1") != null);
        assertEquals(1, positionWrites(Stream.FAILURES, last.partition(), last.offset() + 1, eventTransaction("incident", x, "i1")));
        assertEquals(last.offset() + 1, position(Stream.FAILURES, last.partition()));
    }

    @Test
    void aBatchOfDeadLettersOnlyStillAdvancesThePositionAndAppliesTheWatermarksWaitingForIt() throws Exception {
        UUID x = UUID.randomUUID();
        awaitDeploymentsConsumed();
        send(Topics.DEPLOYMENTS, x + ":bad-1", utf8("{not json"), headers(Stream.DEPLOYMENTS, x, "bad-1", 1, false));
        RecordMetadata last = send(Topics.DEPLOYMENTS, x + ":bad-2", utf8("{not json either"),
                headers(Stream.DEPLOYMENTS, x, "bad-2", 1, false));
        long end = last.offset() + 1;
        sendWatermark(x, "deployments", NOON, Map.of(last.partition(), end));
        await().atMost(WAIT).until(() -> position(Stream.DEPLOYMENTS, last.partition()) == end);
        await().atMost(WAIT).until(() -> rowCount("sync_watermark", x) == 1);
        awaitDeadLetters(Topics.dlq(Topics.DEPLOYMENTS), Set.of(x + ":bad-1", x + ":bad-2"));
        assertEquals(0, rowCount("deployment", x));
    }

    @Test
    void aBatchAppliedRecordByRecordRecordsItsPositionOnceAfterThem() throws Exception {
        UUID x = UUID.randomUUID();
        awaitDeploymentsConsumed();
        sendDeployment(x, "good", 1, deployment("api", "production", null, NOON));
        // readable, but PostgreSQL refuses it (NUL in text): its batch fails and is applied one record at a time
        RecordMetadata last = sendDeployment(x, "rejected", 1, deployment("a\u0000pi", "production", null, NOON));
        long end = last.offset() + 1;
        await().atMost(WAIT).until(() -> position(Stream.DEPLOYMENTS, last.partition()) == end);
        awaitDeadLetters(Topics.dlq(Topics.DEPLOYMENTS), Set.of(x + ":rejected"));
        assertNull(deploymentRow(x, "rejected"));
        assertNotNull(deploymentRow(x, "good"));
        // whether "good" came in the same batch or one of its own: the batch's end is recorded once, by a
        // transaction that wrote no event (the failed attempt's write rolled back with it)
        assertEquals(1, positionWrites(Stream.DEPLOYMENTS, last.partition(), end, -1));
        assertEquals(0, queryLong("SELECT count(*) FROM position_test_log p WHERE p.tbl = 'event_position' AND p.next_offset = ?"
                + " AND EXISTS (SELECT 1 FROM position_test_log e WHERE e.txid = p.txid AND e.tbl = 'deployment')", end));
    }
}
