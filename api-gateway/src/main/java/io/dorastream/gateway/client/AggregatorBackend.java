package io.dorastream.gateway.client;

import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MultivaluedMap;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.dorastream.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * The aggregator-service, the one way the gateway reaches it: its internal metrics and events API
 * (every call an idempotent read, retried) and its management interface (the readiness probe, past
 * the breaker), behind the backend's {@link BackendGuard}. The query is passed as the gateway
 * validated and normalized it; answers are forwarded, problems included. Started with the
 * application so that its {@code backend.up} gauge exists before the first call.
 */
@Singleton
@Startup
public class AggregatorBackend extends GuardedBackend {

    /** The name problems, logs, metrics and {@code /api/v1/status} use. */
    public static final String NAME = "aggregator-service";

    private final AggregatorClient client;

    public AggregatorBackend(@RestClient AggregatorClient client, @RestClient AggregatorManagementClient management,
            GatewayConfig config, MeterRegistry meters) {
        super(NAME, management::ready, config, meters);
        this.client = client;
    }

    public Answer summary(MultivaluedMap<String, String> query) {
        return guard.read(() -> client.summary(query));
    }

    public Answer timeseries(MultivaluedMap<String, String> query) {
        return guard.read(() -> client.timeseries(query));
    }

    public Answer breakdown(MultivaluedMap<String, String> query) {
        return guard.read(() -> client.breakdown(query));
    }

    public Answer deployments(MultivaluedMap<String, String> query) {
        return guard.read(() -> client.deployments(query));
    }

    public Answer incidents(MultivaluedMap<String, String> query) {
        return guard.read(() -> client.incidents(query));
    }
}
