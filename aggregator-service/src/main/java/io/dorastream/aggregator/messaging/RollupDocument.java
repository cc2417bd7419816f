package io.dorastream.aggregator.messaging;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import io.dorastream.events.DoraJson;

/**
 * The value of a daily rollup on {@code dora.metrics.v1}: the {@code deployment_daily} row's columns
 * except the key's, names in camelCase, plus {@code updatedAt}. The columns are read generically
 * ({@code to_jsonb} of the row), so a figure the rollup gains later is published without a change here.
 */
public final class RollupDocument {

    /** The key columns: they travel in the record key, not in the value. */
    private static final List<String> KEY_COLUMNS = List.of("connection_id", "day", "service", "env", "team");

    /**
     * When a rollup row still stands for something: a row that counts no deployment any more (the
     * incremental rollup keeps it at zero) is published as deleted, like a row that is gone.
     */
    private static final String LIVE = "r.deployments > 0";

    private RollupDocument() {
    }

    /**
     * The values of the given rollups, serialized; a rollup that no longer exists is absent from the
     * answer (its record is a tombstone). Call inside a transaction: it sets the time zone in which
     * timestamp columns are written to UTC for that transaction.
     *
     * @param updatedAt per rollup, when it last changed
     */
    static Map<RollupKey, byte[]> values(Connection c, Map<RollupKey, Instant> updatedAt) throws SQLException {
        Map<RollupKey, byte[]> out = new HashMap<>();
        if (updatedAt.isEmpty()) {
            return out;
        }
        List<RollupKey> keys = new ArrayList<>(updatedAt.keySet());
        StringBuilder sql = new StringBuilder("SELECT r.connection_id, r.day, r.service, r.env, r.team, (to_jsonb(r)");
        KEY_COLUMNS.forEach(column -> sql.append(" - '").append(column).append('\''));
        sql.append(")::text FROM deployment_daily r JOIN unnest(?::uuid[], ?::text[]::date[], ?::text[], ?::text[], ?::text[])")
                .append(" AS k(connection_id, day, service, env, team) USING (connection_id, day, service, env, team)")
                .append(" WHERE ").append(LIVE);
        try (PreparedStatement zone = c.prepareStatement("SET LOCAL TIME ZONE 'UTC'")) {
            zone.execute();
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setArray(1, c.createArrayOf("uuid", keys.stream().map(RollupKey::connectionId).toArray()));
            ps.setArray(2, c.createArrayOf("text", keys.stream().map(k -> k.day().toString()).toArray()));
            ps.setArray(3, c.createArrayOf("text", keys.stream().map(RollupKey::service).toArray()));
            ps.setArray(4, c.createArrayOf("text", keys.stream().map(RollupKey::env).toArray()));
            ps.setArray(5, c.createArrayOf("text", keys.stream().map(RollupKey::team).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RollupKey key = new RollupKey(rs.getObject(1, UUID.class), rs.getObject(2, LocalDate.class),
                            rs.getString(3), rs.getString(4), rs.getString(5));
                    out.put(key, document(rs.getString(6), updatedAt.get(key)));
                }
            }
        }
        return out;
    }

    /** The document's own field, after the columns. */
    private static final String UPDATED_AT = "updatedAt";

    /** The columns' names in camelCase: a fixed set, converted once each. */
    private static final Map<String, String> CAMEL_CASE = new ConcurrentHashMap<>();

    /**
     * The row's columns ({@code to_jsonb} text) renamed, values as they are, then {@code updatedAt}: streamed
     * from the text to the bytes, field by field (a tree of every row cost the aggregator about a tenth of what
     * it allocated while applying a backlog; docs/performance.md, B1).
     */
    static byte[] document(String columns, Instant updatedAt) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(columns.length() + 64);
        try (JsonParser in = DoraJson.mapper().createParser(columns);
                JsonGenerator out = DoraJson.mapper().createGenerator(bytes)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the row is not a JSON object");
            }
            out.writeStartObject();
            boolean updated = false;
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = CAMEL_CASE.computeIfAbsent(in.currentName(), RollupDocument::camelCase);
                in.nextToken();
                out.writeFieldName(name);
                if (UPDATED_AT.equals(name)) { // a column of that name: the document's own value takes its place
                    in.skipChildren();
                    out.writeString(updatedAt.toString());
                    updated = true;
                } else {
                    out.copyCurrentStructure(in);
                }
            }
            if (!updated) {
                out.writeStringField(UPDATED_AT, updatedAt.toString());
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a rollup document: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** {@code failed_deployments} → {@code failedDeployments}, the JSON convention of every DoraStream document. */
    static String camelCase(String column) {
        StringBuilder out = new StringBuilder(column.length());
        boolean upper = false;
        for (char ch : column.toLowerCase(Locale.ROOT).toCharArray()) {
            if (ch == '_') {
                upper = out.length() > 0;
            } else {
                out.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return out.toString();
    }
}
