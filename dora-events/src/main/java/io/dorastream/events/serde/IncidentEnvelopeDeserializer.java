package io.dorastream.events.serde;

import io.dorastream.events.DoraJson;
import io.dorastream.events.EventEnvelope;
import io.dorastream.events.Incident;

/** Value deserializer of {@code dora.incidents.v1}. */
public class IncidentEnvelopeDeserializer extends JsonDeserializer<EventEnvelope<Incident>> {
    public IncidentEnvelopeDeserializer() {
        super(DoraJson.mapper().getTypeFactory().constructParametricType(EventEnvelope.class, Incident.class));
    }
}
