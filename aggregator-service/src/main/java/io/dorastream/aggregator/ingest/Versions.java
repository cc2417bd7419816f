package io.dorastream.aggregator.ingest;

import java.util.OptionalLong;

/**
 * The exactly-once rule of the event streams, for every stream the aggregator stores: a version not
 * newer than the stored one is dropped (redelivery, duplicate, out of order); a tombstone without a
 * version deletes whatever is stored (keeping its version, 0 for an event never seen).
 */
final class Versions {

    private Versions() {
    }

    /**
     * The version to store for a record, or empty to drop it.
     *
     * @param tombstone whether the record deletes the event
     * @param version   the record's version, -1 when unknown (only a tombstone may lack one)
     * @param stored    the stored version, null when the event was never stored
     */
    static OptionalLong toApply(boolean tombstone, long version, Long stored) {
        if (tombstone && version < 0) {
            return OptionalLong.of(stored == null ? 0 : stored);
        }
        if (stored != null && version <= stored) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(version);
    }
}
