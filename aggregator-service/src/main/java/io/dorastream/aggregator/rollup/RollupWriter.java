package io.dorastream.aggregator.rollup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

import io.dorastream.events.DoraJson;

/**
 * Writes a {@link RollupDelta} into {@code deployment_daily} and {@code deployment_sketch_monthly}: per
 * table one batched upsert, then the rows left empty go.
 */
public final class RollupWriter {

    private static final String UPSERT = "INSERT INTO deployment_daily AS r (" + RollupSql.COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::float8[], ?::float8[], ?::float8[], dora_counts('{}', ?::jsonb),"
            + " dora_counts('{}', ?::jsonb))"
            + " ON CONFLICT (connection_id, day, service, env, team) DO UPDATE SET"
            + " deployments = r.deployments + EXCLUDED.deployments, cf_failed = r.cf_failed + EXCLUDED.cf_failed,"
            + " cf_stable = r.cf_stable + EXCLUDED.cf_stable, cf_pending = r.cf_pending + EXCLUDED.cf_pending,"
            + " link_failed = r.link_failed + EXCLUDED.link_failed, type_known = r.type_known + EXCLUDED.type_known,"
            + " rework = r.rework + EXCLUDED.rework,"
            + " lead_times = dora_values(r.lead_times, EXCLUDED.lead_times, ?::float8[]),"
            + " cf_recovery = dora_values(r.cf_recovery, EXCLUDED.cf_recovery, ?::float8[]),"
            + " link_recovery = dora_values(r.link_recovery, EXCLUDED.link_recovery, ?::float8[]),"
            + " cf_remediation = dora_counts(r.cf_remediation, EXCLUDED.cf_remediation),"
            + " link_remediation = dora_counts(r.link_remediation, EXCLUDED.link_remediation)";

    private static final String DELETE_EMPTY = "DELETE FROM deployment_daily WHERE connection_id = ? AND day = ? AND service = ?"
            + " AND env = ? AND team = ? AND deployments = 0";

    private static final String UPSERT_SKETCH = "INSERT INTO deployment_sketch_monthly AS m (connection_id, month, service, env,"
            + " team, lead_times, cf_recovery, link_recovery)"
            + " VALUES (?, ?, ?, ?, ?, dora_buckets(?::float8[]), dora_buckets(?::float8[]), dora_buckets(?::float8[]))"
            + " ON CONFLICT (connection_id, month, service, env, team) DO UPDATE SET"
            + " lead_times = dora_counts(dora_counts(m.lead_times, EXCLUDED.lead_times), dora_negate(dora_buckets(?::float8[]))),"
            + " cf_recovery = dora_counts(dora_counts(m.cf_recovery, EXCLUDED.cf_recovery), dora_negate(dora_buckets(?::float8[]))),"
            + " link_recovery = dora_counts(dora_counts(m.link_recovery, EXCLUDED.link_recovery),"
            + " dora_negate(dora_buckets(?::float8[])))";

    private static final String DELETE_EMPTY_SKETCH = "DELETE FROM deployment_sketch_monthly WHERE connection_id = ? AND month = ?"
            + " AND service = ? AND env = ? AND team = ? AND lead_times = '{}' AND cf_recovery = '{}' AND link_recovery = '{}'";

    private RollupWriter() {
    }

    public static void write(Connection c, RollupDelta delta) throws SQLException {
        Map<RollupDelta.Key, RollupDelta.Entry> changes = delta.changes();
        if (changes.isEmpty()) {
            return;
        }
        boolean anyShrinks = false;
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            for (Map.Entry<RollupDelta.Key, RollupDelta.Entry> change : changes.entrySet()) {
                RollupDelta.Entry e = change.getValue();
                int i = bindKey(ps, change.getKey());
                for (long n : e.counts()) {
                    ps.setLong(i++, n);
                }
                ps.setArray(i++, c.createArrayOf("float8", e.leadTimesIn()));
                ps.setArray(i++, c.createArrayOf("float8", e.cfRecoveryIn()));
                ps.setArray(i++, c.createArrayOf("float8", e.linkRecoveryIn()));
                ps.setString(i++, json(e.cfRemediation()));
                ps.setString(i++, json(e.linkRemediation()));
                ps.setArray(i++, c.createArrayOf("float8", e.leadTimesOut()));
                ps.setArray(i++, c.createArrayOf("float8", e.cfRecoveryOut()));
                ps.setArray(i, c.createArrayOf("float8", e.linkRecoveryOut()));
                ps.addBatch();
                anyShrinks |= e.counts()[0] < 0;
            }
            ps.executeBatch();
        }
        if (anyShrinks) {
            try (PreparedStatement ps = c.prepareStatement(DELETE_EMPTY)) {
                for (Map.Entry<RollupDelta.Key, RollupDelta.Entry> change : changes.entrySet()) {
                    if (change.getValue().counts()[0] < 0) {
                        bindKey(ps, change.getKey());
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
        }
        writeSketches(c, delta.monthlyValues());
    }

    private static void writeSketches(Connection c, Map<RollupDelta.Key, RollupDelta.Values> months) throws SQLException {
        if (months.isEmpty()) {
            return;
        }
        boolean anyShrinks = false;
        try (PreparedStatement ps = c.prepareStatement(UPSERT_SKETCH)) {
            for (Map.Entry<RollupDelta.Key, RollupDelta.Values> month : months.entrySet()) {
                RollupDelta.Values v = month.getValue();
                int i = bindKey(ps, month.getKey());
                for (int f = 0; f < RollupDelta.Values.FAMILIES; f++) {
                    ps.setArray(i++, c.createArrayOf("float8", v.in(f)));
                }
                for (int f = 0; f < RollupDelta.Values.FAMILIES; f++) {
                    ps.setArray(i++, c.createArrayOf("float8", v.out(f)));
                }
                ps.addBatch();
                anyShrinks |= v.anyOut();
            }
            ps.executeBatch();
        }
        if (!anyShrinks) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(DELETE_EMPTY_SKETCH)) {
            for (Map.Entry<RollupDelta.Key, RollupDelta.Values> month : months.entrySet()) {
                if (month.getValue().anyOut()) {
                    bindKey(ps, month.getKey());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private static int bindKey(PreparedStatement ps, RollupDelta.Key k) throws SQLException {
        ps.setObject(1, k.connectionId());
        ps.setObject(2, k.day());
        ps.setString(3, k.service());
        ps.setString(4, k.env());
        ps.setString(5, k.team());
        return 6;
    }

    private static String json(Map<String, Long> counts) {
        try {
            return DoraJson.mapper().writeValueAsString(counts);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON", e);
        }
    }
}
