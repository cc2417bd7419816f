package io.dorastream.connector.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.dorastream.connector.connection.ConnectionEntity;
import io.dorastream.connector.connection.ConnectionService;
import io.dorastream.connector.connection.ConnectionStatus;
import io.dorastream.connector.connection.SourceCheck;
import io.dorastream.connector.connection.StreamStateEntity;

/**
 * A connection as the internal API shows it: keys only as hints. {@code checks}, the live validation's checklist, only
 * in the answer of the write that ran it (create, new keys or query); {@code warnings}, only in a create's answer and only
 * when there is one.
 */
public record ConnectionView(UUID id, String name, String site, String apiKeyHint, String appKeyHint, String query,
        int backfillDays, int pollIntervalSeconds, ConnectionStatus status, Map<String, Source> sources, Instant createdAt,
        Instant updatedAt, @JsonInclude(JsonInclude.Include.NON_NULL) List<SourceCheck> checks,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ConnectionService.Warning> warnings) {

    /** Whether a stream is readable with the connection's keys, with Datadog's text when it is not. */
    public record Source(boolean available, String detail) {
    }

    public static ConnectionView of(ConnectionEntity c, List<StreamStateEntity> streams) {
        Map<String, Source> sources = new java.util.TreeMap<>();
        streams.forEach(s -> sources.put(s.stream, new Source(s.available, s.availabilityDetail)));
        return new ConnectionView(c.id, c.name, c.site, c.apiKeyHint, c.appKeyHint, c.query, c.backfillDays,
                c.pollIntervalSeconds, c.paused ? ConnectionStatus.PAUSED : c.status, sources, c.createdAt, c.updatedAt, null, null);
    }

    /** This view with the checklist of the validation that let the write happen (null: none ran). */
    public ConnectionView withChecks(List<SourceCheck> value) {
        return new ConnectionView(id, name, site, apiKeyHint, appKeyHint, query, backfillDays, pollIntervalSeconds, status,
                sources, createdAt, updatedAt, value, warnings);
    }

    /** This view with warnings about the write (empty or null: none). */
    public ConnectionView withWarnings(List<ConnectionService.Warning> value) {
        return new ConnectionView(id, name, site, apiKeyHint, appKeyHint, query, backfillDays, pollIntervalSeconds, status,
                sources, createdAt, updatedAt, checks, value);
    }
}
