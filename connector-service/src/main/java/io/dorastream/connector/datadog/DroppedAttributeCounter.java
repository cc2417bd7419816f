package io.dorastream.connector.datadog;

import jakarta.enterprise.context.ApplicationScoped;

import io.dorastream.events.Stream;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the optional attributes the parser left out because their value could not be read, in
 * {@code dora.datadog.attributes.dropped} by stream and attribute (the attributes the parser reads:
 * a bounded set of names, never a value).
 */
@ApplicationScoped
public class DroppedAttributeCounter implements DatadogEventParser.DroppedAttributes {

    private final MeterRegistry meters;

    public DroppedAttributeCounter(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void dropped(Stream stream, String attribute) {
        meters.counter("dora.datadog.attributes.dropped", "stream", stream.id(), "attribute", attribute).increment();
    }
}
