package io.dorastream.aggregator.rollup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.dorastream.aggregator.config.AggregatorConfig;
import io.dorastream.aggregator.metrics.DeploymentFacts;
import io.dorastream.aggregator.metrics.FailureFacts;
import io.dorastream.events.Deployment;
import io.dorastream.events.DoraJson;
import io.dorastream.events.Incident;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * Recomputes, from the stored latest events alone, everything ingestion derives incrementally: each
 * event's facts, the {@code incident_link} verdicts (set-based, over each service and env's whole
 * timeline), {@code deployment_daily} (with {@link RollupSql#rowsOfDeployments}, the same counting as
 * the queries' edge days), {@code deployment_monthly} (with {@link RollupSql#monthly}) and
 * {@code deployment_connection_monthly} (with {@link RollupSql#connectionMonthly}). Disaster
 * recovery, and the step that fills new rollup columns after an upgrade (the migration leaves a row in {@code rollup_rebuild_request}). One transaction that holds
 * off ingestion, so it never races it.
 */
@ApplicationScoped
public class Rebuilder {

    private static final Logger LOG = Logger.getLogger(Rebuilder.class);
    private static final int BATCH = 1_000;

    /** The monthly rollup of {@code deployment_daily}. */
    private static final String MONTHLY = "INSERT INTO deployment_monthly (" + RollupSql.MONTH_CELL + ", "
            + RollupSql.MONTHLY_COLUMNS + ") " + RollupSql.monthly("deployment_daily");

    /** The connection-wide monthly rollup of {@code deployment_monthly}. */
    private static final String CONNECTION_MONTHLY = "INSERT INTO deployment_connection_monthly (" + RollupSql.CONNECTION_MONTH
            + ", " + RollupSql.CONNECTION_MONTHLY_COLUMNS + ") " + RollupSql.connectionMonthly("deployment_monthly");

    /** What a rebuild did. */
    public record Result(long deployments, long incidents, long incidentLinkFailed, long rollupRows, Instant startedAt,
            Instant finishedAt) {
    }

    private final DataSource dataSource;
    private final Duration timeout;

    public Rebuilder(DataSource dataSource, AggregatorConfig config) {
        this.dataSource = dataSource;
        this.timeout = config.rebuild().timeout();
    }

    void onStart(@Observes StartupEvent event) {
        rebuildIfRequested();
    }

    /** Rebuilds when a migration asked for it ({@code rollup_rebuild_request}); returns what was done, or null. */
    public Result rebuildIfRequested() {
        boolean requested = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM rollup_rebuild_request)")) {
                return rs.next() && rs.getBoolean(1);
            }
        });
        if (!requested) {
            return null;
        }
        LOG.info("an upgrade asked for the rollups to be rebuilt; rebuilding");
        Result r = rebuild();
        LOG.infof("rebuilt the rollups: %s", r);
        return r;
    }

    /** Rebuilds everything in one transaction. */
    public Result rebuild() {
        return QuarkusTransaction.requiringNew().timeout((int) Math.min(Integer.MAX_VALUE, timeout.toSeconds())).call(() -> {
            Instant started = Instant.now();
            try (Connection c = dataSource.getConnection()) {
                try (Statement s = c.createStatement()) {
                    // Ingestion waits (its row locks and writes conflict), queries go on reading the previous state.
                    // Taken in the order ingestion takes them (incident, then deployment, then the rollup), so a
                    // batch already holding one of them finishes instead of deadlocking with the rebuild.
                    s.execute("LOCK TABLE incident, deployment, deployment_daily, deployment_monthly,"
                            + " deployment_connection_monthly IN EXCLUSIVE MODE");
                }
                long deployments = deploymentFacts(c);
                long incidents = incidentFacts(c);
                long linkFailed;
                long rows;
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE deployment d SET link_failed = v.failed FROM (" + RollupSql.linkVerdicts("true") + ") v"
                            + " WHERE d.connection_id = v.connection_id AND d.event_id = v.event_id AND d.link_failed <> v.failed");
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM deployment WHERE link_failed AND NOT deleted")) {
                        rs.next();
                        linkFailed = rs.getLong(1);
                    }
                    s.executeUpdate("DELETE FROM deployment_daily");
                    rows = s.executeUpdate("INSERT INTO deployment_daily (" + RollupSql.COLUMNS + ") "
                            + RollupSql.rowsOfDeployments("true"));
                    s.executeUpdate("DELETE FROM deployment_monthly");
                    s.executeUpdate(MONTHLY);
                    s.executeUpdate("DELETE FROM deployment_connection_monthly");
                    s.executeUpdate(CONNECTION_MONTHLY);
                    s.executeUpdate("DELETE FROM rollup_rebuild_request");
                }
                return new Result(deployments, incidents, linkFailed, rows, started, Instant.now());
            }
        });
    }

    /** Re-derives every stored deployment's facts from its stored event; returns how many there are. */
    private static long deploymentFacts(Connection c) throws SQLException {
        long n = 0;
        try (PreparedStatement read = c.prepareStatement("SELECT connection_id, event_id, event FROM deployment WHERE NOT deleted");
                PreparedStatement update = c.prepareStatement("UPDATE deployment SET lead_time_sec = ?, change_failure = ?,"
                        + " recovery_time_sec = ?, remediation_type = ?, deployment_type = ?, window_at = ?"
                        + " WHERE connection_id = ? AND event_id = ?")) {
            read.setFetchSize(BATCH);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    String eventId = rs.getString(2);
                    DeploymentFacts f = DeploymentFacts.from(eventId, parse(rs.getString(3), Deployment.class));
                    update.setObject(1, f.leadTimeSec(), java.sql.Types.DOUBLE);
                    update.setObject(2, f.changeFailure(), java.sql.Types.BOOLEAN);
                    update.setObject(3, f.recoveryTimeSec(), java.sql.Types.BIGINT);
                    update.setString(4, f.remediationType());
                    update.setString(5, f.deploymentType());
                    update.setObject(6, Utc.of(f.windowInstant()));
                    update.setObject(7, rs.getObject(1, UUID.class));
                    update.setString(8, eventId);
                    update.addBatch();
                    if (++n % BATCH == 0) {
                        update.executeBatch();
                    }
                }
            }
            update.executeBatch();
        }
        return n;
    }

    /** Re-derives every stored failure's time to restore; returns how many there are. */
    private static long incidentFacts(Connection c) throws SQLException {
        long n = 0;
        try (PreparedStatement read = c.prepareStatement("SELECT connection_id, event_id, event FROM incident WHERE NOT deleted");
                PreparedStatement update = c.prepareStatement(
                        "UPDATE incident SET time_to_restore_sec = ? WHERE connection_id = ? AND event_id = ?")) {
            read.setFetchSize(BATCH);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    String eventId = rs.getString(2);
                    FailureFacts f = FailureFacts.from(eventId, parse(rs.getString(3), Incident.class));
                    update.setObject(1, f.timeToRestoreSeconds(), java.sql.Types.DOUBLE);
                    update.setObject(2, rs.getObject(1, UUID.class));
                    update.setString(3, eventId);
                    update.addBatch();
                    if (++n % BATCH == 0) {
                        update.executeBatch();
                    }
                }
            }
            update.executeBatch();
        }
        return n;
    }

    private static <T> T parse(String json, Class<T> type) {
        try {
            return DoraJson.mapper().readValue(json, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored event cannot be read back: " + e.getMessage(), e);
        }
    }
}
