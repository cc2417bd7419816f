package io.dorastream.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Builds and reads the headers every event record carries. */
public final class EventRecords {

    private EventRecords() {
    }

    /** Headers of one version of an event; {@code deleted} for a tombstone. */
    public static Headers headers(Stream stream, UUID connectionId, String eventId, String site, long version,
            Instant time, boolean deleted) {
        EventKey key = new EventKey(connectionId, eventId);
        String type = stream == Stream.DEPLOYMENTS ? EventHeaders.CE_TYPE_DEPLOYMENT : EventHeaders.CE_TYPE_INCIDENT;
        RecordHeaders headers = new RecordHeaders();
        add(headers, EventHeaders.VERSION, Long.toString(version));
        add(headers, EventHeaders.SCHEMA_VERSION, Integer.toString(EventEnvelope.SCHEMA_VERSION));
        add(headers, EventHeaders.CE_ID, EventHeaders.ceId(key, version));
        add(headers, EventHeaders.CE_TYPE, deleted ? type + EventHeaders.CE_TYPE_DELETED_SUFFIX : type);
        add(headers, EventHeaders.CE_SOURCE, EventHeaders.source(connectionId, site));
        add(headers, EventHeaders.CE_TIME, time.toString());
        add(headers, EventHeaders.CE_SPECVERSION, EventHeaders.SPEC_VERSION);
        return headers;
    }

    /** The event version a record carries in its header, or -1 when it has none. */
    public static long version(Headers headers) {
        String v = text(headers, EventHeaders.VERSION);
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A header's value as UTF-8 text (the last one of that name), or null. */
    public static String text(Headers headers, String name) {
        Header h = headers == null ? null : headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
