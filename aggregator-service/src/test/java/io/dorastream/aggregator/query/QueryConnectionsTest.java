package io.dorastream.aggregator.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.dorastream.aggregator.config.AggregatorConfig;
import io.quarkus.test.junit.QuarkusTest;

/** Queries answering callers are stopped by PostgreSQL after the statement timeout, read only, and leave no setting behind. */
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
        QueryConnections queries = new QueryConnections(dataSource, config(Duration.ofMillis(300)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> queries.run("a write", c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("DELETE FROM deployment WHERE false");
            }
        }));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        for (int i = 0; i < 5; i++) {
            queries.run("a query", c -> {
                try (Statement s = c.createStatement()) {
                    return s.execute("SELECT 1");
                }
            });
        }
        // every connection the pool hands out now (ingestion's too) runs without the answers' timeout
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                Connection c = dataSource.getConnection();
                held.add(c);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW statement_timeout")) {
                    rs.next();
                    assertEquals("0", rs.getString(1));
                }
                assertTrue(c.getAutoCommit(), "handed back as it was taken");
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    @Test
    void aTimeoutThatIsNotPositiveIsRefused() {
        assertThrows(IllegalStateException.class, () -> new QueryConnections(dataSource, config(Duration.ZERO)));
    }

    private static AggregatorConfig config(Duration statementTimeout) {
        AggregatorConfig.Metrics metrics = (AggregatorConfig.Metrics) Proxy.newProxyInstance(AggregatorConfig.class.getClassLoader(),
                new Class<?>[] { AggregatorConfig.Metrics.class },
                (proxy, method, args) -> method.getName().equals("statementTimeout") ? statementTimeout : 10);
        return (AggregatorConfig) Proxy.newProxyInstance(AggregatorConfig.class.getClassLoader(),
                new Class<?>[] { AggregatorConfig.class }, (proxy, method, args) -> method.getName().equals("metrics") ? metrics : null);
    }
}
