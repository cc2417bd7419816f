package io.dorastream.connector.datadog;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.events.DoraJson;

/** One answer of Datadog: status, body text and rate-limit headers. */
public record DatadogResponse(int status, String body, RateLimit rateLimit) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /**
     * Datadog's own error text: {@code errors} holds strings on some endpoints and JSON:API objects
     * ({@code title}, {@code detail}) on others.
     */
    public String errorText() {
        try {
            JsonNode errors = DoraJson.mapper().readTree(body == null ? "" : body).path("errors");
            List<String> parts = new ArrayList<>();
            for (JsonNode e : errors) {
                if (e.isTextual()) {
                    parts.add(e.asText());
                } else if (e.isObject()) {
                    String detail = e.path("detail").asText("");
                    parts.add(detail.isEmpty() ? e.path("title").asText("") : detail);
                }
            }
            if (!parts.isEmpty()) {
                return String.join("; ", parts);
            }
        } catch (Exception e) {
            // not JSON: fall through to the status
        }
        return "HTTP " + status;
    }
}
