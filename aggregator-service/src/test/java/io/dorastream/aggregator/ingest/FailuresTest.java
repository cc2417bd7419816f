package io.dorastream.aggregator.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

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
