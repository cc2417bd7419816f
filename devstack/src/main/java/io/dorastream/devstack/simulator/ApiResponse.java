package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One answer of the simulated API: status, content type and body bytes (empty for no body).
 *
 * @param status      HTTP status
 * @param contentType the {@code Content-Type}, or {@code null} without a body
 * @param body        the body bytes
 */
record ApiResponse(int status, String contentType, byte[] body) {

    /** Content type of the DORA endpoints' answers. */
    static final String JSON_API = "application/vnd.api+json";
    /** Content type of the validation endpoints and of gateway errors (auth, rate limit, 5xx). */
    static final String JSON = "application/json";

    static ApiResponse of(int status, String contentType, JsonNode body) {
        return new ApiResponse(status, contentType, Json.bytes(body));
    }

    static ApiResponse noContent(int status) {
        return new ApiResponse(status, null, new byte[0]);
    }

    /** Datadog's plain error form {@code {"errors":["message", …]}}. */
    static ApiResponse errors(int status, String contentType, String message) {
        ObjectNode body = Json.object();
        body.putArray("errors").add(message);
        return of(status, contentType, body);
    }

    /** A JSON:API error {@code {"errors":[{"status","title","detail"}]}}. */
    static ApiResponse jsonApiError(int status, String title, String detail) {
        ObjectNode body = Json.object();
        ArrayNode errors = body.putArray("errors");
        errors.addObject().put("status", Integer.toString(status)).put("title", title).put("detail", detail);
        return of(status, JSON_API, body);
    }

    /** Datadog's 400 answer of the DORA endpoints. */
    static ApiResponse badRequest(String detail) {
        return jsonApiError(400, "Bad Request", detail);
    }
}
