package io.dorastream.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The value of a record on {@link Topics#SYNC}, key {@code <connectionId>:<stream>}: every event of
 * the stream that started before {@code watermark} has been published.
 */
public record SyncWatermark(
        UUID connectionId,
        String stream,
        Instant watermark,
        Instant observedAt,
        int schemaVersion) {

    public String key() {
        return connectionId + ":" + stream;
    }
}
