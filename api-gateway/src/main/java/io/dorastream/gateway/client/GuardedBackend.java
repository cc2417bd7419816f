package io.dorastream.gateway.client;

import java.util.function.Supplier;

import jakarta.ws.rs.core.Response;

import io.dorastream.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What every backend bean shares: its name, its {@link BackendGuard} and its readiness probe. A
 * subclass owns the backend's internal-API client and calls it through {@link #guard}.
 */
abstract class GuardedBackend {

    protected final BackendGuard guard;
    private final Supplier<Response> readiness;

    /**
     * @param name      the name problems, logs, metrics and {@code /api/v1/status} use
     * @param readiness the backend's {@code /q/health/ready} on its management interface
     */
    GuardedBackend(String name, Supplier<Response> readiness, GatewayConfig config, MeterRegistry meters) {
        this.guard = new BackendGuard(name, config.resilience(), meters);
        this.readiness = readiness;
    }

    public String name() {
        return guard.serviceName();
    }

    /** Its readiness, asked past the breaker and without retries ({@link BackendGuard#probe}). */
    public Answer ready() {
        return guard.probe(readiness);
    }

    /** Whether it answered its last call and its breaker lets calls through. */
    public boolean up() {
        return guard.up();
    }
}
