package io.dorastream.aggregator.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.dorastream.aggregator.config.AggregatorConfig;

/**
 * The one way queries that answer callers reach PostgreSQL: each answer's statements run in one
 * read-only transaction whose statements PostgreSQL itself cancels after
 * {@code dorastream.metrics.statement-timeout} ({@code SET LOCAL statement_timeout}), so a query the
 * gateway has stopped waiting for (its read timeout is longer) does not keep running on the pool that
 * ingestion uses. A cancelled query is a {@link QueryTimeoutException}; the transaction's end clears
 * the setting, so no pooled connection carries it to ingestion or a rebuild.
 */
@ApplicationScoped
public class QueryConnections {

    /** SQLSTATE of a statement PostgreSQL cancelled ({@code query_canceled}), here by the statement timeout. */
    static final String QUERY_CANCELED = "57014";

    /** Work on a connection. */
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final Duration timeout;

    public QueryConnections(DataSource dataSource, AggregatorConfig config) {
        this.dataSource = dataSource;
        this.timeout = config.metrics().statementTimeout();
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalStateException("dorastream.metrics.statement-timeout must be positive, got " + timeout);
        }
    }

    /**
     * Runs {@code work} in a read-only transaction under the statement timeout.
     *
     * @param what names the work in the error, e.g. {@code "the metrics query"}
     * @throws QueryTimeoutException when PostgreSQL cancelled a statement for taking too long
     * @throws IllegalStateException for any other database error
     */
    public <T> T run(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION READ ONLY");
                    s.execute("SET LOCAL statement_timeout = " + timeout.toMillis());
                }
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            if (QUERY_CANCELED.equals(e.getSQLState())) {
                throw new QueryTimeoutException(what, timeout);
            }
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }

    /** A query PostgreSQL cancelled after the statement timeout. */
    public static class QueryTimeoutException extends RuntimeException {

        private final Duration timeout;

        QueryTimeoutException(String what, Duration timeout) {
            super(what + " took longer than " + timeout.toMillis() + " ms and was cancelled");
            this.timeout = timeout;
        }

        public Duration timeout() {
            return timeout;
        }
    }
}
