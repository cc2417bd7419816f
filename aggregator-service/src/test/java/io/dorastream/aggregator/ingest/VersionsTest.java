package io.dorastream.aggregator.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/** The exactly-once rule every stored stream follows. */
class VersionsTest {

    @Test
    void onlyANewerVersionIsApplied() {
        assertEquals(OptionalLong.of(1), Versions.toApply(false, 1, null), "first version of an event");
        assertEquals(OptionalLong.of(3), Versions.toApply(false, 3, 2L));
        assertEquals(OptionalLong.empty(), Versions.toApply(false, 2, 2L), "redelivery");
        assertEquals(OptionalLong.empty(), Versions.toApply(false, 1, 2L), "older, arriving late");
        assertEquals(OptionalLong.of(3), Versions.toApply(true, 3, 2L), "a newer tombstone");
        assertEquals(OptionalLong.empty(), Versions.toApply(true, 2, 2L), "a tombstone not newer");
    }

    @Test
    void aTombstoneWithoutVersionDeletesWhatIsStored() {
        assertEquals(OptionalLong.of(4), Versions.toApply(true, -1, 4L), "keeps the stored version");
        assertEquals(OptionalLong.of(0), Versions.toApply(true, -1, null), "an event never seen");
    }
}
