package io.dorastream.events;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The Kafka key of an event record: {@code <connectionId>:<datadogEventId>}. The connection id is a
 * UUID (it never contains {@code :}), so the key is split on its <em>first</em> colon: Datadog ids
 * may themselves contain colons.
 */
public record EventKey(UUID connectionId, String eventId) {

    /** The canonical text of a UUID, as {@link UUID#toString()} writes it (and so as every key holds it). */
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public EventKey {
        Objects.requireNonNull(connectionId, "connectionId");
        if (eventId == null || eventId.isEmpty()) {
            throw new IllegalArgumentException("eventId must not be empty");
        }
    }

    /**
     * Splits a key on its first colon. The connection id must be in the canonical lower-case form
     * {@link UUID#toString()} writes, so that {@code parse(key).toString().equals(key)} always holds
     * (a key is also the compaction identity: two spellings of one UUID would be two events).
     *
     * @throws IllegalArgumentException for a malformed key
     */
    public static EventKey parse(String key) {
        int colon = key == null ? -1 : key.indexOf(':');
        if (colon <= 0 || colon == key.length() - 1) {
            throw new IllegalArgumentException("malformed event key '" + key + "': expected <connectionId>:<eventId>");
        }
        String connection = key.substring(0, colon);
        if (!CANONICAL_UUID.matcher(connection).matches()) {
            // UUID.fromString alone would accept e.g. "1-2-3-4-5" and upper case, which do not round-trip
            throw new IllegalArgumentException("malformed event key '" + key + "': '" + connection
                    + "' is not a lower-case UUID");
        }
        return new EventKey(UUID.fromString(connection), key.substring(colon + 1));
    }

    @Override
    public String toString() {
        return connectionId + ":" + eventId;
    }
}
