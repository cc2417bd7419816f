package io.dorastream.bench;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * B2's reference, the naive way: one SQL statement computing the summary's figures (counts, deployment days,
 * percentiles of lead time, recovery and restore times) straight from the aggregator's raw events tables.
 */
final class NaiveQuery {

    private NaiveQuery() {
    }

    /** The statement for all services, or for the one service its last two parameters name. */
    static String sql(boolean oneService) {
        String deploymentFilter = oneService ? " AND service = ?" : "";
        String incidentFilter = oneService ? " AND ? = ANY (services)" : "";
        return "SELECT d.n, d.failed, d.evaluated, d.days, d.lead_p50, d.lead_p75, d.lead_p90, d.recovery_p50, d.recovery_p90,"
                + " i.restored, i.open, i.restore_p50, i.restore_p90 FROM"
                + " (SELECT count(*) AS n, count(*) FILTER (WHERE change_failure) AS failed, count(change_failure) AS evaluated,"
                + "   count(DISTINCT (window_at AT TIME ZONE 'UTC')::date) AS days,"
                + "   percentile_cont(0.5) WITHIN GROUP (ORDER BY lead_time_sec) AS lead_p50,"
                + "   percentile_cont(0.75) WITHIN GROUP (ORDER BY lead_time_sec) AS lead_p75,"
                + "   percentile_cont(0.9) WITHIN GROUP (ORDER BY lead_time_sec) AS lead_p90,"
                + "   percentile_cont(0.5) WITHIN GROUP (ORDER BY recovery_time_sec) FILTER (WHERE change_failure) AS recovery_p50,"
                + "   percentile_cont(0.9) WITHIN GROUP (ORDER BY recovery_time_sec) FILTER (WHERE change_failure) AS recovery_p90"
                + "  FROM deployment WHERE NOT deleted AND window_at >= ? AND window_at < ?" + deploymentFilter + ") d,"
                + " (SELECT count(finished_at) AS restored, count(*) FILTER (WHERE finished_at IS NULL) AS open,"
                + "   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at)) AS restore_p50,"
                + "   percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at)) AS restore_p90"
                + "  FROM incident WHERE NOT deleted AND started_at >= ? AND started_at < ?" + incidentFilter + ") i";
    }

    /** Runs the statement (from {@link #sql}) for {@code [from, to)} and a service (null: all); returns the deployment count. */
    static long run(PreparedStatement statement, Instant from, Instant to, String service) throws SQLException {
        int p = 1;
        statement.setTimestamp(p++, Timestamp.from(from));
        statement.setTimestamp(p++, Timestamp.from(to));
        if (service != null) {
            statement.setString(p++, service);
        }
        statement.setTimestamp(p++, Timestamp.from(from));
        statement.setTimestamp(p++, Timestamp.from(to));
        if (service != null) {
            statement.setString(p, service);
        }
        try (ResultSet r = statement.executeQuery()) {
            if (!r.next()) {
                throw new IllegalStateException("the naive statement returned no row");
            }
            // read every figure, as a client of the answer would
            for (int i = 1; i <= 13; i++) {
                r.getObject(i);
            }
            return r.getLong(1);
        }
    }
}
