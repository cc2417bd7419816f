package io.dorastream.aggregator.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import io.dorastream.api.metrics.Summary;

/** A query's filters: values of one filter are OR-ed, different filters AND-ed; an empty list filters nothing. */
public record Filters(List<UUID> connection, List<String> service, List<String> env, List<String> team) {

    private static final String EQUALS_ANY = " = ANY (?)";
    /** Array overlap: a failure naming several services matches when any of them is among the filter's values. */
    private static final String OVERLAPS = " && ?";

    public Filters {
        connection = connection == null ? List.of() : List.copyOf(connection);
        service = nonBlank(service);
        env = nonBlank(env);
        team = nonBlank(team);
    }

    /** The filters as an answer echoes them. */
    public Summary.Filters echo() {
        return new Summary.Filters(connection.stream().map(UUID::toString).toList(), service, env, team);
    }

    /** A blank value filters nothing (the rollup's "none" is an empty string, the raw rows' NULL). */
    private static List<String> nonBlank(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).toList();
    }

    /** Appends {@code AND column = ANY(?)} for each filter in use, and collects the parameters. */
    void appendSql(StringBuilder sql, List<Object> params, String connectionCol, String serviceCol, String envCol,
            String teamCol) {
        appendSql(sql, params, connectionCol, serviceCol, envCol, teamCol, EQUALS_ANY);
    }

    /**
     * The filters for failures (alias {@code i}): a failure matches a filter when any of its
     * services (envs, teams) is among the filter's values.
     */
    void appendFailureSql(StringBuilder sql, List<Object> params) {
        appendArraySql(sql, params, "i.connection_id", "i.services", "i.envs", "i.teams");
    }

    /** Like {@link #appendSql}, for rows whose service, env and team columns are arrays (failures). */
    void appendArraySql(StringBuilder sql, List<Object> params, String connectionCol, String servicesCol, String envsCol,
            String teamsCol) {
        appendSql(sql, params, connectionCol, servicesCol, envsCol, teamsCol, OVERLAPS);
    }

    private void appendSql(StringBuilder sql, List<Object> params, String connectionCol, String serviceCol, String envCol,
            String teamCol, String textOperator) {
        append(sql, params, connectionCol, EQUALS_ANY, connection.toArray(UUID[]::new), !connection.isEmpty());
        append(sql, params, serviceCol, textOperator, service.toArray(String[]::new), !service.isEmpty());
        append(sql, params, envCol, textOperator, env.toArray(String[]::new), !env.isEmpty());
        append(sql, params, teamCol, textOperator, team.toArray(String[]::new), !team.isEmpty());
    }

    private static void append(StringBuilder sql, List<Object> params, String column, String operator, Object[] values,
            boolean used) {
        if (used) {
            sql.append(" AND ").append(column).append(operator);
            params.add(values);
        }
    }

    /** Binds parameters collected by {@link #appendSql}: Java arrays become SQL arrays of their type. */
    static void bind(Connection c, PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof UUID[] ids) {
                ps.setArray(i + 1, c.createArrayOf("uuid", ids));
            } else if (p instanceof String[] texts) {
                ps.setArray(i + 1, c.createArrayOf("text", texts));
            } else if (p instanceof java.time.LocalDate[] dates) {
                ps.setArray(i + 1, c.createArrayOf("date", dates));
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }
}
