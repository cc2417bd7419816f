package io.dorastream.aggregator.query;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;


import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.aggregator.rollup.Utc;
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
        String verdict = sourceVerdicts(from, to, filters) ? SOURCE_VERDICT : LINK_VERDICT;
        StringBuilder sql = new StringBuilder("SELECT d.connection_id, d.event_id, d.version, d.window_at, d.event::text,"
                + " d.raw::text, " + verdict + " FROM deployment d WHERE NOT d.deleted AND d.window_at >= ? AND d.window_at < ?");
        List<Object> params = new ArrayList<>(List.of(Utc.of(from), Utc.of(to)));
        filters.appendSql(sql, params, "d.connection_id", "d.service", "d.env", "d.team");
        if (failedOnly) {
            sql.append(" AND ").append(verdict).append(" = 'failed'");
        }
        return page(sql, params, "d.window_at", after, EventCursor.DEPLOYMENTS, limit, true);
    }

    /**
     * A page of failures (incidents); a failure matches a service, env or team filter when any of its
     * services, envs or teams does.
     *
     * @throws IllegalArgumentException for a cursor that is not one of this listing
     */
    public EventPage incidents(Instant from, Instant to, Filters filters, String cursor, int limit) {
        EventCursor after = cursor == null ? null : EventCursor.decode(cursor, EventCursor.INCIDENTS);
        StringBuilder sql = new StringBuilder("SELECT d.connection_id, d.event_id, d.version, d.started_at, d.event::text,"
                + " d.raw::text FROM incident d WHERE NOT d.deleted AND d.started_at >= ? AND d.started_at < ?");
        List<Object> params = new ArrayList<>(List.of(Utc.of(from), Utc.of(to)));
        filters.appendArraySql(sql, params, "d.connection_id", "d.services", "d.envs", "d.teams");
        return page(sql, params, "d.started_at", after, EventCursor.INCIDENTS, limit, false);
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

    private EventPage page(StringBuilder sql, List<Object> params, String sortColumn, EventCursor after, String tag, int limit,
            boolean withVerdict) {
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
                        items.add(item(connection, eventId, rs.getLong(3), rs.getString(5), rs.getString(6),
                                withVerdict ? rs.getString(7) : null, withVerdict));
                        last = new EventCursor(tag, rs.getTimestamp(4).toInstant(), connection, eventId);
                    }
                }
            }
            return new EventPage(items, null);
        });
    }

    private static ObjectNode item(UUID connection, String eventId, long version, String event, String raw, String verdict,
            boolean withVerdict) {
        ObjectNode item = DoraJson.mapper().createObjectNode();
        item.put("connectionId", connection.toString());
        item.put("eventId", eventId);
        item.put("version", version);
        JsonNode normalized = read(event);
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
