package io.dorastream.connector.sync;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.core.JacksonException;

import io.dorastream.connector.connection.CredentialCipher;
import io.dorastream.connector.connection.ErrorSource;
import io.dorastream.connector.connection.StreamState;
import io.dorastream.connector.datadog.DatadogApiException;
import io.dorastream.connector.datadog.DatadogEventParser;
import io.dorastream.connector.datadog.DatadogRateLimitedException;
import io.dorastream.connector.datadog.DatadogUnreachableException;
import io.dorastream.connector.messaging.EventPublisher;

/**
 * The one place that says whose fault a failed poll is and what follows from it. Datadog's failures
 * (5xx, no answer, 429s past the wait allowed, bodies that cannot be read) count toward the
 * connection's circuit breaker and mark it {@code failing}; a refusal of the keys (401/403) makes it
 * {@code unauthorized} and a refused request (400, in practice the query) puts the stream in
 * {@code invalid_query} — neither counts toward the breaker. DoraStream's own failures (database,
 * Kafka, keyring, parsing, a bug) never count toward it and never change the connection's status:
 * the stream shows them as its last error with source {@code dorastream} and is retried with backoff.
 */
public final class SyncFailures {

    /** What went wrong, with the stable code a stream's {@code lastError.kind} shows. */
    public enum Kind {
        /** Datadog refused the keys (401/403). */
        DATADOG_UNAUTHORIZED(ErrorSource.DATADOG, "datadog-unauthorized"),
        /** Datadog refused the request as malformed (400): the connection's query, in practice. */
        DATADOG_INVALID_QUERY(ErrorSource.DATADOG, "datadog-invalid-query"),
        /** Any other 4xx. */
        DATADOG_REFUSED(ErrorSource.DATADOG, "datadog-refused"),
        /** 429s for longer than a page may wait. */
        DATADOG_RATE_LIMITED(ErrorSource.DATADOG, "datadog-rate-limited"),
        /** 5xx answers, again and again. */
        DATADOG_ERROR(ErrorSource.DATADOG, "datadog-error"),
        /** Answers whose body is not a list. */
        DATADOG_BAD_BODY(ErrorSource.DATADOG, "datadog-bad-body"),
        /** No answer: timeout, refused connection, DNS, TLS. */
        DATADOG_UNREACHABLE(ErrorSource.DATADOG, "datadog-unreachable"),
        /** The connection's breaker is open after repeated Datadog failures: the poll did not run. */
        DATADOG_BREAKER_OPEN(ErrorSource.DATADOG, "datadog-breaker-open"),
        /** PostgreSQL failed (down, restarting, a constraint, a timeout). */
        DATABASE(ErrorSource.DORASTREAM, "database"),
        /** Kafka did not acknowledge a record. */
        KAFKA(ErrorSource.DORASTREAM, "kafka"),
        /** The stored keys cannot be decrypted with this replica's keyring. */
        KEY_RING(ErrorSource.DORASTREAM, "key-ring"),
        /** Reading Datadog's JSON failed in our code. */
        PARSING(ErrorSource.DORASTREAM, "parsing"),
        /** Anything else: a bug of ours, or a limit of the reader; the log has the stack trace. */
        INTERNAL(ErrorSource.DORASTREAM, "internal");

        private final ErrorSource source;
        private final String code;

        Kind(ErrorSource source, String code) {
            this.source = source;
            this.code = code;
        }

        public ErrorSource source() {
            return source;
        }

        public String code() {
            return code;
        }
    }

    /** A classified failure: its kind and the sentence the stream's {@code lastError.message} shows. */
    public record Failure(Kind kind, String message) {

        public ErrorSource source() {
            return kind.source();
        }

        /** Whether the connection's circuit breaker counts it: Datadog failing, not refusing. */
        public boolean countsTowardBreaker() {
            return kind.source() == ErrorSource.DATADOG && kind != Kind.DATADOG_UNAUTHORIZED
                    && kind != Kind.DATADOG_INVALID_QUERY;
        }

        /** The state the stream is left in. */
        public StreamState state() {
            return switch (kind) {
                case DATADOG_UNAUTHORIZED -> StreamState.UNAUTHORIZED;
                case DATADOG_INVALID_QUERY -> StreamState.INVALID_QUERY;
                default -> StreamState.FAILING;
            };
        }
    }

    private SyncFailures() {
    }

    /** Whose failure {@code failure} is, and what kind. */
    public static Failure classify(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof DatadogApiException e) {
            return new Failure(ofStatus(e.status()), e.getMessage());
        }
        if (t instanceof DatadogRateLimitedException) {
            return new Failure(Kind.DATADOG_RATE_LIMITED, t.getMessage());
        }
        if (t instanceof DatadogUnreachableException) {
            return new Failure(Kind.DATADOG_UNREACHABLE, t.getMessage());
        }
        if (t instanceof EventPublisher.PublishFailedException) {
            return new Failure(Kind.KAFKA, t.getMessage());
        }
        if (t instanceof CredentialCipher.UnreadableCredentialException) {
            return new Failure(Kind.KEY_RING, t.getMessage());
        }
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException || c instanceof jakarta.persistence.PersistenceException
                    || c instanceof org.hibernate.HibernateException || isTransactionFailure(c)) {
                String state = sqlState(c);
                return new Failure(Kind.DATABASE, "the connector's database failed ("
                        + (state != null ? "SQLState " + state : root(c).getClass().getSimpleName()) + "); details in its log");
            }
            if (c instanceof JacksonException || c instanceof DatadogEventParser.UnparseableEventException) {
                return new Failure(Kind.PARSING, "reading Datadog's answer failed in the connector ("
                        + c.getClass().getSimpleName() + "); details in its log");
            }
        }
        return new Failure(Kind.INTERNAL, "internal error of the connector (" + t.getClass().getSimpleName()
                + "); details in its log");
    }

    /**
     * What the log says of a failure of DoraStream's side: the whole chain's messages, which may name
     * hosts, topics and values; {@link Failure#message()}, shown to viewers, never does.
     */
    public static String details(Throwable failure) {
        StringBuilder out = new StringBuilder(failure.toString());
        for (Throwable c = failure.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            out.append(" <- ").append(c);
        }
        return out.toString();
    }

    /** The kind of an error status of Datadog's list endpoint (2xx: a body that is not a list). */
    static Kind ofStatus(int status) {
        if (status == 401 || status == 403) {
            return Kind.DATADOG_UNAUTHORIZED;
        }
        if (status == 400) {
            return Kind.DATADOG_INVALID_QUERY;
        }
        if (status == 429) {
            return Kind.DATADOG_RATE_LIMITED;
        }
        if (status >= 500) {
            return Kind.DATADOG_ERROR;
        }
        if (status < 300) {
            return Kind.DATADOG_BAD_BODY;
        }
        return Kind.DATADOG_REFUSED;
    }

    /**
     * The wait before the next try after {@code failures} failed polls in a row (at least one):
     * {@code first}, doubling, at most {@code max}.
     */
    public static Duration backoff(Duration first, Duration max, int failures) {
        int doublings = Math.min(Math.max(0, failures - 1), 30);
        Duration d = first.multipliedBy(1L << doublings);
        return d.compareTo(max) > 0 || d.isNegative() ? max : d;
    }

    private static boolean isTransactionFailure(Throwable t) {
        return t.getClass().getName().startsWith("jakarta.transaction.");
    }

    /** The first SQLState in the chain (PostgreSQL's error class, e.g. {@code 08001}: cannot connect), or null. */
    private static String sqlState(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static Throwable root(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
