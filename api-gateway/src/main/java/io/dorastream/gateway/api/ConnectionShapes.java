package io.dorastream.gateway.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The shapes of the connection bodies the gateway forwards to and from the connector, for the OpenAPI
 * document (they describe the contract rather than being filled in; the contract tests validate every
 * response against the document). {@link StreamSync} is also part of the gateway's status report.
 */
public final class ConnectionShapes {

    private ConnectionShapes() {
    }

    @Schema(description = "A new connection to a Datadog organisation; the keys are validated live and stored encrypted")
    public record NewConnection(
            @Schema(required = true) String name,
            @Schema(required = true, description = "Datadog site, e.g. datadoghq.eu") String site,
            @Schema(required = true, writeOnly = true) String apiKey,
            @Schema(required = true, writeOnly = true) String appKey,
            @Schema(description = "Datadog event query narrowing what is read") String query,
            @Schema(description = "how far back to read at first (max 730)") Integer backfillDays,
            Integer pollIntervalSeconds) {
    }

    @Schema(description = "Changes to a connection; only the fields present change")
    public record ConnectionUpdate(String name, @Schema(writeOnly = true) String apiKey,
            @Schema(writeOnly = true) String appKey, String query, Boolean paused, Integer pollIntervalSeconds) {
    }

    @Schema(description = "Whether Datadog serves a stream to these keys")
    public record Source(@Schema(required = true) boolean available, @Schema(nullable = true) String detail) {
    }

    @Schema(description = "One line of the live validation of a connection's keys and streams, saying what to fix")
    public record Check(
            @Schema(required = true, enumeration = {"apiKey", "appKey", "deployments", "failures"},
                    description = "what was checked: the API key alone, both keys (where Datadog offers validate_keys),"
                            + " or a stream read over the whole backfill range") String name,
            @Schema(required = true) boolean ok,
            @Schema(nullable = true, description = "Datadog's own text when it failed; what the read found when a stream passed") String detail,
            @Schema(nullable = true, description = "what to fix or look at, e.g. the site, the dora_metrics_read permission,"
                    + " or where Datadog gets the events of a stream that holds none") String hint,
            @Schema(nullable = true, description = "a readable stream: whether its backfill range holds any event") Boolean hasEvents,
            @Schema(nullable = true, description = "a readable stream with events: the source of the event read,"
                    + " e.g. apm_deployments or api") String eventSource) {
    }

    @Schema(description = "A connection; keys are never returned, only their hints")
    public record Connection(
            @Schema(required = true) String id,
            @Schema(required = true) String name,
            @Schema(required = true) String site,
            String apiKeyHint,
            String appKeyHint,
            @Schema(nullable = true) String query,
            Integer backfillDays,
            Integer pollIntervalSeconds,
            @Schema(required = true, enumeration = {"active", "paused", "unauthorized", "failing"}) String status,
            Map<String, Source> sources,
            Instant createdAt,
            Instant updatedAt,
            @Schema(description = "the live validation's checklist, only in the answer of the write that ran it"
                    + " (creation, new keys or query)") List<Check> checks,
            @Schema(description = "only in a creation's answer, only when there is one: what to look at although the"
                    + " connection was created") List<Warning> warnings) {
    }

    @Schema(description = "Something to look at although the write succeeded")
    public record Warning(
            @Schema(required = true, enumeration = {"events-seen-under-another-connection"},
                    description = "events-seen-under-another-connection: an event the new connection's first reads found is"
                            + " already published under another connection — most likely another key to the same Datadog"
                            + " organisation, which would count every figure twice") String code,
            @Schema(required = true, description = "the other connection's id") String connectionId,
            @Schema(required = true, description = "the other connection's name") String name,
            @Schema(required = true, description = "what it means and what to do, in words") String message) {
    }

    @Schema(description = "A connection named by a problem: the existing one a write would have duplicated")
    public record ConnectionRef(@Schema(required = true) String id, @Schema(required = true) String name) {
    }

    @Schema(description = "Every connection")
    public record ConnectionList(@Schema(required = true) List<Connection> items) {
    }

    @Schema(description = "Why a stream's last poll failed")
    public record StreamError(
            @Schema(required = true, enumeration = {"datadog", "dorastream"},
                    description = "whose failure: datadog (counted by the connection's circuit breaker unless it refused the keys"
                            + " or the query) or dorastream (its own database, Kafka, keyring or a bug; never counted, retried with backoff)")
            String source,
            @Schema(description = "a stable code, e.g. datadog-error, datadog-unreachable, datadog-rate-limited, datadog-unauthorized,"
                    + " datadog-invalid-query, database, kafka, key-ring, parsing, internal") String kind,
            @Schema(required = true, description = "what happened, in words (Datadog's own detail for a refused query)") String message,
            Instant at) {
    }

    @Schema(description = "The sync of one stream of a connection")
    public record StreamSync(
            @Schema(required = true, enumeration = {"backfilling", "live", "paused", "unavailable", "unauthorized", "invalid_query",
                    "failing"}) String state,
            @Schema(nullable = true, description = "0..1 while backfilling") Double backfillProgress,
            @Schema(nullable = true, description = "how far the stream has read (the connector's position, an instant)") String position,
            @Schema(nullable = true) Double lagSeconds,
            @Schema(nullable = true) Instant lastSuccessAt,
            @Schema(nullable = true) StreamError lastError,
            @Schema(nullable = true, description = "while unauthorized: when the keys are tried again (the connection resumes by itself once Datadog accepts them)") Instant nextProbeAt,
            @Schema(nullable = true) Long eventsPublished,
            @Schema(nullable = true) Long eventsRejected,
            @Schema(nullable = true) Long rateLimitRemaining,
            @Schema(nullable = true, description = "when the last re-read of a range (reconciliation, request, query change) finished") Instant lastRereadDoneAt,
            @Schema(nullable = true, description = "when the next full reconciliation starts") Instant nextReconcileAt) {
    }

    @Schema(description = "The sync status of a connection, per stream (deployments, failures)")
    public record SyncStatus(
            @Schema(required = true) String connectionId,
            @Schema(required = true) Map<String, StreamSync> streams) {
    }

    @Schema(description = "A range to read again (default: the whole backfill range); dates or RFC 3339 instants")
    public record SyncRequest(@Schema(format = "date-time") String from, @Schema(format = "date-time") String to) {
    }

    @Schema(description = "The range being read again: changes are published, vanished events tombstoned")
    public record SyncAccepted(
            @Schema(required = true) String connectionId,
            @Schema(nullable = true) Instant from,
            @Schema(nullable = true) Instant to) {
    }
}
