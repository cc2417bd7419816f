package io.dorastream.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The value of a record on {@link Topics#SYNC}, key {@code <connectionId>:<stream>}: every event of
 * the stream that started before {@code watermark} has been published. {@code offsets} (schema
 * version 2; null from older producers) maps each partition of the stream's event topic to the offset
 * just past the last record the connector had published there when it wrote the watermark: a
 * consumer whose position on every listed partition has reached that offset holds every event the
 * watermark covers. A record without a value (tombstone) on a key retires the stream: the connection
 * was deleted or purged, or cannot read the stream; no watermark of it follows until it can.
 */
public record SyncWatermark(
        UUID connectionId,
        String stream,
        Instant watermark,
        Instant observedAt,
        int schemaVersion,
        Map<Integer, Long> offsets) {

    /** The schema version of the watermarks this jar writes (2: {@code offsets} added). */
    public static final int SCHEMA_VERSION = 2;

    public SyncWatermark {
        offsets = offsets == null ? null : Map.copyOf(offsets);
    }

    /** A watermark without offsets (schema version 1). */
    public SyncWatermark(UUID connectionId, String stream, Instant watermark, Instant observedAt, int schemaVersion) {
        this(connectionId, stream, watermark, observedAt, schemaVersion, null);
    }

    public String key() {
        return key(connectionId, stream);
    }

    /** The key of a connection's stream on {@link Topics#SYNC}. */
    public static String key(UUID connectionId, String stream) {
        return connectionId + ":" + stream;
    }
}
