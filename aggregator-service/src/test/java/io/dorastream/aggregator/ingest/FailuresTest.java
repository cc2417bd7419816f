package io.dorastream.aggregator.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;

import jakarta.transaction.RollbackException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Which failures the consumer waits out (database outage) and which it does not (a record's fault). */
class FailuresTest {

    private static SQLException sql(String state) {
        return new SQLException("boom " + state, state);
    }

    @Test
    void connectionAndShutdownErrorsAreTransient() {
        assertTrue(Failures.isTransient(sql("08001")), "cannot connect");
        assertTrue(Failures.isTransient(sql("08006")), "connection failure");
        assertTrue(Failures.isTransient(sql("08003")), "connection does not exist");
        assertTrue(Failures.isTransient(sql("57P01")), "admin shutdown");
        assertTrue(Failures.isTransient(sql("57P03")), "cannot connect now");
        assertTrue(Failures.isTransient(sql("53300")), "too many connections");
        assertTrue(Failures.isTransient(sql("40001")), "serialization failure");
        assertTrue(Failures.isTransient(sql("40P01")), "deadlock");
        assertTrue(Failures.isTransient(sql(null)), "no SQLState: e.g. a pool acquisition timeout");
        assertTrue(Failures.isTransient(new SQLTransientConnectionException("pool exhausted")));
    }

    @Test
    void aTransientCauseDeepInTheChainIsFound() {
        assertTrue(Failures.isTransient(new IllegalStateException("cannot apply deployments", sql("08006"))));
        assertTrue(Failures.isTransient(new RuntimeException(new IllegalStateException("wrapped", sql("57P01")))));
    }

    /**
     * A commit that fails because PostgreSQL went away: the transaction manager throws its own exception
     * (here a {@code RollbackException}, maybe wrapped) and attaches the driver's error as a suppressed one.
     */
    @Test
    void aTransientSuppressedExceptionIsFound() {
        RollbackException commit = new RollbackException("ARJUNA016053: Could not commit transaction.");
        commit.addSuppressed(sql("08006"));
        assertTrue(Failures.isTransient(commit), "suppressed by the thrown exception");
        assertTrue(Failures.isTransient(new RuntimeException(commit)), "suppressed by a cause");

        IllegalStateException outer = new IllegalStateException("cannot apply deployments");
        outer.addSuppressed(new IllegalStateException("rollback failed", sql("57P01")));
        assertTrue(Failures.isTransient(outer), "in the cause chain of a suppressed exception");

        IllegalStateException nested = new IllegalStateException("outer");
        IllegalStateException middle = new IllegalStateException("middle");
        middle.addSuppressed(sql("08003"));
        nested.addSuppressed(middle);
        assertTrue(Failures.isTransient(nested), "suppressed by a suppressed exception");

        IllegalStateException refused = new IllegalStateException("cannot apply deployments", sql("23505"));
        refused.addSuppressed(sql("22021"));
        assertFalse(Failures.isTransient(refused), "no transient exception anywhere");
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a search that cycles never ends
    void cyclesEndTheSearch() {
        IllegalStateException a = new IllegalStateException("a");
        IllegalStateException b = new IllegalStateException("b");
        a.addSuppressed(b);
        b.addSuppressed(a);
        assertFalse(Failures.isTransient(a), "suppressed cycle");

        IllegalStateException c = new IllegalStateException("c");
        IllegalStateException d = new IllegalStateException("d", c);
        c.initCause(d);
        assertFalse(Failures.isTransient(c), "cause cycle");

        IllegalStateException e = new IllegalStateException("e");
        IllegalStateException f = new IllegalStateException("f", e);
        e.addSuppressed(f);
        f.addSuppressed(sql("08006"));
        assertTrue(Failures.isTransient(e), "found past a cycle of cause and suppressed");
    }

    @Test
    void dataAndConstraintErrorsAreNotTransient() {
        assertFalse(Failures.isTransient(sql("23505")), "unique violation");
        assertFalse(Failures.isTransient(new SQLIntegrityConstraintViolationException("dup", "23505")));
        assertFalse(Failures.isTransient(new IllegalStateException("cannot apply deployments", sql("23505"))));
        assertFalse(Failures.isTransient(sql("22P05")), "unsupported Unicode escape");
        assertFalse(Failures.isTransient(sql("22021")), "invalid byte sequence");
        assertFalse(Failures.isTransient(sql("42P01")), "undefined table");
        assertFalse(Failures.isTransient(sql("40002")), "integrity constraint violation at commit");
        assertFalse(Failures.isTransient(new IllegalArgumentException("deployment without service")));
        assertFalse(Failures.isTransient(null));
    }
}
