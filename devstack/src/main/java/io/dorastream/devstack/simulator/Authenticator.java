package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Checks {@code DD-API-KEY} and {@code DD-APPLICATION-KEY} the way Datadog answers them. */
final class Authenticator {

    private final SimulatorConfig config;
    /** API keys revoked while running: refused like unknown ones until restored. */
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();

    Authenticator(SimulatorConfig config) {
        this.config = config;
    }

    void revoke(String apiKey) {
        revoked.add(apiKey);
    }

    void restore(String apiKey) {
        revoked.remove(apiKey);
    }

    /** The refusal of a request, or empty when its keys allow the endpoint. */
    Optional<ApiResponse> refuse(Endpoint endpoint, String apiKey, String appKey) {
        if (apiKey == null || apiKey.isEmpty()) {
            // Datadog's v1 validate answers a missing key 403 (recorded); every other endpoint, 401.
            return Optional.of(endpoint == Endpoint.VALIDATE ? forbidden("API key required")
                    : ApiResponse.errors(401, ApiResponse.JSON, "Unauthorized"));
        }
        if (!config.apiKeys().contains(apiKey) || revoked.contains(apiKey)) {
            return Optional.of(forbidden("Forbidden"));
        }
        return switch (endpoint.access()) {
            case API_KEY -> Optional.empty();
            case KEYS -> config.knowsAppKey(appKey) ? Optional.empty()
                    : Optional.of(ApiResponse.errors(401, ApiResponse.JSON, "Unauthorized"));
            case READ -> permission(appKey, config.appKeysWithoutRead());
            case WRITE -> permission(appKey, config.appKeysWithoutWrite());
        };
    }

    private Optional<ApiResponse> permission(String appKey, Set<String> lacking) {
        if (appKey == null || appKey.isEmpty()) {
            return Optional.of(ApiResponse.errors(401, ApiResponse.JSON, "Unauthorized"));
        }
        if (!config.knowsAppKey(appKey)) {
            return Optional.of(forbidden("Forbidden"));
        }
        if (!lacking.contains(appKey)) {
            return Optional.empty();
        }
        ObjectNode body = Json.object();
        body.putArray("errors").addObject()
                .put("status", "403")
                .put("title", "Forbidden")
                .put("detail", "Failed permission authorization checks");
        return Optional.of(ApiResponse.of(403, ApiResponse.JSON, body));
    }

    private static ApiResponse forbidden(String message) {
        return ApiResponse.errors(403, ApiResponse.JSON, message);
    }
}
