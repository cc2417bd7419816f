package io.dorastream.aggregator.ingest;

import java.sql.SQLException;
import java.sql.SQLTransientException;

/** Tells a passing database outage (retry later) from an error that retrying cannot cure. */
public final class Failures {

    private Failures() {
    }

    public static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLTransientException) {
                return true;
            }
            if (c instanceof SQLException sql) {
                String state = sql.getSQLState();
                // 08: connection exception, 53: insufficient resources, 57P: operator intervention (shutdown),
                // 40001/40P01: serialization failure, deadlock. No SQLState: pool acquisition timeout.
                if (state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                        || state.equals("40001") || state.equals("40P01")) {
                    return true;
                }
            }
        }
        return false;
    }
}
