package io.dorastream.aggregator.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.RecordMetadata;

import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.dorastream.events.Stream;
import io.dorastream.events.Topics;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code dataAsOf} is the oldest watermark of the streams of the connections in scope, never moves back,
 * is null while a stream in scope has none, waits for the events a watermark covers, and leaves
 * retired connections out.
 */
@QuarkusTest
class WatermarkTest extends AggregatorTestBase {

    private static final Instant T0900 = Instant.parse("2026-03-01T09:00:00Z");
    private static final Instant T1000 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant T1100 = Instant.parse("2026-03-01T11:00:00Z");
    private static final Instant T1200 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant T1300 = Instant.parse("2026-03-01T13:00:00Z");

    private static Instant dataAsOf(UUID... connections) {
        String[] filters = new String[connections.length * 2];
        for (int i = 0; i < connections.length; i++) {
            filters[2 * i] = "connection";
            filters[2 * i + 1] = connections[i].toString();
        }
        String s = summary("2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", filters).getString("dataAsOf");
        return s == null ? null : Instant.parse(s);
    }

    @Test
    void dataAsOfIsTheOldestWatermarkAndNeverMovesBack() throws Exception {
        UUID x = UUID.randomUUID();
        UUID y = UUID.randomUUID();
        sendWatermark(x, "deployments", T1200);
        sendWatermark(x, "failures", T1100);
        sendWatermark(y, "deployments", T1000);
        await().atMost(WAIT).until(() -> rowCount("sync_watermark", x) == 2 && rowCount("sync_watermark", y) == 1);

        assertEquals(T1100, dataAsOf(x));
        // y has no watermark of its failures yet: nothing is promised about it
        assertNull(dataAsOf(y));
        assertNull(dataAsOf(x, y));
        sendWatermark(y, "failures", T1300);
        await().atMost(WAIT).until(() -> T1000.equals(dataAsOf(y)));
        assertEquals(T1000, dataAsOf(x, y));

        // the same watermark again changes nothing; an older one arriving late does not move it back
        sendWatermark(x, "failures", T1100);
        sendWatermark(x, "failures", T0900);
        awaitWatermarksConsumed();
        assertEquals(T1100, dataAsOf(x));
        assertEquals(T1000, dataAsOf(x, y));

        // a newer one moves it forward: now the deployments stream is the oldest
        sendWatermark(x, "failures", T1300);
        await().atMost(WAIT).until(() -> T1200.equals(dataAsOf(x)));
        assertEquals(T1000, dataAsOf(x, y));
    }

    @Test
    void aWatermarkTheDatabaseRefusesIsSkippedAndLaterOnesStillApply() throws Exception {
        UUID x = UUID.randomUUID();
        sendWatermark(x, "deploy\u0000ments", T1000); // readable JSON, but PostgreSQL refuses NUL in text
        sendWatermark(x, "failures", Instant.parse("+300000-01-01T00:00:00Z")); // beyond timestamptz
        sendWatermark(x, "deployments", T1200);
        sendWatermark(x, "failures", T1300);
        await().atMost(WAIT).until(() -> T1200.equals(dataAsOf(x)));
        assertEquals(2, rowCount("sync_watermark", x));
    }

    @Test
    void aWatermarkAppliesOnlyOnceTheEventsItCoversAreApplied() throws Exception {
        UUID x = UUID.randomUUID();
        sendWatermark(x, "failures", T1300, Map.of());
        // where the connector's next two deployment records will go (one partition in tests)
        RecordMetadata before = send(Topics.DEPLOYMENTS, x + ":probe", null, headers(Stream.DEPLOYMENTS, x, "probe", 1, true));
        long end = before.offset() + 1;
        // the watermark arrives before the two records it covers
        sendWatermark(x, "deployments", T1200, Map.of(before.partition(), end + 2));
        awaitWatermarksConsumed();
        assertNull(dataAsOf(x), "the deployments the watermark covers are not applied yet");
        sendDeployment(x, "d1", 1, deployment("api", "production", null, Instant.parse("2026-02-10T10:00:00Z")));
        sendDeployment(x, "d2", 1, deployment("api", "production", null, Instant.parse("2026-02-11T10:00:00Z")));
        await().atMost(WAIT).until(() -> T1200.equals(dataAsOf(x)));
        assertEquals(2, count("2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", "connection", x.toString()));

        // a later watermark listing another partition's offsets waits for those too, and one after it
        // (listing nothing) waits for it: watermarks of a key apply in order
        sendWatermark(x, "deployments", T1300, Map.of(before.partition(), end + 3));
        sendWatermark(x, "deployments", Instant.parse("2026-03-01T14:00:00Z"), Map.of());
        awaitWatermarksConsumed();
        assertEquals(T1200, dataAsOf(x));
        sendDeployment(x, "d3", 1, deployment("api", "production", null, Instant.parse("2026-02-12T10:00:00Z")));
        await().atMost(WAIT).until(() -> T1300.equals(dataAsOf(x)));
    }

    @Test
    void aRetiredConnectionLeavesTheDataAsOfScopeAndItsEventsStillCount() throws Exception {
        UUID kept = UUID.randomUUID();
        UUID gone = UUID.randomUUID();
        sendDeployment(gone, "d1", 1, deployment("api", "production", null, Instant.parse("2026-02-10T10:00:00Z")));
        awaitDeploymentsConsumed();
        for (String stream : new String[] { "deployments", "failures" }) {
            sendWatermark(kept, stream, T1200);
            sendWatermark(gone, stream, T1000);
        }
        await().atMost(WAIT).until(() -> T1000.equals(dataAsOf(kept, gone)));

        sendRetirement(gone, "deployments");
        sendRetirement(gone, "failures");
        await().atMost(WAIT).until(() -> T1200.equals(dataAsOf(kept, gone)));
        assertEquals(1, count("2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", "connection", gone.toString(), "connection",
                kept.toString()));
        // a later watermark brings a retired stream back (a stream found readable again)
        sendWatermark(gone, "failures", T1100);
        await().atMost(WAIT).until(() -> T1100.equals(dataAsOf(gone)));
        assertEquals(T1100, dataAsOf(kept, gone));
    }
}
