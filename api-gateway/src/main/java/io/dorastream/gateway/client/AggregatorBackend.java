package io.dorastream.gateway.client;

import jakarta.enterprise.context.ApplicationScoped;
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
@ApplicationScoped
@Startup
public class AggregatorBackend {

    /** The name problems, logs, metrics and {@code /api/v1/status} use. */
    public static final String NAME = "aggregator-service";

    private final AggregatorClient client;
    private final AggregatorManagementClient management;
    private final BackendGuard guard;

    public AggregatorBackend(@RestClient AggregatorClient client, @RestClient AggregatorManagementClient management,
            GatewayConfig config, MeterRegistry meters) {
        this.client = client;
        this.management = management;
        this.guard = new BackendGuard(NAME, config.resilience(), meters);
    }

    public String name() {
        return NAME;
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

    /** Its readiness, asked past the breaker and without retries ({@link BackendGuard#probe}). */
    public Answer ready() {
        return guard.probe(management::ready);
    }

    /** Whether it answered its last call and its breaker lets calls through. */
    public boolean up() {
        return guard.up();
    }
}
