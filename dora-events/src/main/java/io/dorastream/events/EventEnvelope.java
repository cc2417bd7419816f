package io.dorastream.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The value of a record on {@link Topics#DEPLOYMENTS} or {@link Topics#INCIDENTS}: one version of one
 * Datadog event. A deleted event is a tombstone (null value) instead; its version travels in the
 * {@link EventHeaders#VERSION} header.
 *
 * @param eventId       Datadog's id of the event
 * @param connectionId  the DoraStream connection that read it
 * @param site          the Datadog site, e.g. {@code datadoghq.eu}
 * @param observedAt    when the connector read this version
 * @param version       1 for the first version, raised by one each time the normalized event changes
 * @param schemaVersion the version of this envelope's schema within the v1 topics
 * @param event         the normalized event ({@link Deployment} or {@link Incident})
 * @param raw           Datadog's attributes, untouched (unknown attributes included)
 */
public record EventEnvelope<T>(
        String eventId,
        UUID connectionId,
        String site,
        Instant observedAt,
        long version,
        int schemaVersion,
        T event,
        ObjectNode raw) {

    /** The schema version this library writes. */
    public static final int SCHEMA_VERSION = 1;

    public EventKey key() {
        return new EventKey(connectionId, eventId);
    }
}
