package io.dorastream.aggregator.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Answers a window exactly without scanning raw deployments for whole days: the daily rollup serves
 * the whole UTC days inside {@code [from, to)}, the raw events only the partial days at its edges.
 */
@ApplicationScoped
public class SummaryQuery {

    private final DataSource dataSource;

    public SummaryQuery(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Summary summary(Instant from, Instant to, Filters filters) {
        Map<LocalDate, Long> perDay = new HashMap<>();
        LocalDate firstWholeDay = ceilDay(from);
        LocalDate endWholeDays = LocalDate.ofInstant(to, ZoneOffset.UTC); // exclusive
        try (Connection c = dataSource.getConnection()) {
            if (firstWholeDay.isBefore(endWholeDays)) {
                rollupDays(c, firstWholeDay, endWholeDays, filters, perDay);
                rawDays(c, from, startOf(firstWholeDay), filters, perDay);
                rawDays(c, startOf(endWholeDays), to, filters, perDay);
            } else {
                rawDays(c, from, to, filters, perDay);
            }
            long count = perDay.values().stream().mapToLong(Long::longValue).sum();
            long days = perDay.values().stream().filter(n -> n > 0).count();
            double windowDays = Duration.between(from, to).toMillis() / 86_400_000.0;
            return new Summary(new Summary.Window(from, to, windowDays), filters,
                    new Summary.DeploymentFrequency(count, windowDays == 0 ? 0 : count / windowDays, days),
                    dataAsOf(c, filters.connection()));
        } catch (SQLException e) {
            throw new IllegalStateException("summary query failed: " + e.getMessage(), e);
        }
    }

    private static void rollupDays(Connection c, LocalDate from, LocalDate to, Filters f, Map<LocalDate, Long> out)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT day, sum(deployments) FROM deployment_daily WHERE day >= ? AND day < ?");
        List<Object> params = new ArrayList<>(List.of(from, to));
        f.appendSql(sql, params, "connection_id", "service", "env", "team");
        sql.append(" GROUP BY day");
        collect(c, sql.toString(), params, out);
    }

    private static void rawDays(Connection c, Instant from, Instant to, Filters f, Map<LocalDate, Long> out)
            throws SQLException {
        if (!from.isBefore(to)) {
            return;
        }
        StringBuilder sql = new StringBuilder("SELECT (window_at AT TIME ZONE 'UTC')::date, count(*) FROM deployment"
                + " WHERE NOT deleted AND window_at >= ? AND window_at < ?");
        List<Object> params = new ArrayList<>(List.of(Timestamp.from(from), Timestamp.from(to)));
        f.appendSql(sql, params, "connection_id", "service", "env", "team");
        sql.append(" GROUP BY 1");
        collect(c, sql.toString(), params, out);
    }

    private static void collect(Connection c, String sql, List<Object> params, Map<LocalDate, Long> out) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Filters.bind(c, ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.merge(rs.getObject(1, LocalDate.class), rs.getLong(2), Long::sum);
                }
            }
        }
    }

    private static Instant dataAsOf(Connection c, List<UUID> connections) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT min(watermark) FROM sync_watermark WHERE true");
        List<Object> params = new ArrayList<>();
        new Filters(connections, null, null, null).appendSql(sql, params, "connection_id", "", "", "");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            Filters.bind(c, ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                Timestamp t = rs.next() ? rs.getTimestamp(1) : null;
                return t == null ? null : t.toInstant();
            }
        }
    }

    private static LocalDate ceilDay(Instant i) {
        LocalDate d = LocalDate.ofInstant(i, ZoneOffset.UTC);
        return startOf(d).equals(i) ? d : d.plusDays(1);
    }

    private static Instant startOf(LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
