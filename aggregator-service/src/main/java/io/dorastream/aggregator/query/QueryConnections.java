package io.dorastream.aggregator.query;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.dorastream.aggregator.config.AggregatorConfig;

/**
 * The one way queries that answer callers reach PostgreSQL: each answer's statements run in one
 * read-only {@code REPEATABLE READ} transaction, so they all read one snapshot (no batch applied between two of
 * them shows in one figure and not in another), whose statements PostgreSQL itself cancels after
 * {@code dorastream.metrics.statement-timeout} ({@code SET LOCAL statement_timeout}), so a query the
 * gateway has stopped waiting for (its read timeout is longer) does not keep running on the pool that
 * ingestion uses. A cancelled query is a {@link QueryTimeoutException}; the transaction's end clears
 * the setting, so no pooled connection carries it to ingestion or a rebuild.
 * <p>
 * An answer may {@linkplain Reads#fork fork} independent statements: up to {@code dorastream.metrics.parallel-reads}
 * helper threads (shared by all answers) run them on connections of their own, in transactions that import the
 * answer's snapshot ({@code pg_export_snapshot()}, {@code SET TRANSACTION SNAPSHOT}), so a fork reads exactly what the
 * answer's own statements read. A helper takes its connection before it takes a fork, and an answer that joins a fork
 * no helper has taken runs it on its own connection: an answer never waits for a helper that waits for the pool, so a
 * pool held entirely by answers still finishes them, one statement after the other. Where forks are on
 * ({@code parallel-reads} above 0), every answer runs without PostgreSQL's parallel workers ({@code max_parallel_workers_per_gather = 0}): an answer
 * already spreads over the cores, and starting workers for each of its statements cost more than they gave (a
 * summary of B2's database, docs/performance.md: 58 ms with them, 46 without, 31 forked without).
 */
@ApplicationScoped
public class QueryConnections {

    /** SQLSTATE of a statement PostgreSQL cancelled ({@code query_canceled}), here by the statement timeout. */
    static final String QUERY_CANCELED = "57014";

    /** What {@code pg_export_snapshot()} returns, e.g. {@code 00000003-0000001B-1}. */
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-Fa-f-]+");

    /** Work on a connection. */
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Work of an answer that may fork statements onto other connections. */
    public interface ReadsWork<T> {
        T run(Reads reads) throws SQLException;
    }

    /** An answer's transaction. */
    public interface Reads {
        /** The answer's own connection. */
        Connection connection();

        /**
         * Starts {@code work} on another connection reading this transaction's snapshot, where a helper is free;
         * else it runs on the answer's connection when {@linkplain Forked#join joined}. Every fork is finished before
         * the answer's transaction ends, joined or not.
         */
        <T> Forked<T> fork(Work<T> work) throws SQLException;
    }

    /** A forked piece of work. */
    public interface Forked<T> {
        /** Its result: waited for where a helper runs it, else run now on the answer's own connection. */
        T join() throws SQLException;
    }

    private final DataSource dataSource;
    private final Duration timeout;
    /** The helpers that run forks; null where {@code parallel-reads} is 0. */
    private final ExecutorService helpers;

    public QueryConnections(DataSource dataSource, AggregatorConfig config) {
        this.dataSource = dataSource;
        this.timeout = config.metrics().statementTimeout();
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalStateException("dorastream.metrics.statement-timeout must be positive, got " + timeout);
        }
        int parallel = config.metrics().parallelReads();
        if (parallel < 0) {
            throw new IllegalStateException("dorastream.metrics.parallel-reads must be 0 or more, got " + parallel);
        }
        AtomicInteger n = new AtomicInteger();
        this.helpers = parallel == 0 ? null : Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "metrics-reads-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        if (helpers != null) {
            helpers.shutdownNow();
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
        return reads(what, r -> work.run(r.connection()));
    }

    /** {@link #run}, for work that may {@linkplain Reads#fork fork} statements onto other connections. */
    public <T> T reads(String what, ReadsWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return transaction(c, null, own -> {
                Session session = new Session(own);
                try {
                    return work.run(session);
                } finally {
                    session.settle();
                }
            });
        } catch (SQLException e) {
            if (QUERY_CANCELED.equals(e.getSQLState())) {
                throw new QueryTimeoutException(what, timeout);
            }
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in a read-only transaction on {@code c}, in {@code snapshot} where not null, and ends it. */
    private <T> T transaction(Connection c, String snapshot, Work<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                        + (snapshot == null ? "" : "; SET TRANSACTION SNAPSHOT '" + snapshot + "'")
                        + "; SET LOCAL statement_timeout = " + timeout.toMillis()
                        + (helpers == null ? "" : "; SET LOCAL max_parallel_workers_per_gather = 0"));
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
    }

    /** An answer's transaction and its forks. */
    private final class Session implements Reads {

        private final Connection own;
        private final List<Fork<?>> forks = new ArrayList<>();
        /** The transaction's exported snapshot, once a fork needs it. */
        private String snapshot;

        Session(Connection own) {
            this.own = own;
        }

        @Override
        public Connection connection() {
            return own;
        }

        @Override
        public <T> Forked<T> fork(Work<T> work) throws SQLException {
            Fork<T> fork = new Fork<>(work, own);
            if (helpers != null) {
                if (snapshot == null) {
                    snapshot = exportSnapshot(own);
                }
                forks.add(fork);
                String id = snapshot;
                try {
                    helpers.execute(() -> fork.runOnHelper(id));
                } catch (RejectedExecutionException shuttingDown) {
                    // nobody takes it: joined on the answer's connection
                }
            }
            return fork;
        }

        /** Before the transaction ends: no fork may start later, none may still be running. */
        void settle() {
            for (Fork<?> f : forks) {
                f.settle();
            }
        }
    }

    private static String exportSnapshot(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_export_snapshot()")) {
            rs.next();
            String id = rs.getString(1);
            if (id == null || !SNAPSHOT_ID.matcher(id).matches()) {
                throw new IllegalStateException("unexpected snapshot identifier: " + id);
            }
            return id;
        }
    }

    /** A fork: run by whoever takes it first, a helper (on a connection of its own) or its answer (on the answer's). */
    private final class Fork<T> implements Forked<T> {

        private final Work<T> work;
        private final Connection own;
        private final AtomicBoolean taken = new AtomicBoolean();
        private final CompletableFuture<T> done = new CompletableFuture<>();

        Fork(Work<T> work, Connection own) {
            this.work = work;
            this.own = own;
        }

        /** On a helper thread: takes a connection, then the fork if its answer has not. */
        void runOnHelper(String snapshot) {
            if (taken.get()) {
                return;
            }
            boolean mine = false;
            try (Connection c = dataSource.getConnection()) {
                if (!taken.compareAndSet(false, true)) {
                    return;
                }
                mine = true;
                done.complete(transaction(c, snapshot, work));
            } catch (SQLException | RuntimeException | Error e) {
                if (mine) {
                    done.completeExceptionally(e);
                }
                // not taken (no connection): its answer runs it when it joins
            }
        }

        @Override
        public T join() throws SQLException {
            if (taken.compareAndSet(false, true)) {
                try {
                    T result = work.run(own);
                    done.complete(result);
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    done.completeExceptionally(e);
                    throw e;
                }
            }
            try {
                return done.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while a parallel read ran", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof SQLException s) {
                    throw s;
                }
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }

        /** Keeps it from starting, or waits until it ended (its outcome is its joiner's business). */
        void settle() {
            if (taken.compareAndSet(false, true)) {
                return;
            }
            boolean interrupted = false;
            while (true) {
                try {
                    done.get();
                    break;
                } catch (ExecutionException e) {
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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
