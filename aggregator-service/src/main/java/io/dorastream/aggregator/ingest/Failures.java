package io.dorastream.aggregator.ingest;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/** Tells a passing database outage (retry later) from an error that retrying cannot cure. */
public final class Failures {

    private Failures() {
    }

    /**
     * Whether {@code t}, any of its causes or any exception suppressed by one of them (at any depth) is a
     * passing outage. The suppressed ones count because a commit that fails when PostgreSQL goes away is
     * reported by the transaction manager's own exception, with the driver's error attached as suppressed.
     * Each exception is looked at once, so cycles of causes and suppressed exceptions end the search.
     */
    public static boolean isTransient(Throwable t) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        if (t != null) {
            todo.push(t);
        }
        while (!todo.isEmpty()) {
            Throwable c = todo.pop();
            if (!seen.add(c)) {
                continue;
            }
            if (isTransientItself(c)) {
                return true;
            }
            for (Throwable s : c.getSuppressed()) {
                todo.push(s);
            }
            if (c.getCause() != null) {
                todo.push(c.getCause()); // popped first: the cause chain before the suppressed exceptions
            }
        }
        return false;
    }

    private static boolean isTransientItself(Throwable c) {
        if (c instanceof SQLTransientException) {
            return true;
        }
        if (c instanceof SQLException sql) {
            String state = sql.getSQLState();
            // 08: connection exception, 53: insufficient resources, 57P: operator intervention (shutdown),
            // 40001/40P01: serialization failure, deadlock. No SQLState: pool acquisition timeout.
            return state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                    || state.equals("40001") || state.equals("40P01");
        }
        return false;
    }
}
