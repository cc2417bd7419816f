package io.dorastream.aggregator.rollup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Serializes the transactions that change one connection's events. Verdicts under
 * {@code incident_link} join deployments with failures, which arrive on two channels applied
 * concurrently: without this lock, a deployment and a failure landing in its interval at the same
 * time would each be linked without seeing the other. Held until the transaction ends; taken in
 * ascending order so that two transactions never wait on each other.
 */
public final class ConnectionLocks {

    private ConnectionLocks() {
    }

    public static void lock(Connection c, Collection<UUID> connections) throws SQLException {
        // ordered by the lock key itself: two connections sharing a key cannot invert the order
        TreeSet<Long> keys = new TreeSet<>();
        for (UUID id : connections) {
            keys.add(id.getMostSignificantBits() ^ id.getLeastSignificantBits());
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            for (long key : keys) {
                ps.setLong(1, key);
                ps.executeQuery().close();
            }
        }
    }
}
