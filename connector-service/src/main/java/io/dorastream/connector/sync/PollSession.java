package io.dorastream.connector.sync;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.apache.commons.codec.digest.DigestUtils;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.connector.connection.ConnectionEntity;
import io.dorastream.connector.datadog.DatadogEventParser.Parsed;
import io.dorastream.connector.datadog.Priority;
import io.dorastream.connector.datadog.RateLimit;
import io.dorastream.connector.messaging.EventPublisher;
import io.dorastream.connector.reading.WindowReader;
import io.dorastream.events.Deployment;
import io.dorastream.events.EventEnvelope;
import io.dorastream.events.Incident;
import io.dorastream.events.Stream;

/**
 * The reads of one poll of one stream and what they published, to be saved together once Kafka
 * acknowledged all of it. After each complete read of a range: a new or changed event (by
 * {@link ContentHash}) is published with its next version, an unchanged one is not; a live event
 * the range should have returned and did not is published as a tombstone. Versions published by an
 * earlier read of the same poll count as known, so overlapping reads never publish one version twice
 * with different content; versions are {@linkplain EventVersionStore#reserve reserved} before they are
 * sent, so neither do reads of polls that died before saving. Not thread-safe: one poll, one thread.
 */
final class PollSession {

    private static final Logger LOG = Logger.getLogger(PollSession.class);

    /** Lists a range of the stream at a priority; site, keys and query bound. */
    @FunctionalInterface
    interface Reader {
        WindowReader.Result read(Priority priority, Instant from, Instant to);
    }

    private final ConnectionEntity connection;
    private final Stream stream;
    private final EventVersionStore versions;
    private final EventPublisher publisher;
    private final Reader reader;
    private final Instant now;

    private final List<EventVersionStore.Published> saved = new ArrayList<>();
    /** The latest row of every event this poll wrote, consulted before the database. */
    private final Map<String, EventVersionStore.Stored> known = new HashMap<>();
    private final Set<String> unreadable = new HashSet<>();
    private final Set<String> readable = new HashSet<>();
    private RateLimit rateLimit;

    PollSession(ConnectionEntity connection, Stream stream, EventVersionStore versions, EventPublisher publisher, Reader reader,
            Instant now) {
        this.connection = connection;
        this.stream = stream;
        this.versions = versions;
        this.publisher = publisher;
        this.reader = reader;
        this.now = now;
    }

    /**
     * Reads {@code [from, to)} completely, publishes its new and changed events and tombstones the
     * live events that lie wholly inside it but were not returned; waits for Kafka's acknowledgements.
     * A read that fails throws before anything is published or tombstoned.
     *
     * @return the (readable) events the read returned
     */
    List<Parsed> read(Instant from, Instant to, Priority priority) {
        if (!to.isAfter(from)) {
            return List.of();
        }
        WindowReader.Result r = reader.read(priority, from, to);
        if (r.rateLimit() != null) {
            rateLimit = r.rateLimit();
        }
        List<Send> sends = new ArrayList<>();
        publish(r.events(), sends);
        Set<String> present = new HashSet<>(r.unreadable());
        r.events().forEach(p -> present.add(p.id()));
        tombstone(from, to, present, sends);
        // written ahead, so a poll that dies after sending leaves them for the next read to see
        versions.reserve(connection.id, stream, sends.stream().map(Send::row).toList(), now);
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        sends.forEach(s -> acks.add(s.send().get()));
        EventPublisher.awaitAll(acks);
        sends.forEach(s -> remember(s.row())); // only what Kafka acknowledged is saved as published
        r.events().forEach(p -> readable.add(p.id()));
        unreadable.addAll(r.unreadable());
        return r.events();
    }

    /** Every row to save: new versions, tombstones and updated settling of unchanged versions, in order. */
    List<EventVersionStore.Published> saved() {
        return saved;
    }

    /** The keys of the events no read of this poll could parse (shortened to a hash when not an id). */
    Set<String> unreadable() {
        Set<String> out = new HashSet<>();
        for (String key : unreadable) {
            if (!readable.contains(key)) {
                out.add(key.length() > 200 ? "sha256:" + DigestUtils.sha256Hex(key) : key);
            }
        }
        return out;
    }

    RateLimit rateLimit() {
        return rateLimit;
    }

    Stream stream() {
        return stream;
    }

    private void publish(List<Parsed> events, List<Send> sends) {
        List<String> unknown = events.stream().map(Parsed::id).filter(id -> !known.containsKey(id)).toList();
        Map<String, EventVersionStore.Stored> stored = new HashMap<>(versions.load(connection.id, stream, unknown));
        stored.putAll(known);
        for (Parsed p : events) {
            String hash = ContentHash.of(p.event(), p.raw());
            Instant started = startedAt(p.event());
            Instant finished = finishedAt(p.event());
            boolean settled = settled(p);
            EventVersionStore.Stored before = stored.get(p.id());
            boolean same = before != null && !before.deleted() && hash.equals(before.hash());
            if (same && !before.unconfirmed()) {
                if (before.settled() != settled || !Objects.equals(before.finishedAt(), micros(finished))) {
                    // written before settling was tracked: only the row changes, nothing is published
                    remember(new EventVersionStore.Published(p.id(), before.version(), hash, started, finished, settled, false));
                }
                continue;
            }
            // an unconfirmed version may or may not be on the topic: the same content goes again under its
            // number (a repeat), a different one under the next
            long version = before == null ? 1 : same ? before.version() : before.version() + 1;
            EventEnvelope<Object> envelope = new EventEnvelope<>(p.id(), connection.id, connection.site, now, version,
                    EventEnvelope.SCHEMA_VERSION, p.event(), p.raw());
            EventVersionStore.Published row = new EventVersionStore.Published(p.id(), version, hash, started, finished,
                    settled, true);
            sends.add(new Send(row, () -> publisher.publish(stream, envelope)));
        }
    }

    /**
     * A complete read of {@code [from, to)} returns every event whose filter timestamp lies there
     * ({@link WindowReader}); which timestamp Datadog filters on is unconfirmed, so only an event
     * that started there and finished before {@code to} (or is still open) is declared vanished.
     * Events of the one-second overlap the reader adds around the range are never candidates.
     */
    private void tombstone(Instant from, Instant to, Set<String> present, List<Send> sends) {
        List<EventVersionStore.Known> missing = versions.missing(connection.id, stream, from, to, present);
        int count = 0;
        for (EventVersionStore.Known k : missing) {
            if (known.containsKey(k.eventId())) {
                continue; // another read of this poll saw it (or already tombstoned it)
            }
            // an unconfirmed tombstone is sent again under its own number: it may not have reached Kafka
            long version = k.deleted() ? k.version() : k.version() + 1;
            EventVersionStore.Published row = new EventVersionStore.Published(k.eventId(), version, null, k.startedAt(),
                    k.finishedAt(), true, true);
            sends.add(new Send(row, () -> publisher.publishTombstone(stream, connection.id, k.eventId(), connection.site,
                    version, now)));
            count++;
        }
        if (count > 0) {
            LOG.infof("connection %s %s: %d events vanished from [%s, %s), tombstoned", connection.id, stream.id(), count,
                    from, to);
        }
    }

    private void remember(EventVersionStore.Published p) {
        saved.add(p);
        // confirmed for the rest of this poll: its reads wait for Kafka's acknowledgements before the next one
        known.put(p.eventId(), new EventVersionStore.Stored(p.version(), p.hash(), p.deleted(), micros(p.finishedAt()), p.settled(),
                false));
    }

    /** A record to send and the row its version is reserved with. */
    private record Send(EventVersionStore.Published row, Supplier<CompletableFuture<Void>> send) {
    }

    /**
     * Whether an event is done changing by itself: a failure once it has {@code finished_at}; a
     * deployment once it has {@code finished_at} and, where Datadog reports verdicts, a
     * {@code change_failure} that is no longer {@code null} (not evaluated yet). A deployment without
     * the attribute at all belongs to an organisation without verdicts and is settled.
     */
    static boolean settled(Parsed p) {
        if (p.event() instanceof Deployment d) {
            JsonNode verdict = p.raw().get("change_failure");
            return d.finishedAt() != null && (verdict == null || !verdict.isNull());
        }
        return ((Incident) p.event()).finishedAt() != null;
    }

    static Instant startedAt(Object event) {
        return event instanceof Deployment d ? d.startedAt() : ((Incident) event).startedAt();
    }

    private static Instant finishedAt(Object event) {
        return event instanceof Deployment d ? d.finishedAt() : ((Incident) event).finishedAt();
    }

    /** As PostgreSQL keeps it. */
    private static Instant micros(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }
}
