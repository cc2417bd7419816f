package io.dorastream.connector.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.dorastream.connector.config.ConnectorConfig.AuthorEmails;
import io.dorastream.connector.connection.ConnectionEntity;
import io.dorastream.connector.datadog.DatadogEventParser;
import io.dorastream.connector.datadog.DatadogEventParser.Parsed;
import io.dorastream.connector.messaging.EventPublisher;
import io.dorastream.connector.reading.WindowReader;
import io.dorastream.events.DoraJson;
import io.dorastream.events.EventEnvelope;
import io.dorastream.events.Stream;

/**
 * What one poll publishes and saves: versions by content hash, tombstones for the events a complete
 * read should have returned and did not, and the reads of one poll agreeing with each other. The
 * stored versions and the tombstone candidates are given by hand (the database's rule for them is
 * {@link EventVersionStore#missing}'s, tested with the sync tests); every expected version is
 * computed by hand.
 */
class PollSessionTest {

    private static final DatadogEventParser PARSER = new DatadogEventParser(AuthorEmails.DROP);
    private static final Instant NOW = Instant.parse("2026-01-10T00:00:00Z");
    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-01-02T00:00:00Z");
    private static final String STARTED = "\"service\":\"a\",\"started_at\":\"2026-01-01T10:00:00Z\"";
    private static final String FINISHED = STARTED + ",\"finished_at\":\"2026-01-01T10:05:00Z\"";

    private static Parsed parse(Stream stream, String id, String attributes) throws Exception {
        return PARSER.parse(stream, DoraJson.mapper().readTree("{\"id\":\"" + id + "\",\"attributes\":" + attributes + "}"));
    }

    private static boolean settled(Stream stream, String attributes) throws Exception {
        return PollSession.settled(parse(stream, "e1", attributes));
    }

    @Test
    void aDeploymentSettlesWithItsFinishAndVerdictAFailureWithItsFinish() throws Exception {
        assertFalse(settled(Stream.DEPLOYMENTS, "{" + STARTED + "}"), "no finished_at");
        assertFalse(settled(Stream.DEPLOYMENTS, "{" + FINISHED + ",\"change_failure\":null}"), "not evaluated yet");
        assertTrue(settled(Stream.DEPLOYMENTS, "{" + FINISHED + ",\"change_failure\":false}"));
        assertTrue(settled(Stream.DEPLOYMENTS, "{" + FINISHED + ",\"change_failure\":true}"));
        assertTrue(settled(Stream.DEPLOYMENTS, "{" + FINISHED + "}"), "an organisation without verdicts");
        assertFalse(settled(Stream.FAILURES, "{\"started_at\":\"2026-01-01T00:00:00Z\",\"services\":[\"a\"]}"), "open");
        assertTrue(settled(Stream.FAILURES, "{\"started_at\":\"2026-01-01T00:00:00Z\",\"finished_at\":\"2026-01-01T01:00:00Z\"}"));
    }

    @Test
    void aNewEventIsVersionOneAChangedOneTheNextAnUnchangedOneIsNotSent() throws Exception {
        Parsed fresh = parse(Stream.DEPLOYMENTS, "new", "{" + FINISHED + "}");
        Parsed changed = parse(Stream.DEPLOYMENTS, "changed", "{" + FINISHED + ",\"change_failure\":true}");
        Parsed same = parse(Stream.DEPLOYMENTS, "same", "{" + FINISHED + "}");
        Parsed settling = parse(Stream.DEPLOYMENTS, "settling", "{" + FINISHED + "}");
        Parsed revived = parse(Stream.DEPLOYMENTS, "revived", "{" + FINISHED + "}");
        Fixture f = new Fixture();
        f.versions.stored.put("changed", new EventVersionStore.Stored(3, "an older hash", false, finished(), true, false));
        f.versions.stored.put("same", new EventVersionStore.Stored(2, ContentHash.of(same.event(), same.raw()), false,
                finished(), true, false));
        // stored before settling was tracked: same content, but not marked settled
        f.versions.stored.put("settling", new EventVersionStore.Stored(5, ContentHash.of(settling.event(), settling.raw()),
                false, finished(), false, false));
        // tombstoned as version 4, back with its old content
        f.versions.stored.put("revived", new EventVersionStore.Stored(4, null, true, finished(), true, false));
        f.reads.add(result(List.of(fresh, changed, same, settling, revived)));

        PollSession session = f.session();
        session.read(FROM, TO, io.dorastream.connector.datadog.Priority.LIVE);

        assertEquals(Map.of("new", 1L, "changed", 4L, "revived", 5L), f.publisher.versions);
        assertEquals(List.of(), f.publisher.tombstones);
        // a row that only changes is kept at once, the sent ones once Kafka acknowledged them
        assertEquals(List.of("settling:5:row", "new:1:sent", "changed:4:sent", "revived:5:sent"), rows(session));
    }

    @Test
    void anEventTheRangeShouldHaveReturnedIsTombstonedWithTheNextVersion() throws Exception {
        Parsed kept = parse(Stream.DEPLOYMENTS, "kept", "{" + FINISHED + "}");
        Fixture f = new Fixture();
        f.versions.stored.put("kept", new EventVersionStore.Stored(1, ContentHash.of(kept.event(), kept.raw()), false,
                finished(), true, false));
        f.versions.missing.add(List.of(new EventVersionStore.Known("gone", 2, FROM.plusSeconds(60), null, false)));
        f.reads.add(new WindowReader.Result(List.of(kept), Set.of("unreadable-1"), null, 1));

        PollSession session = f.session();
        session.read(FROM, TO, io.dorastream.connector.datadog.Priority.LIVE);

        assertEquals(Set.of("kept", "unreadable-1"), f.versions.presentAsked.get(0),
                "an unreadable event counts as present: it is not taken for deleted");
        assertEquals(List.of("gone:3"), f.publisher.tombstones);
        assertEquals(List.of("gone:3:tombstone"), rows(session));
        assertEquals(Set.of("unreadable-1"), session.unreadable());
    }

    @Test
    void theReadsOfOnePollAgreeWithEachOther() throws Exception {
        Parsed first = parse(Stream.DEPLOYMENTS, "e1", "{" + FINISHED + "}");
        Parsed back = parse(Stream.DEPLOYMENTS, "e2", "{" + FINISHED + "}");
        Fixture f = new Fixture();
        // read 1 returns e1 (new) and misses e2 (stored v2) and e3 (stored v7)
        f.reads.add(result(List.of(first)));
        f.versions.missing.add(List.of(new EventVersionStore.Known("e2", 2, FROM, null, false),
                new EventVersionStore.Known("e3", 7, FROM, null, false)));
        // read 2 overlaps: e1 again, unchanged; e2 is back; the database (not saved yet) still calls e3 missing
        f.reads.add(result(List.of(first, back)));
        f.versions.missing.add(List.of(new EventVersionStore.Known("e3", 7, FROM, null, false)));
        f.versions.stored.put("e2", new EventVersionStore.Stored(2, ContentHash.of(back.event(), back.raw()), false,
                finished(), true, false));

        PollSession session = f.session();
        session.read(FROM, TO, io.dorastream.connector.datadog.Priority.LIVE);
        session.read(FROM.minusSeconds(3600), TO, io.dorastream.connector.datadog.Priority.LIVE);

        // e1: v1 once; e2: tombstone v3, then back as v4 (after this poll's own tombstone, not the stored v2);
        // e3: one tombstone v8
        assertEquals(List.of("e2:3", "e3:8"), f.publisher.tombstones);
        assertEquals(Map.of("e1", 1L, "e2", 4L), f.publisher.versions);
        assertEquals(List.of("e1:1:sent", "e2:3:tombstone", "e3:8:tombstone", "e2:4:sent"), rows(session));
    }

    @Test
    void aVersionSentButNeverSavedIsSentAgainUnderItsNumberWhenUnchangedAndTheNextWhenChanged() throws Exception {
        Parsed repeat = parse(Stream.DEPLOYMENTS, "repeat", "{" + FINISHED + "}");
        Parsed changed = parse(Stream.DEPLOYMENTS, "changed", "{" + FINISHED + ",\"change_failure\":false}");
        Fixture f = new Fixture();
        // reserved by a poll that died after sending (or before): unconfirmed rows
        f.versions.stored.put("repeat", new EventVersionStore.Stored(1, ContentHash.of(repeat.event(), repeat.raw()), false,
                finished(), true, true));
        f.versions.stored.put("changed", new EventVersionStore.Stored(1, "the hash of change_failure null", false, finished(),
                false, true));
        f.versions.missing.add(List.of(new EventVersionStore.Known("tombstoned", 3, FROM, null, true),
                new EventVersionStore.Known("vanished", 1, FROM, null, false)));
        f.reads.add(result(List.of(repeat, changed)));

        PollSession session = f.session();
        session.read(FROM, TO, io.dorastream.connector.datadog.Priority.LIVE);

        assertEquals(Map.of("repeat", 1L, "changed", 2L), f.publisher.versions);
        assertEquals(List.of("tombstoned:3", "vanished:2"), f.publisher.tombstones);
        assertEquals(List.of("repeat:1:sent", "changed:2:sent", "tombstoned:3:tombstone", "vanished:2:tombstone"),
                rows(session));
        assertEquals(List.of("repeat:1", "changed:2", "tombstoned:3", "vanished:2"), f.versions.reserved,
                "every version sent is reserved first (the fake publisher checks the order)");
    }

    @Test
    void nothingIsSentWhenTheReservationFailsAndNothingUnsentIsSaved() throws Exception {
        Parsed fresh = parse(Stream.DEPLOYMENTS, "new", "{" + FINISHED + "}");
        Fixture f = new Fixture();
        f.versions.refuseReservations = true;
        f.reads.add(result(List.of(fresh)));

        PollSession session = f.session();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> session.read(FROM, TO, io.dorastream.connector.datadog.Priority.LIVE));
        assertEquals(Map.of(), f.publisher.versions);
        assertEquals(List.of(), rows(session), "a re-read step that failed this way must not save what was never sent");
    }

    @Test
    void anEmptyRangeIsNotRead() {
        Fixture f = new Fixture();
        PollSession session = f.session();
        session.read(TO, TO, io.dorastream.connector.datadog.Priority.LIVE);
        assertEquals(List.of(), rows(session));
        assertEquals(0, f.readsMade);
    }

    private static Instant finished() {
        return Instant.parse("2026-01-01T10:05:00Z");
    }

    private static WindowReader.Result result(List<Parsed> events) {
        return new WindowReader.Result(events, Set.of(), null, 1);
    }

    private static List<String> rows(PollSession session) {
        return session.saved().stream()
                .map(p -> p.eventId() + ":" + p.version() + ":" + (p.deleted() ? "tombstone" : p.sent() ? "sent" : "row"))
                .toList();
    }

    /** A poll over hand-given stored versions and reads, recording what it publishes. */
    private static final class Fixture {
        final FakeVersions versions = new FakeVersions();
        final FakePublisher publisher = new FakePublisher(versions);
        final List<WindowReader.Result> reads = new ArrayList<>();
        int readsMade;

        PollSession session() {
            ConnectionEntity c = new ConnectionEntity();
            c.id = UUID.fromString("00000000-0000-0000-0000-000000000001");
            c.site = "datadoghq.com";
            return new PollSession(c, Stream.DEPLOYMENTS, versions, publisher, (priority, from, to) -> reads.get(readsMade++),
                    NOW);
        }
    }

    private static final class FakeVersions extends EventVersionStore {
        final Map<String, Stored> stored = new HashMap<>();
        final List<List<Known>> missing = new ArrayList<>();
        final List<Set<String>> presentAsked = new ArrayList<>();
        final List<String> reserved = new ArrayList<>();
        boolean refuseReservations;

        FakeVersions() {
            super(null);
        }

        @Override
        public void reserve(UUID connectionId, Stream stream, List<Published> sending, Instant now) {
            if (refuseReservations) {
                throw new IllegalStateException("cannot save event versions: refused");
            }
            sending.forEach(p -> reserved.add(p.eventId() + ":" + p.version()));
        }

        @Override
        public Map<String, Stored> load(UUID connectionId, Stream stream, Collection<String> eventIds) {
            Map<String, Stored> out = new HashMap<>();
            eventIds.stream().filter(stored::containsKey).forEach(id -> out.put(id, stored.get(id)));
            return out;
        }

        @Override
        public List<Known> missing(UUID connectionId, Stream stream, Instant from, Instant to, Collection<String> present) {
            presentAsked.add(Set.copyOf(present));
            return presentAsked.size() <= missing.size() ? missing.get(presentAsked.size() - 1) : List.of();
        }
    }

    private static final class FakePublisher extends EventPublisher {
        final Map<String, Long> versions = new HashMap<>();
        final List<String> tombstones = new ArrayList<>();
        private final FakeVersions store;

        FakePublisher(FakeVersions store) {
            super(null, null, null, null, null);
            this.store = store;
        }

        @Override
        public CompletableFuture<Void> publish(Stream stream, EventEnvelope<?> envelope) {
            assertTrue(store.reserved.contains(envelope.eventId() + ":" + envelope.version()), "sent before reserved");
            Long before = versions.put(envelope.eventId(), envelope.version());
            assertTrue(before == null || before < envelope.version(), "versions only grow: " + envelope.eventId());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> publishTombstone(Stream stream, UUID connectionId, String eventId, String site,
                long version, Instant observedAt) {
            assertTrue(store.reserved.contains(eventId + ":" + version), "sent before reserved");
            tombstones.add(eventId + ":" + version);
            return CompletableFuture.completedFuture(null);
        }
    }
}
