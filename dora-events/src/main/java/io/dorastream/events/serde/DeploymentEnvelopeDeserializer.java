package io.dorastream.events.serde;

import io.dorastream.events.Deployment;
import io.dorastream.events.DoraJson;
import io.dorastream.events.EventEnvelope;

/** Value deserializer of {@code dora.deployments.v1}. */
public class DeploymentEnvelopeDeserializer extends JsonDeserializer<EventEnvelope<Deployment>> {
    public DeploymentEnvelopeDeserializer() {
        super(DoraJson.mapper().getTypeFactory().constructParametricType(EventEnvelope.class, Deployment.class));
    }
}
