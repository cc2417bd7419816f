package io.dorastream.aggregator.rollup;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import io.dorastream.aggregator.metrics.DeploymentFacts;

/**
 * What the rollup holds of one stored, non-deleted deployment: where it counts (connection, UTC day of
 * its window instant, service, env, team) and its derived facts, including its current
 * {@code incident_link} verdict ({@code linkFailed}).
 */
public record DeploymentRow(UUID connectionId, String eventId, Instant windowAt, String service, String env, String team,
        Double leadTimeSec, Boolean changeFailure, Long recoveryTimeSec, String remediationType, String deploymentType,
        boolean linkFailed) {

    /** The columns {@link #read} expects, in order (prefix them with a table alias where needed). */
    public static final String COLUMNS = "connection_id, event_id, window_at, service, env, team, lead_time_sec,"
            + " change_failure, recovery_time_sec, remediation_type, deployment_type, link_failed";

    /** {@link #COLUMNS} with a table alias. */
    public static String columns(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    /** The row of a deployment's facts, not (yet) failed under incident_link. */
    public static DeploymentRow of(UUID connectionId, String eventId, DeploymentFacts f) {
        return new DeploymentRow(connectionId, eventId, f.windowInstant(), f.service(), f.env(), f.team(), f.leadTimeSec(),
                f.changeFailure(), f.recoveryTimeSec(), f.remediationType(), f.deploymentType(), false);
    }

    /** Reads {@link #COLUMNS} starting at column {@code first}. */
    public static DeploymentRow read(ResultSet rs, int first) throws SQLException {
        int i = first;
        UUID connection = rs.getObject(i++, UUID.class);
        String eventId = rs.getString(i++);
        Timestamp windowAt = rs.getTimestamp(i++);
        String service = rs.getString(i++);
        String env = rs.getString(i++);
        String team = rs.getString(i++);
        Double lead = rs.getObject(i++, Double.class);
        Boolean cf = rs.getObject(i++, Boolean.class);
        Long recovery = rs.getObject(i++, Long.class);
        String remediation = rs.getString(i++);
        String type = rs.getString(i++);
        boolean link = rs.getBoolean(i);
        return new DeploymentRow(connection, eventId, windowAt.toInstant(), service, env, team, lead, cf, recovery, remediation,
                type, link);
    }

    public DeploymentRow withLinkFailed(boolean failed) {
        return new DeploymentRow(connectionId, eventId, windowAt, service, env, team, leadTimeSec, changeFailure,
                recoveryTimeSec, remediationType, deploymentType, failed);
    }

    /** The rollup row it counts in. */
    public RollupRefresh.Key rollupKey() {
        return new RollupRefresh.Key(connectionId, LocalDate.ofInstant(windowAt, ZoneOffset.UTC), nz(service), nz(env), nz(team));
    }

    /** The point of its service and env's timeline it occupies; null when it lacks either (nothing links to it). */
    public Relinker.Point timelinePoint() {
        return service == null || env == null ? null : new Relinker.Point(connectionId, service, env, windowAt);
    }

    /** The rollup's stand-in for "none": an empty string (part of the primary key). */
    public static String nz(String s) {
        return s == null ? "" : s;
    }
}
