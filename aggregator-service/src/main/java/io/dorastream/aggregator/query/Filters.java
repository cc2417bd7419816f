package io.dorastream.aggregator.query;

import java.util.List;
import java.util.UUID;

/** A query's filters: values of one filter are OR-ed, different filters AND-ed; an empty list filters nothing. */
public record Filters(List<UUID> connection, List<String> service, List<String> env, List<String> team) {

    public Filters {
        connection = connection == null ? List.of() : List.copyOf(connection);
        service = nonBlank(service);
        env = nonBlank(env);
        team = nonBlank(team);
    }

    /** A blank value filters nothing (the rollup's "none" is an empty string, the raw rows' NULL). */
    private static List<String> nonBlank(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).toList();
    }

    /** Appends {@code AND column = ANY(?)} for each filter in use, and collects the parameters. */
    void appendSql(StringBuilder sql, List<Object> params, String connectionCol, String serviceCol, String envCol,
            String teamCol) {
        append(sql, params, connectionCol, connection.toArray(UUID[]::new), !connection.isEmpty());
        append(sql, params, serviceCol, service.toArray(String[]::new), !service.isEmpty());
        append(sql, params, envCol, env.toArray(String[]::new), !env.isEmpty());
        append(sql, params, teamCol, team.toArray(String[]::new), !team.isEmpty());
    }

    /**
     * Appends the filters for failures (alias {@code i}): a failure matches a filter when any of its
     * services (envs, teams) is among the filter's values.
     */
    void appendFailureSql(StringBuilder sql, List<Object> params) {
        append(sql, params, "i.connection_id", connection.toArray(UUID[]::new), !connection.isEmpty());
        overlap(sql, params, "i.services", service);
        overlap(sql, params, "i.envs", env);
        overlap(sql, params, "i.teams", team);
    }

    private static void overlap(StringBuilder sql, List<Object> params, String column, List<String> values) {
        if (!values.isEmpty()) {
            sql.append(" AND ").append(column).append(" && ?::text[]");
            params.add(values.toArray(String[]::new));
        }
    }

    private static void append(StringBuilder sql, List<Object> params, String column, Object[] values, boolean used) {
        if (used) {
            sql.append(" AND ").append(column).append(" = ANY (?)");
            params.add(values);
        }
    }
}
