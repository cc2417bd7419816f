package io.dorastream.aggregator.query;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;


import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.aggregator.rollup.RollupSql;
import io.dorastream.aggregator.rollup.Utc;
import io.dorastream.api.metrics.ChangeFailureMethod;
import io.dorastream.events.DoraJson;

/**
 * Lists the latest versions of the events of a window, newest first, a page at a time. An event is
 * placed in the window and ordered by the same instant as in the metrics (docs/metrics.md): a
 * deployment by {@code window_at} (finish, else start), a failure by its start. Deleted events are
 * never listed.
 */
@ApplicationScoped
public class EventsQuery {

    /**
     * A deployment row's change-failure verdict ({@code failed}, {@code ok}, {@code pending}) under the
     * {@code change_failure} method: the source's own verdict. The one place the listing and its
     * {@code failed=true} filter read it from, with {@link #LINK_VERDICT}.
     */
    static final String SOURCE_VERDICT = "CASE WHEN d.change_failure THEN 'failed' WHEN NOT d.change_failure THEN 'ok'"
            + " ELSE 'pending' END";

    /** The verdict under the {@code incident_link} fallback, which the rollups keep current: every deployment is evaluated. */
    static final String LINK_VERDICT = "CASE WHEN d.link_failed THEN 'failed' ELSE 'ok' END";

    /** The item's name for the normalized event's own {@code version} (the deployed version), since {@code version} numbers the event's versions. */
    static final String SERVICE_VERSION = "serviceVersion";

    private final QueryConnections connections;

    public EventsQuery(QueryConnections connections) {
        this.connections = connections;
    }

    /**
     * A page of deployments.
     *
     * @param cursor      where the previous page ended, null for the first page
     * @param failedOnly  only deployments whose change-failure verdict is failed
     * @throws IllegalArgumentException for a cursor that is not one of this listing
     */
    public EventPage deployments(Instant from, Instant to, Filters filters, boolean failedOnly, String cursor, int limit) {
        EventCursor after = cursor == null ? null : EventCursor.decode(cursor, EventCursor.DEPLOYMENTS);
        // The method is the scope's, as for the figures (docs/metrics.md): the source's verdicts as soon
        // as one deployment in scope has one, else the incident_link fallback.
        boolean source = sourceVerdicts(from, to, filters);
        String verdict = source ? SOURCE_VERDICT : LINK_VERDICT;
        // under incident_link, the explanation: the interval's end and the failures starting in it
        String explanation = source ? ", NULL, NULL FROM deployment d"
                : ", n.window_at, ARRAY(SELECT i.event_id FROM incident i WHERE " + RollupSql.links("i", "d", "n.window_at")
                        + " ORDER BY i.started_at, i.event_id COLLATE \"C\") FROM deployment d" + RollupSql.nextDeployment("d", "n");
        StringBuilder sql = new StringBuilder("SELECT d.connection_id, d.event_id, d.version, d.window_at, d.event::text,"
                + " d.raw::text, " + verdict + explanation + " WHERE NOT d.deleted AND d.window_at >= ? AND d.window_at < ?");
        List<Object> params = new ArrayList<>(List.of(Utc.of(from), Utc.of(to)));
        filters.appendSql(sql, params, "d.connection_id", "d.service", "d.env", "d.team");
        if (failedOnly) {
            sql.append(" AND ").append(verdict).append(" = 'failed'");
        }
        return page(sql, params, "d.window_at", after, EventCursor.DEPLOYMENTS, limit,
                rs -> deploymentExplained(rs, source ? ChangeFailureMethod.CHANGE_FAILURE : ChangeFailureMethod.INCIDENT_LINK));
    }

    /**
     * A page of failures (incidents); a failure matches a service, env or team filter when any of its
     * services, envs or teams does.
     *
     * @throws IllegalArgumentException for a cursor that is not one of this listing
     */
    public EventPage incidents(Instant from, Instant to, Filters filters, String cursor, int limit) {
        EventCursor after = cursor == null ? null : EventCursor.decode(cursor, EventCursor.INCIDENTS);
        // the deployments it links: per service and env it names, the last deployment on that timeline starting
        // at or before it, if the failure's start lies in its interval
        String linked = "(SELECT coalesce(jsonb_agg(jsonb_build_object('eventId', x.event_id, 'service', x.service, 'env', x.env)"
                + " ORDER BY x.service, x.env), '[]'::jsonb)::text FROM unnest(d.services) AS s(service)"
                + " CROSS JOIN unnest(d.envs) AS e(env) CROSS JOIN LATERAL (SELECT y.connection_id, y.event_id, y.service, y.env,"
                + " y.window_at, y.started_at FROM deployment y WHERE y.connection_id = d.connection_id AND NOT y.deleted"
                + " AND y.service = s.service AND y.env = e.env AND y.window_at <= d.started_at"
                + " ORDER BY y.window_at DESC, y.started_at DESC, y.event_id COLLATE \"C\" DESC LIMIT 1) x"
                + RollupSql.nextDeployment("x", "n") + " WHERE " + RollupSql.links("d", "x", "n.window_at") + ")";
        StringBuilder sql = new StringBuilder("SELECT d.connection_id, d.event_id, d.version, d.started_at, d.event::text,"
                + " d.raw::text, " + linked + " FROM incident d WHERE NOT d.deleted AND d.started_at >= ? AND d.started_at < ?");
        List<Object> params = new ArrayList<>(List.of(Utc.of(from), Utc.of(to)));
        filters.appendArraySql(sql, params, "d.connection_id", "d.services", "d.envs", "d.teams");
        return page(sql, params, "d.started_at", after, EventCursor.INCIDENTS, limit, rs -> {
            ObjectNode item = item(rs, null);
            item.set("linkedDeployments", read(rs.getString(7)));
            return item;
        });
    }

    /** Runs the listing from after the cursor, newest first, reading one row more than the page to know whether another follows. */
    /** Whether a deployment in the scope carries the source's verdict (the change_failure method applies). */
    private boolean sourceVerdicts(Instant from, Instant to, Filters filters) {
        StringBuilder sql = new StringBuilder("SELECT EXISTS (SELECT 1 FROM deployment d WHERE NOT d.deleted"
                + " AND d.window_at >= ? AND d.window_at < ? AND d.change_failure IS NOT NULL");
        List<Object> params = new ArrayList<>(List.of(Utc.of(from), Utc.of(to)));
        filters.appendSql(sql, params, "d.connection_id", "d.service", "d.env", "d.team");
        sql.append(")");
        return connections.run("reading the deployments", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                Filters.bind(c, ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        });
    }

    /** Reads a listing's item from its row. */
    private interface ItemReader {
        ObjectNode read(ResultSet rs) throws SQLException;
    }

    /** A deployment with its verdict ({@code changeFailure}) and why ({@code verdict}). */
    private static ObjectNode deploymentExplained(ResultSet rs, ChangeFailureMethod method) throws SQLException {
        ObjectNode item = item(rs, rs.getString(7));
        ObjectNode why = item.putObject("verdict");
        why.put("method", method.json());
        JsonNode event = read(rs.getString(5));
        if (method == ChangeFailureMethod.CHANGE_FAILURE) {
            why.set("sourceVerdict", event.path("changeFailure").isBoolean() ? event.get("changeFailure") : null);
            why.set("remediation", event.path("remediation").isObject() ? event.get("remediation") : null);
            why.putNull("linkedFailures");
            why.putNull("interval");
            why.put("rule", "Datadog's own verdict (change_failure) on a deployment of this scope: failed when true, stable"
                    + " when false, pending when not evaluated yet");
        } else {
            why.putNull("sourceVerdict");
            why.putNull("remediation");
            ArrayNode failures = why.putArray("linkedFailures");
            for (Object id : (Object[]) rs.getArray(9).getArray()) {
                failures.add((String) id);
            }
            ObjectNode interval = why.putObject("interval");
            interval.put("from", rs.getObject(4, java.time.OffsetDateTime.class).toInstant().toString());
            java.time.OffsetDateTime to = rs.getObject(8, java.time.OffsetDateTime.class);
            interval.put("to", to == null ? null : to.toInstant().toString());
            why.put("rule", "incident_link (no deployment of this scope carries Datadog's verdict): failed when a failure naming"
                    + " the deployment's service and env started in its interval, from its finish (else start) to the next"
                    + " deployment's of that service and env");
        }
        return item;
    }

    private EventPage page(StringBuilder sql, List<Object> params, String sortColumn, EventCursor after, String tag, int limit,
            ItemReader reader) {
        if (after != null) {
            sql.append(" AND (").append(sortColumn).append(", d.connection_id, d.event_id) < (?, ?, ?)");
            params.add(Utc.of(after.at()));
            params.add(after.connectionId());
            params.add(after.eventId());
        }
        sql.append(" ORDER BY ").append(sortColumn).append(" DESC, d.connection_id DESC, d.event_id DESC LIMIT ?");
        params.add(limit + 1);
        return connections.run("the events query", c -> {
            List<ObjectNode> items = new ArrayList<>();
            EventCursor last = null;
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                Filters.bind(c, ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (items.size() == limit) {
                            return new EventPage(items, last.encode());
                        }
                        UUID connection = rs.getObject(1, UUID.class);
                        String eventId = rs.getString(2);
                        items.add(reader.read(rs));
                        last = new EventCursor(tag, rs.getTimestamp(4).toInstant(), connection, eventId);
                    }
                }
            }
            return new EventPage(items, null);
        });
    }

    /**
     * The item of a row (connection, event id, version, instant, event, raw): the normalized event's fields,
     * and for a deployment ({@code verdict} not null) its verdict as {@code changeFailure}.
     */
    private static ObjectNode item(ResultSet rs, String verdict) throws SQLException {
        boolean withVerdict = verdict != null;
        String raw = rs.getString(6);
        ObjectNode item = DoraJson.mapper().createObjectNode();
        item.put("connectionId", rs.getObject(1, UUID.class).toString());
        item.put("eventId", rs.getString(2));
        item.put("version", rs.getLong(3));
        JsonNode normalized = read(rs.getString(5));
        item.set("startedAt", normalized.path("startedAt").isMissingNode() ? null : normalized.get("startedAt"));
        item.set("finishedAt", normalized.path("finishedAt").isMissingNode() ? null : normalized.get("finishedAt"));
        for (Map.Entry<String, JsonNode> field : normalized.properties()) {
            String name = field.getKey();
            if (name.equals("version")) {
                item.set(SERVICE_VERSION, field.getValue());
            } else if (!item.has(name) && !(withVerdict && name.equals("changeFailure"))) {
                item.set(name, field.getValue());
            }
        }
        if (withVerdict) {
            item.put("changeFailure", verdict);
        }
        item.set("raw", read(raw));
        return item;
    }

    private static JsonNode read(String json) {
        try {
            return json == null ? DoraJson.mapper().createObjectNode() : DoraJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("a stored event is not JSON: " + e.getMessage(), e);
        }
    }
}
