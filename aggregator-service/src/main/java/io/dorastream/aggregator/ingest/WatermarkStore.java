package io.dorastream.aggregator.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.dorastream.aggregator.rollup.Utc;
import io.dorastream.events.SyncWatermark;

/** Keeps the newest watermark applied per connection and stream (an older one arriving late is ignored). */
@ApplicationScoped
public class WatermarkStore {

    private final DataSource dataSource;

    public WatermarkStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Transactional
    public void apply(SyncWatermark w) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO sync_watermark (connection_id, stream, watermark, applied_at)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT (connection_id, stream) DO UPDATE SET watermark = EXCLUDED.watermark,"
                        + " applied_at = EXCLUDED.applied_at WHERE sync_watermark.watermark < EXCLUDED.watermark")) {
            ps.setObject(1, w.connectionId());
            ps.setString(2, w.stream());
            ps.setObject(3, Utc.of(w.watermark()));
            ps.setObject(4, Utc.of(Instant.now()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot apply a watermark: " + e.getMessage(), e);
        }
    }
}
