package io.dorastream.gateway.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The shapes of the public API, for the OpenAPI document. The gateway forwards most bodies as the
 * backends write them, so these records describe the contract rather than being filled in; the
 * contract tests validate every response against the document built from them. A figure field is
 * null where no value exists (docs/metrics.md); {@code approximate} is present and true on a figure
 * served from a sketch.
 */
public final class ApiModel {

    private ApiModel() {
    }

    private static final String LEVEL = "DORA performance level of the benchmark; null without enough data";

    // ---------------------------------------------------------------- metrics

    @Schema(description = "The window [from, to) of a summary")
    public record Window(
            @Schema(required = true) Instant from,
            @Schema(required = true, description = "exclusive") Instant to,
            @Schema(required = true, description = "length in days (fractional)") double days) {
    }

    @Schema(description = "The filters applied, normalized (sorted, de-duplicated); empty = all")
    public record Filters(
            @Schema(required = true) List<String> connection,
            @Schema(required = true) List<String> service,
            @Schema(required = true) List<String> env,
            @Schema(required = true) List<String> team) {
    }

    @Schema(description = "Deployment frequency")
    public record DeploymentFrequency(
            @Schema(required = true) long count,
            @Schema(required = true, nullable = true) Double perDay,
            @Schema(required = true) long deploymentDays,
            @Schema(required = true, nullable = true) Double medianDeploymentDaysPerWeek,
            @Schema(required = true, nullable = true) Double medianDeploymentDaysPerMonth,
            @Schema(required = true, nullable = true, description = LEVEL, enumeration = {"elite", "high", "medium", "low"}) String level,
            Boolean approximate) {
    }

    @Schema(description = "Change lead time: commit to deployment")
    public record ChangeLeadTime(
            @Schema(required = true) long n,
            @Schema(required = true, nullable = true) Double medianSeconds,
            @Schema(required = true, nullable = true) Double p75Seconds,
            @Schema(required = true, nullable = true) Double p90Seconds,
            @Schema(required = true, nullable = true, description = LEVEL, enumeration = {"elite", "high", "medium", "low"}) String level,
            Boolean approximate) {
    }

    @Schema(description = "Change failure rate with its 95% Wilson interval")
    public record ChangeFailureRate(
            @Schema(required = true, description = "how failures were attributed") String method,
            @Schema(required = true) long deployments,
            @Schema(required = true) long evaluated,
            @Schema(required = true) long failed,
            @Schema(required = true) long pending,
            @Schema(required = true, nullable = true) Double rate,
            @Schema(required = true, nullable = true, minItems = 2, maxItems = 2) List<Double> ci95,
            @Schema(required = true, nullable = true, description = LEVEL, enumeration = {"elite", "high", "medium", "low"}) String level,
            Boolean approximate) {
    }

    @Schema(description = "Failed deployment recovery time")
    public record FailedDeploymentRecoveryTime(
            @Schema(required = true) long n,
            @Schema(required = true, nullable = true) Double medianSeconds,
            @Schema(required = true, nullable = true) Double p90Seconds,
            @Schema(required = true, nullable = true, description = LEVEL, enumeration = {"elite", "high", "medium", "low"}) String level,
            Boolean approximate) {
    }

    @Schema(description = "Time to restore service after an incident")
    public record TimeToRestore(
            @Schema(required = true) long n,
            @Schema(required = true, description = "incidents still open") long open,
            @Schema(required = true, nullable = true) Double medianSeconds,
            @Schema(required = true, nullable = true) Double p90Seconds,
            Boolean approximate) {
    }

    @Schema(description = "Rework rate: deployments that fixed a previous one")
    public record ReworkRate(
            @Schema(required = true) long known,
            @Schema(required = true) long rework,
            @Schema(required = true, nullable = true) Double rate,
            Boolean approximate) {
    }

    @Schema(description = "How failed deployments were remediated")
    public record Remediation(
            @Schema(required = true, nullable = true) Double rollbackRate,
            @Schema(required = true, description = "count per remediation type (rollback, rollforward, …)") Map<String, Long> byType) {
    }

    @Schema(description = "Every DORA figure of a window and filters (docs/metrics.md)")
    public record Summary(
            @Schema(required = true) Window window,
            @Schema(required = true) Filters filters,
            @Schema(required = true, enumeration = {"dora-2023", "dora-2021"}) String benchmark,
            @Schema(required = true) DeploymentFrequency deploymentFrequency,
            @Schema(required = true) ChangeLeadTime changeLeadTime,
            @Schema(required = true) ChangeFailureRate changeFailureRate,
            @Schema(required = true) FailedDeploymentRecoveryTime failedDeploymentRecoveryTime,
            @Schema(required = true) TimeToRestore timeToRestore,
            @Schema(required = true) ReworkRate reworkRate,
            @Schema(required = true) Remediation remediation,
            @Schema(required = true, nullable = true, description = "the oldest watermark applied among the connections and streams in scope")
            Instant dataAsOf) {
    }

    @Schema(description = "One bucket of a time series [start, end) with its own figures")
    public record TimeSeriesPoint(
            @Schema(required = true) Instant start,
            @Schema(required = true) Instant end,
            @Schema(required = true) DeploymentFrequency deploymentFrequency,
            @Schema(required = true) ChangeLeadTime changeLeadTime,
            @Schema(required = true) ChangeFailureRate changeFailureRate,
            @Schema(required = true) FailedDeploymentRecoveryTime failedDeploymentRecoveryTime,
            @Schema(required = true) TimeToRestore timeToRestore,
            @Schema(required = true) ReworkRate reworkRate,
            @Schema(required = true) Remediation remediation,
            @Schema(required = true, nullable = true) Instant dataAsOf) {
    }

    @Schema(description = "The figures per day, ISO week (Monday) or month; edge buckets clipped to the window")
    public record TimeSeries(
            @Schema(required = true, enumeration = {"day", "week", "month"}) String interval,
            @Schema(required = true) List<TimeSeriesPoint> points) {
    }

    @Schema(description = "The figures of one service, team or env")
    public record BreakdownItem(
            @Schema(required = true) String key,
            @Schema(required = true) DeploymentFrequency deploymentFrequency,
            @Schema(required = true) ChangeLeadTime changeLeadTime,
            @Schema(required = true) ChangeFailureRate changeFailureRate,
            @Schema(required = true) FailedDeploymentRecoveryTime failedDeploymentRecoveryTime,
            @Schema(required = true) TimeToRestore timeToRestore,
            @Schema(required = true) ReworkRate reworkRate,
            @Schema(required = true) Remediation remediation,
            @Schema(required = true, nullable = true) Instant dataAsOf) {
    }

    @Schema(description = "The figures per key, by deployment count descending, then key")
    public record Breakdown(
            @Schema(required = true, enumeration = {"service", "team", "env"}) String by,
            @Schema(required = true) List<BreakdownItem> items) {
    }

    // ---------------------------------------------------------------- events

    @Schema(description = "A deployment as last published (the normalized event's fields, e.g. service/env/team, also appear)")
    public record Deployment(
            @Schema(required = true) String connectionId,
            @Schema(required = true) String eventId,
            @Schema(required = true) long version,
            @Schema(required = true, nullable = true) Instant startedAt,
            @Schema(required = true, nullable = true) Instant finishedAt,
            @Schema(required = true, nullable = true, enumeration = {"failed", "ok", "pending"}) String changeFailure,
            @Schema(required = true, description = "Datadog's raw attributes") Map<String, Object> raw) {
    }

    @Schema(description = "An incident (failure) as last published (the normalized event's fields also appear)")
    public record Incident(
            @Schema(required = true) String connectionId,
            @Schema(required = true) String eventId,
            @Schema(required = true) long version,
            @Schema(required = true, nullable = true) Instant startedAt,
            @Schema(required = true, nullable = true) Instant finishedAt,
            @Schema(required = true, description = "Datadog's raw attributes") Map<String, Object> raw) {
    }

    @Schema(description = "A page of deployments, newest first")
    public record DeploymentPage(
            @Schema(required = true) List<Deployment> items,
            @Schema(required = true, nullable = true, description = "pass as cursor for the next page; null on the last") String nextCursor) {
    }

    @Schema(description = "A page of incidents, newest first")
    public record IncidentPage(
            @Schema(required = true) List<Incident> items,
            @Schema(required = true, nullable = true, description = "pass as cursor for the next page; null on the last") String nextCursor) {
    }

    // ---------------------------------------------------------------- connections

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
            Instant updatedAt) {
    }

    @Schema(description = "Every connection")
    public record ConnectionList(@Schema(required = true) List<Connection> items) {
    }

    @Schema(description = "The sync of one stream of a connection")
    public record StreamSync(
            @Schema(required = true, enumeration = {"backfilling", "live", "paused", "unavailable", "unauthorized", "failing"}) String state,
            @Schema(nullable = true, description = "0..1 while backfilling") Double backfillProgress,
            @Schema(nullable = true, description = "how far the stream has read (the connector's position, an instant)") String position,
            @Schema(nullable = true) Double lagSeconds,
            @Schema(nullable = true) Instant lastSuccessAt,
            @Schema(nullable = true) String lastError,
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

    // ---------------------------------------------------------------- status

    @Schema(description = "Whether the gateway can reach a backend and the backend says it is ready")
    public record BackendHealth(
            @Schema(required = true, enumeration = {"connector-service", "aggregator-service"}) String name,
            @Schema(required = true, enumeration = {"up", "down"}) String status,
            @Schema(required = true, nullable = true) String detail) {
    }

    @Schema(description = "The sync summary of one connection")
    public record ConnectionSync(
            @Schema(required = true) String connectionId,
            @Schema(required = true, nullable = true) String name,
            @Schema(required = true, nullable = true, enumeration = {"active", "paused", "unauthorized", "failing"}) String status,
            @Schema(required = true) Map<String, StreamSync> streams) {
    }

    @Schema(description = "The health of the backends and the sync of every connection")
    public record StatusReport(
            @Schema(required = true, enumeration = {"ok", "degraded"}, description = "degraded when a backend is down") String status,
            @Schema(required = true) List<BackendHealth> backends,
            @Schema(required = true, nullable = true, description = "null when the connector cannot be asked") List<ConnectionSync> connections) {
    }
}
