package io.dorastream.connector.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParseException;

import io.dorastream.connector.connection.CredentialCipher;
import io.dorastream.connector.connection.ErrorSource;
import io.dorastream.connector.connection.StreamState;
import io.dorastream.connector.datadog.DatadogApiException;
import io.dorastream.connector.datadog.DatadogRateLimitedException;
import io.dorastream.connector.datadog.DatadogUnreachableException;
import io.dorastream.connector.messaging.EventPublisher;

class SyncFailuresTest {

    private static SyncFailures.Failure of(Throwable t) {
        return SyncFailures.classify(t);
    }

    @Test
    void datadogFailingCountsTowardTheBreaker() {
        for (Throwable t : new Throwable[] {
                new DatadogApiException(503, "Datadog failed list deployments 6 times in a row: HTTP 503"),
                new DatadogApiException(429, "Datadog kept refusing list deployments for its rate limit"),
                new DatadogApiException(200, "Datadog answered an unreadable body to list deployments 6 times in a row"),
                DatadogUnreachableException.noAnswer("list deployments", new SocketTimeoutException("read timed out")),
                new DatadogRateLimitedException("rate budget used up", Duration.ofSeconds(30)) }) {
            SyncFailures.Failure f = of(t);
            assertEquals(ErrorSource.DATADOG, f.source(), t.toString());
            assertTrue(f.countsTowardBreaker(), t.toString());
            assertEquals(StreamState.FAILING, f.state(), t.toString());
            assertEquals(t.getMessage(), f.message());
        }
        assertEquals(SyncFailures.Kind.DATADOG_ERROR, of(new DatadogApiException(502, "x")).kind());
        assertEquals(SyncFailures.Kind.DATADOG_BAD_BODY, of(new DatadogApiException(200, "x")).kind());
        assertEquals(SyncFailures.Kind.DATADOG_RATE_LIMITED, of(new DatadogApiException(429, "x")).kind());
        assertEquals(SyncFailures.Kind.DATADOG_UNREACHABLE,
                of(DatadogUnreachableException.noAnswer("list failures", new SocketTimeoutException())).kind());
    }

    @Test
    void refusalsStopTheStreamWithoutCountingTowardTheBreaker() {
        SyncFailures.Failure keys = of(new DatadogApiException(403, "Datadog refused list deployments (403): Forbidden"));
        assertEquals(SyncFailures.Kind.DATADOG_UNAUTHORIZED, keys.kind());
        assertEquals(StreamState.UNAUTHORIZED, keys.state());
        assertFalse(keys.countsTowardBreaker());
        assertEquals(StreamState.UNAUTHORIZED, of(new DatadogApiException(401, "x")).state());

        SyncFailures.Failure query = of(new DatadogApiException(400, "Datadog refused list deployments (400): missing ')'"));
        assertEquals(SyncFailures.Kind.DATADOG_INVALID_QUERY, query.kind());
        assertEquals(StreamState.INVALID_QUERY, query.state());
        assertFalse(query.countsTowardBreaker());
        assertEquals(ErrorSource.DATADOG, query.source());
    }

    @Test
    void ourOwnFailuresNeverCountTowardTheBreaker() {
        SyncFailures.Failure kafka = of(publishFailed(new org.apache.kafka.common.errors.TimeoutException("expired")));
        assertEquals(SyncFailures.Kind.KAFKA, kafka.kind());

        SyncFailures.Failure database = of(new jakarta.persistence.PersistenceException("could not execute statement",
                new SQLException("Connection to 127.0.0.1:5432 refused", "08001")));
        assertEquals(SyncFailures.Kind.DATABASE, database.kind());
        // viewers see it: PostgreSQL's class of error, not its text (host, port, values)
        assertEquals("the connector's database failed (SQLState 08001); details in its log", database.message());
        assertTrue(SyncFailures.details(new jakarta.persistence.PersistenceException("x",
                new SQLException("Connection to 127.0.0.1:5432 refused", "08001"))).contains("127.0.0.1:5432"), "the log has it all");
        assertEquals(SyncFailures.Kind.DATABASE, of(new IllegalStateException("wrapped", new SQLException("pool", (String) null))).kind());

        SyncFailures.Failure keyRing = of(new CredentialCipher.UnreadableCredentialException(
                "stored credential uses key id 'gone', which is not in the keyring"));
        assertEquals(SyncFailures.Kind.KEY_RING, keyRing.kind());
        assertTrue(keyRing.message().contains("not in the keyring"), keyRing.message());

        assertEquals(SyncFailures.Kind.PARSING, of(new IllegalStateException(new JsonParseException(null, "bad"))).kind());
        SyncFailures.Failure bug = of(new ArithmeticException("integer overflow"));
        assertEquals(SyncFailures.Kind.INTERNAL, bug.kind());
        assertEquals("internal error of the connector (ArithmeticException); details in its log", bug.message());
        assertEquals("Kafka did not acknowledge a record (TimeoutException)", kafka.message());

        for (SyncFailures.Failure f : new SyncFailures.Failure[] { kafka, database, keyRing }) {
            assertEquals(ErrorSource.DORASTREAM, f.source());
            assertFalse(f.countsTowardBreaker(), f.toString());
            assertEquals(StreamState.FAILING, f.state());
        }
    }

    @Test
    void backoffDoublesUpToItsMaximum() {
        Duration first = Duration.ofMinutes(2);
        Duration max = Duration.ofHours(1);
        assertEquals(Duration.ofMinutes(2), SyncFailures.backoff(first, max, 1));
        assertEquals(Duration.ofMinutes(4), SyncFailures.backoff(first, max, 2));
        assertEquals(Duration.ofMinutes(32), SyncFailures.backoff(first, max, 5));
        assertEquals(max, SyncFailures.backoff(first, max, 6));
        assertEquals(max, SyncFailures.backoff(first, max, 1_000));
        assertEquals(first, SyncFailures.backoff(first, max, 0));
    }

    /** What {@link EventPublisher#awaitAll} throws when Kafka failed a send. */
    private static RuntimeException publishFailed(Throwable cause) {
        try {
            EventPublisher.awaitAll(List.of(CompletableFuture.failedFuture(cause)));
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("a failed acknowledgement must throw");
    }
}
