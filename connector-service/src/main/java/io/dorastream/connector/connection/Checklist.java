package io.dorastream.connector.connection;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.connector.datadog.DatadogResponse;
import io.dorastream.connector.datadog.DatadogSite;
import io.dorastream.events.DoraJson;
import io.dorastream.events.Stream;

/**
 * Turns Datadog's answers to the connect sequence into the checklist's lines, each saying what to fix.
 * The sequence decides who is at fault, never the status code alone (Datadog answers 401 and 403 for the
 * same causes): {@code /api/v1/validate} judges the API key alone; once it passed, a refused
 * {@code /api/v2/validate_keys} means the application key; once both passed, a refused stream means the
 * application key lacks {@code dora_metrics_read}.
 */
final class Checklist {

    static final String API_KEY = "apiKey";
    static final String APP_KEY = "appKey";
    static final String READ_PERMISSION = "dora_metrics_read";

    private Checklist() {
    }

    /** {@code /api/v1/validate} refused the API key: most often a key of another Datadog site. */
    static SourceCheck apiKeyRefused(DatadogSite site, DatadogResponse r) {
        return SourceCheck.failed(API_KEY, r.errorText(), "check the site (this connection's is " + site.host()
                + "): each Datadog site refuses the keys of the others — keys from datadoghq.eu used on datadoghq.com"
                + " are refused as forbidden; else the API key is wrong or revoked");
    }

    /**
     * The answer of {@code /api/v2/validate_keys} after the API key passed: the application key's line, or null
     * when the site does not offer the endpoint (404, as before 2026) or answered something it does not mean.
     */
    static SourceCheck appKey(DatadogResponse r) {
        if (r.ok()) {
            return SourceCheck.passed(APP_KEY);
        }
        if (r.status() == 401 || r.status() == 403) {
            return SourceCheck.failed(APP_KEY, r.errorText(), "Datadog accepts the API key but refuses the application key:"
                    + " give an application key (not a second API key) of the same organisation, one not revoked");
        }
        return null;
    }

    /**
     * A stream's {@code limit: 1} probe over the whole backfill range.
     *
     * @param appKeyChecked whether {@code validate_keys} vouched for the application key
     */
    static SourceCheck stream(Stream stream, DatadogResponse r, boolean appKeyChecked, int backfillDays, String query) {
        if (!r.ok()) {
            return SourceCheck.failed(stream.id(), r.errorText(), refusalHint(r.status(), appKeyChecked, query));
        }
        JsonNode data;
        try {
            data = DoraJson.mapper().readTree(r.body()).path("data");
        } catch (Exception e) {
            data = null;
        }
        if (data == null || !data.isArray()) {
            // readable (a 200), but nothing to say about its events: the sync will report a body it cannot read
            return new SourceCheck(stream.id(), true, "readable", null, null, null);
        }
        String events = noun(stream) + " events" + (query == null || query.isBlank() ? "" : " matching the query");
        if (data.isEmpty()) {
            return new SourceCheck(stream.id(), true,
                    "readable, but no " + events + " in the last " + backfillDays + " days",
                    "is Datadog receiving them? (" + origins(stream) + ")"
                            + (query == null || query.isBlank() ? "" : " Or does the query leave them out?"),
                    false, null);
        }
        JsonNode source = data.get(0).path("attributes").path("source");
        String eventSource = source.isTextual() && !source.asText().isBlank() ? source.asText() : null;
        return new SourceCheck(stream.id(), true,
                "readable: " + events + " found" + (eventSource == null ? "" : " (source " + eventSource + ")"), null, true,
                eventSource);
    }

    /** The id of the event a readable stream's probe read, or null when it read none (or an answer without ids). */
    static String probedEventId(DatadogResponse r) {
        if (!r.ok()) {
            return null;
        }
        try {
            JsonNode id = DoraJson.mapper().readTree(r.body()).path("data").path(0).path("id");
            return id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String refusalHint(int status, boolean appKeyChecked, String query) {
        if (status == 401 || status == 403) {
            return appKeyChecked
                    ? "both keys are valid, so the application key lacks the " + READ_PERMISSION
                            + " permission: grant it to the key's user (or add it to the key's scopes)"
                    : "the application key is wrong, or lacks the " + READ_PERMISSION + " permission";
        }
        if (status == 400 && query != null && !query.isBlank()) {
            return "Datadog refused the request: check the query";
        }
        return null;
    }

    private static String noun(Stream stream) {
        return stream == Stream.DEPLOYMENTS ? "deployment" : "failure";
    }

    /** Where Datadog gets a stream's events from. */
    private static String origins(Stream stream) {
        return stream == Stream.DEPLOYMENTS ? "APM deployment tracking, the DORA API, or CI integration"
                : "Incident Management, the DORA API, or an incident integration";
    }

    /** Why a connection is refused, or null when its checks allow it: the first failed key, else no readable stream. */
    static String refusal(List<SourceCheck> checks) {
        for (SourceCheck c : checks) {
            if (c.name().equals(API_KEY) && !c.ok()) {
                return "Datadog refused the API key: " + c.detail();
            }
            if (c.name().equals(APP_KEY) && !c.ok()) {
                return "Datadog refused the application key: " + c.detail();
            }
        }
        List<SourceCheck> streams = checks.stream()
                .filter(c -> java.util.Arrays.stream(Stream.values()).anyMatch(s -> s.id().equals(c.name()))).toList();
        if (streams.stream().anyMatch(SourceCheck::ok)) {
            return null;
        }
        List<String> hints = streams.stream().map(SourceCheck::hint).distinct().toList();
        return "no DORA stream is readable with these keys and query"
                + (hints.size() == 1 && hints.get(0) != null ? ": " + hints.get(0) : "");
    }
}
