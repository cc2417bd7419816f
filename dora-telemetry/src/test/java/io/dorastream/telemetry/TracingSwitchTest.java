package io.dorastream.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class TracingSwitchTest {

    /** Quarkus's own defaults: an endpoint that is not a configuration, the SDK on. */
    private static final Map<String, String> QUARKUS_DEFAULTS = Map.of(
            "quarkus.otel.exporter.otlp.endpoint", "http://localhost:4317/",
            "quarkus.otel.exporter.otlp.traces.endpoint", "http://localhost:4317/",
            TracingSwitch.SDK_DISABLED, "false");

    private static SmallRyeConfig config(Map<String, String> configured, String... profile) {
        SmallRyeConfigBuilder b = new SmallRyeConfigBuilder().addDefaultInterceptors().addDiscoveredInterceptors()
                .withDefaultValues(QUARKUS_DEFAULTS)
                .withSources(new PropertiesConfigSource(new HashMap<>(configured), "operator", 300));
        if (profile.length > 0) {
            b.withProfile(profile[0]);
        }
        return b.build();
    }

    private static boolean disabled(SmallRyeConfig c) {
        return c.getValue(TracingSwitch.SDK_DISABLED, Boolean.class);
    }

    /** What SmallRye's Kafka connector reads for a channel without its own setting (its default: true). */
    private static boolean kafkaTracing(SmallRyeConfig c) {
        return c.getOptionalValue(TracingSwitch.KAFKA_TRACING, Boolean.class).orElse(true);
    }

    @Test
    void offWithoutAnEndpoint() {
        assertEquals(true, disabled(config(Map.of())));
        assertEquals(false, kafkaTracing(config(Map.of())));
    }

    @Test
    void kafkaTracingFollowsTracing() {
        assertEquals(true, kafkaTracing(config(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317"))));
        assertEquals(true, kafkaTracing(config(Map.of(TracingSwitch.SDK_DISABLED, "false"))));
        assertEquals(false, kafkaTracing(config(Map.of(TracingSwitch.SDK_DISABLED, "true",
                "quarkus.otel.exporter.otlp.endpoint", "http://collector:4317"))));
        Map<String, String> profiled = Map.of("%test." + TracingSwitch.SDK_DISABLED, "false");
        assertEquals(true, kafkaTracing(config(profiled, "test")));
        assertEquals(false, kafkaTracing(config(profiled, "prod")));
    }

    @Test
    void anExplicitKafkaTracingWins() {
        assertEquals(true, kafkaTracing(config(Map.of(TracingSwitch.KAFKA_TRACING, "true"))));
        assertEquals(false, kafkaTracing(config(Map.of(TracingSwitch.KAFKA_TRACING, "false",
                "quarkus.otel.exporter.otlp.endpoint", "http://collector:4317"))));
    }

    @Test
    void onWhenTheEndpointIsConfigured() {
        assertEquals(false, disabled(config(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317"))));
        assertEquals(false, disabled(config(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://collector:4318"))));
    }

    @Test
    void aBlankEndpointIsNoEndpoint() {
        assertEquals(true, disabled(config(Map.of("quarkus.otel.exporter.otlp.endpoint", " "))));
    }

    @Test
    void anExplicitSettingWins() {
        assertEquals(false, disabled(config(Map.of(TracingSwitch.SDK_DISABLED, "false"))));
        assertEquals(true, disabled(config(Map.of(TracingSwitch.SDK_DISABLED, "true",
                "quarkus.otel.exporter.otlp.endpoint", "http://collector:4317"))));
    }

    @Test
    void aProfiledSettingWins() {
        Map<String, String> props = Map.of("%test." + TracingSwitch.SDK_DISABLED, "false");
        assertEquals(false, disabled(config(props, "test")));
        assertEquals(true, disabled(config(props, "prod")));
    }
}
