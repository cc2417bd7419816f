package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for the simulator in tests. */
final class SimClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String apiKey;
    private final String appKey;

    SimClient(DatadogSimulator simulator) {
        this(simulator.baseUri(), SimulatorConfig.DEFAULT_API_KEY, SimulatorConfig.DEFAULT_APP_KEY);
    }

    private SimClient(URI base, String apiKey, String appKey) {
        this.base = base;
        this.apiKey = apiKey;
        this.appKey = appKey;
    }

    /** The same client sending other keys ({@code null} omits a header). */
    SimClient withKeys(String api, String app) {
        return new SimClient(base, api, app);
    }

    /** An answer. */
    record Reply(int status, HttpHeaders headers, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String contentType() {
            return header("Content-Type");
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    Reply get(String path) {
        return send("GET", path, null);
    }

    Reply post(String path, String body) {
        return send("POST", path, body);
    }

    Reply put(String path, String body) {
        return send("PUT", path, body);
    }

    Reply patch(String path, String body) {
        return send("PATCH", path, body);
    }

    Reply delete(String path) {
        return send("DELETE", path, null);
    }

    /** {@code POST /api/v2/dora/deployments} with these attributes (JSON object text). */
    Reply listDeployments(String attributes) {
        return post("/api/v2/dora/deployments",
                "{\"data\":{\"type\":\"dora_deployments_list_request\",\"attributes\":" + attributes + "}}");
    }

    /** {@code POST /api/v2/dora/failures} with these attributes (JSON object text). */
    Reply listFailures(String attributes) {
        return post("/api/v2/dora/failures",
                "{\"data\":{\"type\":\"dora_failures_list_request\",\"attributes\":" + attributes + "}}");
    }

    Reply send(String method, String path, String body) {
        try {
            return sendOrThrow(method, path, body, Duration.ofSeconds(10));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends without wrapping I/O failures (for tests expecting a dropped connection). */
    Reply sendOrThrow(String method, String path, String body, Duration timeout) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (apiKey != null) {
            request.header("DD-API-KEY", apiKey);
        }
        if (appKey != null) {
            request.header("DD-APPLICATION-KEY", appKey);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
