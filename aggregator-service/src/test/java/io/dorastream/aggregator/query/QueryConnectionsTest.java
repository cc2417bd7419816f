package io.dorastream.aggregator.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.dorastream.aggregator.config.AggregatorConfig;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Queries answering callers are stopped by PostgreSQL after the statement timeout, read only, leave no setting behind,
 * and read one snapshot, their forks included; a fork no helper can take runs on the answer's own connection.
 */
@QuarkusTest
class QueryConnectionsTest extends AggregatorTestBase {

    @Test
    void aSlowQueryIsCancelledByPostgresqlAndReportedAsATimeout() {
        QueryConnections queries = new QueryConnections(dataSource, config(Duration.ofMillis(300)));
        long started = System.nanoTime();
        QueryConnections.QueryTimeoutException e = assertThrows(QueryConnections.QueryTimeoutException.class,
                () -> queries.run("the test query", c -> {
                    try (Statement s = c.createStatement()) {
                        return s.execute("SELECT pg_sleep(30)");
                    }
                }));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 20, "cancelled, not waited out");
        assertEquals(Duration.ofMillis(300), e.timeout());
        assertTrue(e.getMessage().contains("the test query"), e.getMessage());
        // what finishes in time is answered
        assertEquals(1, (int) queries.run("a quick query", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
                return rs.getInt(1);
            }
        }));
    }

    @Test
    void writesAreRefusedAndNoPooledConnectionKeepsTheTimeout() throws Exception {
        QueryConnections queries = new QueryConnections(dataSource, config(Duration.ofMillis(300), 2));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> queries.run("a write", c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("DELETE FROM deployment WHERE false");
            }
        }));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        for (int i = 0; i < 5; i++) {
            queries.reads("a query", reads -> {
                QueryConnections.Forked<Integer> fork = reads.fork(QueryConnectionsTest::pid); // on a helper's connection
                pid(reads.connection());
                return fork.join();
            });
        }
        queries.stop();
        // every connection the pool hands out now (ingestion's too) runs without the answers' settings
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                Connection c = dataSource.getConnection();
                held.add(c);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW statement_timeout")) {
                    rs.next();
                    assertEquals("0", rs.getString(1));
                }
                assertNotEquals("0", workers(c), "PostgreSQL's parallel workers as the server sets them");
                assertTrue(c.getAutoCommit(), "handed back as it was taken");
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    @Test
    void aForkReadsTheAnswersSnapshotOnAConnectionOfItsOwn() throws Exception {
        try (Connection w = dataSource.getConnection(); Statement s = w.createStatement()) {
            s.execute("DROP TABLE IF EXISTS snapshot_probe");
            s.execute("CREATE TABLE snapshot_probe (n int)");
        }
        QueryConnections queries = new QueryConnections(dataSource, config(Duration.ofSeconds(5), 2));
        try {
            CountDownLatch started = new CountDownLatch(1);
            List<Object> seen = queries.reads("the test query", reads -> {
                long before = count(reads.connection());
                try (Connection w = dataSource.getConnection(); Statement s = w.createStatement()) {
                    s.execute("INSERT INTO snapshot_probe VALUES (1)"); // committed after the answer's snapshot
                }
                QueryConnections.Forked<List<Object>> fork = reads.fork(c -> {
                    started.countDown();
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid(),"
                            + " current_setting('transaction_isolation'), current_setting('transaction_read_only'),"
                            + " current_setting('max_parallel_workers_per_gather')")) {
                        rs.next();
                        return List.of(count(c), rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4));
                    }
                });
                assertTrue(await(started), "a helper took the fork");
                List<Object> forked = fork.join();
                return List.of(before, count(reads.connection()), forked.get(0), forked.get(1), pid(reads.connection()),
                        forked.get(2), forked.get(3), forked.get(4), workers(reads.connection()));
            });
            assertEquals(0L, seen.get(0));
            assertEquals(0L, seen.get(1), "the answer's later statement reads its snapshot");
            assertEquals(0L, seen.get(2), "the fork reads the answer's snapshot, not the row committed since");
            assertNotEquals(seen.get(3), seen.get(4), "the fork ran on another connection");
            assertEquals("repeatable read", seen.get(5));
            assertEquals("on", seen.get(6));
            assertEquals("0", seen.get(7), "statements side by side, not split across PostgreSQL's workers");
            assertEquals("0", seen.get(8));
            try (Connection c = dataSource.getConnection()) {
                assertEquals(1L, count(c));
            }
        } finally {
            queries.stop();
            try (Connection w = dataSource.getConnection(); Statement s = w.createStatement()) {
                s.execute("DROP TABLE snapshot_probe");
            }
        }
    }

    @Test
    void forksNoHelperCanTakeRunOnTheAnswersConnection() {
        // every connection a helper asks for hangs: the pool held by answers
        DataSource starved = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] { DataSource.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && Thread.currentThread().getName().startsWith("metrics-reads")) {
                        Thread.sleep(60_000);
                        throw new SQLException("no connection");
                    }
                    try {
                        return method.invoke(dataSource, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        QueryConnections queries = new QueryConnections(starved, config(Duration.ofSeconds(5), 2));
        try {
            long started = System.nanoTime();
            List<Integer> pids = queries.reads("the test query", reads -> {
                List<QueryConnections.Forked<Integer>> forks = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    forks.add(reads.fork(QueryConnectionsTest::pid));
                }
                List<Integer> out = new ArrayList<>();
                out.add(pid(reads.connection()));
                for (QueryConnections.Forked<Integer> f : forks) {
                    out.add(f.join());
                }
                return out;
            });
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 20, "not waited for the helpers");
            assertEquals(1, Set.copyOf(pids).size(), "all on the answer's connection: " + pids);
        } finally {
            queries.stop();
        }
    }

    @Test
    void aForkCancelledByTheTimeoutIsATimeout() {
        QueryConnections queries = new QueryConnections(dataSource, config(Duration.ofMillis(300), 2));
        try {
            CountDownLatch started = new CountDownLatch(1);
            assertThrows(QueryConnections.QueryTimeoutException.class, () -> queries.reads("the test query", reads -> {
                QueryConnections.Forked<Boolean> fork = reads.fork(c -> {
                    started.countDown();
                    try (Statement s = c.createStatement()) {
                        return s.execute("SELECT pg_sleep(30)");
                    }
                });
                assertTrue(await(started), "a helper took the fork");
                return fork.join();
            }));
        } finally {
            queries.stop();
        }
    }

    @Test
    void aTimeoutThatIsNotPositiveIsRefused() {
        assertThrows(IllegalStateException.class, () -> new QueryConnections(dataSource, config(Duration.ZERO)));
        assertThrows(IllegalStateException.class, () -> new QueryConnections(dataSource, config(Duration.ofSeconds(1), -1)));
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM snapshot_probe")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String workers(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW max_parallel_workers_per_gather")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static AggregatorConfig config(Duration statementTimeout) {
        return config(statementTimeout, 0);
    }

    private static AggregatorConfig config(Duration statementTimeout, int parallelReads) {
        AggregatorConfig.Metrics metrics = (AggregatorConfig.Metrics) Proxy.newProxyInstance(AggregatorConfig.class.getClassLoader(),
                new Class<?>[] { AggregatorConfig.Metrics.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "statementTimeout" -> statementTimeout;
                    case "parallelReads" -> parallelReads;
                    default -> 10;
                });
        return (AggregatorConfig) Proxy.newProxyInstance(AggregatorConfig.class.getClassLoader(),
                new Class<?>[] { AggregatorConfig.class }, (proxy, method, args) -> method.getName().equals("metrics") ? metrics : null);
    }
}
