package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The simulator's events, per stream in insertion order. Items are replaced, never modified in
 * place, so a {@link Stored} read under the lock stays valid after it is released. List windows
 * are answered from a per-stream index sorted by time, rebuilt after a change, so that a list
 * request costs the size of its window, not of the whole organisation.
 */
final class EventStore {

    /** Datadog keeps DORA events for two years. */
    static final Period RETENTION = Period.ofMonths(24);

    /** One stored event with its parsed timestamps; {@code seq} is its place in insertion order. */
    record Stored(String id, ObjectNode item, Instant startedAt, Instant finishedAt, long seq) {

        ObjectNode attributes() {
            return (ObjectNode) item.get("attributes");
        }

        /** The time a list window applies to: {@code finished_at} (if asked and present) else {@code started_at}. */
        Instant time(SimulatorConfig.FilterField field) {
            return field == SimulatorConfig.FilterField.FINISHED_AT && finishedAt != null ? finishedAt : startedAt;
        }

        String attribute(String name) {
            return Json.string(attributes(), name);
        }

        boolean sameServiceAndEnv(Stored other) {
            return Objects.equals(attribute("service"), other.attribute("service"))
                    && Objects.equals(attribute("env"), other.attribute("env"));
        }
    }

    private final Map<EventStream, LinkedHashMap<String, Stored>> streams = new EnumMap<>(EventStream.class);
    /** Per stream and filter field, every event sorted by that time (ties in insertion order); dropped on change. */
    private final Map<EventStream, Map<SimulatorConfig.FilterField, Stored[]>> index = new EnumMap<>(EventStream.class);
    private long nextSeq;

    EventStore() {
        for (EventStream stream : EventStream.values()) {
            streams.put(stream, new LinkedHashMap<>());
        }
    }

    /** The oldest {@code started_at} still served at {@code now}. */
    static Instant retentionStart(Instant now) {
        return now.atOffset(ZoneOffset.UTC).minus(RETENTION).toInstant();
    }

    /** Replaces all events; numeric timestamps become RFC 3339, a missing {@code type} gets the stream's. */
    synchronized void load(Dataset dataset) {
        Map<EventStream, LinkedHashMap<String, Stored>> loaded = new EnumMap<>(EventStream.class);
        for (EventStream stream : EventStream.values()) {
            LinkedHashMap<String, Stored> events = new LinkedHashMap<>();
            for (ObjectNode item : dataset.events(stream)) {
                Stored stored = normalize(stream, item.deepCopy(), events);
                events.put(stored.id(), stored);
            }
            loaded.put(stream, events);
        }
        streams.putAll(loaded);
        index.clear();
    }

    /** The events served at {@code now} (retention applied), in insertion order. */
    synchronized Dataset export(Instant now) {
        return exportSince(retentionStart(now));
    }

    /** The events held that started at or after {@code oldest}, served or aged out of retention since, in insertion order. */
    synchronized Dataset exportSince(Instant oldest) {
        return new Dataset(items(since(EventStream.DEPLOYMENTS, oldest)), items(since(EventStream.FAILURES, oldest)));
    }

    /** A stream's events served at {@code now}, in insertion order. */
    synchronized List<Stored> visible(EventStream stream, Instant now) {
        return since(stream, retentionStart(now));
    }

    private List<Stored> since(EventStream stream, Instant oldest) {
        List<Stored> result = new ArrayList<>();
        for (Stored stored : streams.get(stream).values()) {
            if (!stored.startedAt().isBefore(oldest)) {
                result.add(stored);
            }
        }
        return result;
    }

    /**
     * The events served at {@code now} whose {@code field} time lies in the window, in insertion
     * order (what a list request filters, sorts and pages).
     */
    synchronized List<Stored> window(EventStream stream, SimulatorConfig.FilterField field, Instant from,
            boolean fromInclusive, Instant to, boolean toInclusive, Instant now) {
        Stored[] sorted = index.computeIfAbsent(stream, s -> new EnumMap<>(SimulatorConfig.FilterField.class))
                .computeIfAbsent(field, f -> streams.get(stream).values().stream()
                        .sorted(Comparator.comparing((Stored e) -> e.time(f)).thenComparingLong(Stored::seq))
                        .toArray(Stored[]::new));
        // first event not before the window's start (or after it, when the bound is exclusive)
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int order = sorted[mid].time(field).compareTo(from);
            if (fromInclusive ? order < 0 : order <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        Instant oldest = retentionStart(now);
        List<Stored> result = new ArrayList<>();
        for (int i = lo; i < sorted.length; i++) {
            int order = sorted[i].time(field).compareTo(to);
            if (toInclusive ? order > 0 : order >= 0) {
                break;
            }
            if (!sorted[i].startedAt().isBefore(oldest)) {
                result.add(sorted[i]);
            }
        }
        result.sort(Comparator.comparingLong(Stored::seq));
        return result;
    }

    /** One event if it is served at {@code now}. */
    synchronized Optional<Stored> find(EventStream stream, String id, Instant now) {
        return Optional.ofNullable(streams.get(stream).get(id))
                .filter(stored -> !stored.startedAt().isBefore(retentionStart(now)));
    }

    /** Inserts or replaces (same id) an event. */
    synchronized void put(EventStream stream, ObjectNode item) {
        Stored stored = normalize(stream, item, streams.get(stream));
        streams.get(stream).put(stored.id(), stored);
        index.remove(stream);
    }

    /**
     * Inserts or replaces a deployment unless another deployment of the same service started in
     * the same second (Datadog refuses that).
     *
     * @return the id of the conflicting deployment, empty when the deployment was stored
     */
    synchronized Optional<String> putDeployment(ObjectNode item) {
        Stored stored = normalize(EventStream.DEPLOYMENTS, item, streams.get(EventStream.DEPLOYMENTS));
        String service = stored.attribute("service");
        long second = stored.startedAt().getEpochSecond();
        for (Stored other : streams.get(EventStream.DEPLOYMENTS).values()) {
            if (!other.id().equals(stored.id()) && other.startedAt().getEpochSecond() == second
                    && service != null && service.equals(other.attribute("service"))) {
                return Optional.of(other.id());
            }
        }
        streams.get(EventStream.DEPLOYMENTS).put(stored.id(), stored);
        index.remove(EventStream.DEPLOYMENTS);
        return Optional.empty();
    }

    /** Applies {@code change} to a copy of the event's item and stores it; false when the id is unknown. */
    synchronized boolean update(EventStream stream, String id, Consumer<ObjectNode> change) {
        Stored current = streams.get(stream).get(id);
        if (current == null) {
            return false;
        }
        ObjectNode copy = current.item().deepCopy();
        change.accept(copy);
        streams.get(stream).put(id, normalize(stream, copy, streams.get(stream)));
        index.remove(stream);
        return true;
    }

    /** Deletes an event; false when the id is unknown. */
    synchronized boolean remove(EventStream stream, String id) {
        index.remove(stream);
        return streams.get(stream).remove(id) != null;
    }

    private static List<ObjectNode> items(List<Stored> stored) {
        return stored.stream().map(Stored::item).toList();
    }

    /** The stored form of an item; a replaced event keeps its place in insertion order (as in {@code existing}). */
    private Stored normalize(EventStream stream, ObjectNode item, Map<String, Stored> existing) {
        String id = Json.string(item, "id");
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("event without an \"id\" string");
        }
        if (!item.hasNonNull("type")) {
            item.put("type", stream.itemType());
        }
        JsonNode attributesNode = item.get("attributes");
        if (attributesNode == null || !attributesNode.isObject()) {
            throw new IllegalArgumentException("event " + id + " has no \"attributes\" object");
        }
        ObjectNode attributes = (ObjectNode) attributesNode;
        Instant started = Timestamps.read(attributes.get("started_at"));
        if (started == null) {
            throw new IllegalArgumentException("event " + id + " has no readable \"started_at\"");
        }
        attributes.put("started_at", Timestamps.format(started));
        Instant finished = Timestamps.read(attributes.get("finished_at"));
        if (finished != null) {
            attributes.put("finished_at", Timestamps.format(finished));
        } else if (attributes.hasNonNull("finished_at")) {
            throw new IllegalArgumentException("event " + id + " has an unreadable \"finished_at\"");
        }
        Stored previous = existing.get(id);
        return new Stored(id, item, started, finished, previous != null ? previous.seq() : nextSeq++);
    }
}
