package io.dorastream.aggregator.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.quarkus.test.junit.QuarkusTest;

/** {@code dataAsOf} is the oldest watermark of the connections filtered, and never moves back. */
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
        assertEquals(T1000, dataAsOf(y));
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
        await().atMost(WAIT).until(() -> T1200.equals(dataAsOf(x)));
        assertEquals(1, rowCount("sync_watermark", x));
    }
}
