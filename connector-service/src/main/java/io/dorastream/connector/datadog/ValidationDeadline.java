package io.dorastream.connector.datadog;

import java.time.Duration;

/**
 * One deadline for a whole live validation (the connect checklist of a create, or of new keys or a new
 * query): each Datadog call inside gets the time that remains as its timeout, so the validation answers
 * within {@code limit} whatever Datadog does — below the gateway's read timeout for the route, so the
 * caller never sees the gateway give up while a connection may still be written.
 */
public final class ValidationDeadline {

    private final Duration limit;
    private final long endNanos;

    private ValidationDeadline(Duration limit) {
        this.limit = limit;
        this.endNanos = System.nanoTime() + limit.toNanos();
    }

    /** A deadline {@code limit} from now. */
    public static ValidationDeadline in(Duration limit) {
        return new ValidationDeadline(limit);
    }

    public Duration limit() {
        return limit;
    }

    /** The time left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    /** The failure to throw once the deadline passed. */
    public ValidationTimeoutException expired() {
        return new ValidationTimeoutException(limit);
    }

    /**
     * Datadog did not answer the live validation within its deadline; nothing was written. Answered as
     * a 504 problem with {@code Retry-After}.
     */
    public static final class ValidationTimeoutException extends DatadogUnreachableException {

        private static final long serialVersionUID = 1L;

        private final Duration limit;

        ValidationTimeoutException(Duration limit) {
            super("datadog-timeout: Datadog did not answer the validation within " + seconds(limit) + " s", null);
            this.limit = limit;
        }

        public Duration limit() {
            return limit;
        }

        private static String seconds(Duration d) {
            return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : Double.toString(d.toMillis() / 1000.0);
        }
    }
}
