package io.dorastream.devstack.simulator;

import java.util.List;
import java.util.Optional;

/** The simulated Datadog endpoints, with the credentials each one needs. */
enum Endpoint {
    VALIDATE("GET", "/api/v1/validate", Access.API_KEY),
    VALIDATE_KEYS("GET", "/api/v2/validate_keys", Access.KEYS),
    LIST_DEPLOYMENTS("POST", "/api/v2/dora/deployments", Access.READ),
    LIST_FAILURES("POST", "/api/v2/dora/failures", Access.READ),
    GET_DEPLOYMENT("GET", "/api/v2/dora/deployments/{id}", Access.READ),
    GET_FAILURE("GET", "/api/v2/dora/failures/{id}", Access.READ),
    SEND_DEPLOYMENT("POST", "/api/v2/dora/deployment", Access.API_KEY),
    SEND_FAILURE("POST", "/api/v2/dora/failure", Access.API_KEY),
    SEND_INCIDENT("POST", "/api/v2/dora/incident", Access.API_KEY),
    PATCH_DEPLOYMENT("PATCH", "/api/v2/dora/deployments/{id}", Access.WRITE),
    DELETE_DEPLOYMENT("DELETE", "/api/v2/dora/deployment/{id}", Access.WRITE),
    DELETE_FAILURE("DELETE", "/api/v2/dora/failure/{id}", Access.WRITE);

    /** Credentials an endpoint needs. */
    enum Access {
        /** A valid API key. */
        API_KEY,
        /** A valid API key and a valid application key. */
        KEYS,
        /** Both keys, the application key with {@code dora_metrics_read}. */
        READ,
        /** Both keys, the application key with {@code dora_metrics_write}. */
        WRITE
    }

    /**
     * A request matched to an endpoint.
     *
     * @param endpoint the endpoint
     * @param id       the path's {@code {id}}, or {@code null}
     */
    record Route(Endpoint endpoint, String id) {
    }

    /** Stats name of requests matching no endpoint. */
    static final String UNKNOWN = "unknown";

    private final String method;
    private final String template;
    private final List<String> segments;
    private final Access access;

    Endpoint(String method, String template, Access access) {
        this.method = method;
        this.template = template;
        this.segments = List.of(template.substring(1).split("/"));
        this.access = access;
    }

    Access access() {
        return access;
    }

    /** Name in {@link SimulatorStats}, e.g. {@code GET /api/v2/dora/deployments/{id}}. */
    String label() {
        return method + " " + template;
    }

    /** The endpoint of a method and decoded path segments (without the leading empty one). */
    static Optional<Route> match(String method, List<String> path) {
        for (Endpoint endpoint : values()) {
            if (endpoint.method.equals(method) && endpoint.segments.size() == path.size()) {
                String id = null;
                boolean matches = true;
                for (int i = 0; i < path.size() && matches; i++) {
                    String expected = endpoint.segments.get(i);
                    if (expected.equals("{id}")) {
                        id = path.get(i);
                        matches = !id.isEmpty();
                    } else {
                        matches = expected.equals(path.get(i));
                    }
                }
                if (matches) {
                    return Optional.of(new Route(endpoint, id));
                }
            }
        }
        return Optional.empty();
    }
}
