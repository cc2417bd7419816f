package io.dorastream.gateway.client;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.dorastream.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * The connector-service, the one way the gateway reaches it: its internal API and its management
 * interface, each call behind the backend's {@link BackendGuard} (reads retried, writes never, the
 * readiness probe past the breaker). Answers are forwarded as they are, problems included. Started
 * with the application so that its {@code backend.up} gauge exists before the first call.
 */
@Singleton
@Startup
public class ConnectorBackend extends GuardedBackend {

    /** The name problems, logs, metrics and {@code /api/v1/status} use. */
    public static final String NAME = "connector-service";

    private final ConnectorClient client;

    public ConnectorBackend(@RestClient ConnectorClient client, @RestClient ConnectorManagementClient management,
            GatewayConfig config, MeterRegistry meters) {
        super(NAME, management::ready, config, meters);
        this.client = client;
    }

    /** Creates a connection; {@code idempotencyKey} (or null) and {@code caller} are passed on as they are. */
    public Answer create(String body, String idempotencyKey, String caller) {
        return guard.write(() -> client.create(body, idempotencyKey, caller));
    }

    public Answer list() {
        return guard.read(client::list);
    }

    public Answer get(String id) {
        return guard.read(() -> client.get(id));
    }

    public Answer update(String id, String body) {
        return guard.write(() -> client.update(id, body));
    }

    public Answer delete(String id, boolean purge) {
        return guard.write(() -> client.delete(id, purge));
    }

    public Answer sync(String id) {
        return guard.read(() -> client.sync(id));
    }

    /** Re-read a range of one connection: {@code {"from"?, "to"?}} instants. Not idempotent: never retried. */
    public Answer resync(String id, String body) {
        return guard.write(() -> client.resync(id, body));
    }

    /** The sync status of every connection. */
    public Answer syncAll() {
        return guard.read(client::syncAll);
    }
}
