package io.dorastream.telemetry;

import java.util.List;

import jakarta.annotation.Priority;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;

/**
 * Tracing is on exactly when an OTLP endpoint is configured: an operator sets
 * {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT} (or the traces-only endpoint) and nothing else.
 *
 * <p>Quarkus's OpenTelemetry SDK is on by default and exports to {@code localhost:4317}, a default
 * that is not a configuration. This interceptor answers {@code quarkus.otel.sdk.disabled} (a runtime
 * property) when nobody set it: {@code false} when either endpoint comes from a real configuration
 * source (environment, system property, a properties file), {@code true} when both are only
 * Quarkus's defaults. An explicit {@code quarkus.otel.sdk.disabled} always wins (tests use it).
 *
 * <p>A disabled SDK is not enough: Quarkus then builds an OpenTelemetry SDK with no processor, whose
 * default sampler still records every span, and the Kafka connector of SmallRye Reactive Messaging traces
 * whatever the SDK says: every record the connector published carried a sampled {@code traceparent}
 * header, and the aggregator started a span for every record it read, with nothing to export them to.
 * So this interceptor also answers the Kafka connector's {@code tracing-enabled} ({@link #KAFKA_TRACING})
 * when nobody set it: on exactly when tracing is (a channel's own setting still wins).
 */
@Priority(Priorities.APPLICATION + 100)
public final class TracingSwitch implements ConfigSourceInterceptor {

    public static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    public static final List<String> ENDPOINTS = List.of("quarkus.otel.exporter.otlp.endpoint",
            "quarkus.otel.exporter.otlp.traces.endpoint");
    /** Whether the Kafka connector traces the records it writes and reads, for every channel without its own. */
    public static final String KAFKA_TRACING = "mp.messaging.connector.smallrye-kafka.tracing-enabled";
    static final String SOURCE_NAME = "DoraStream tracing switch (on when an OTLP endpoint is configured)";

    /**
     * Default values live in sources of the lowest ordinals (SmallRye's and Quarkus's defaults sit
     * near {@link Integer#MIN_VALUE}); every source an operator can write to has a positive ordinal.
     */
    private static final int DEFAULTS_ORDINAL_CEILING = 0;

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!(SDK_DISABLED.equals(name) || KAFKA_TRACING.equals(name)) || configured(value)) {
            return value;
        }
        boolean tracing = tracing(context);
        ConfigValue.ConfigValueBuilder derived = value != null ? value.from() : ConfigValue.builder().withName(name);
        return derived.withValue(Boolean.toString(SDK_DISABLED.equals(name) ? !tracing : tracing))
                .withConfigSourceName(SOURCE_NAME).withConfigSourceOrdinal(DEFAULTS_ORDINAL_CEILING).build();
    }

    /** Whether tracing is on: as {@code quarkus.otel.sdk.disabled} says where it is set, else an endpoint's presence. */
    private static boolean tracing(ConfigSourceInterceptorContext context) {
        ConfigValue sdkDisabled = context.proceed(SDK_DISABLED);
        return configured(sdkDisabled) ? !Boolean.parseBoolean(sdkDisabled.getValue().trim()) : endpointConfigured(context);
    }

    private static boolean endpointConfigured(ConfigSourceInterceptorContext context) {
        return ENDPOINTS.stream().map(context::proceed).anyMatch(TracingSwitch::configured);
    }

    /** A non-blank value that came from a source other than the defaults. */
    static boolean configured(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank()
                && value.getConfigSourceOrdinal() > DEFAULTS_ORDINAL_CEILING;
    }
}
