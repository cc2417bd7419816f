package io.dorastream.connector.reading;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.connector.datadog.DatadogApiException;
import io.dorastream.connector.datadog.DatadogResponse;
import io.dorastream.connector.datadog.DatadogUnreachableException;
import io.dorastream.connector.datadog.RateLimit;
import io.dorastream.events.DoraJson;
import io.dorastream.events.Stream;

/**
 * Fetches one page of a list call, riding out Datadog's transient failures: 5xx answers,
 * unreadable (malformed or truncated) bodies and unanswered calls are retried with exponential
 * backoff; a 429 waits {@code X-RateLimit-Reset} seconds, at most {@code maxRateLimitWait} in all
 * for one page, after which it gives up with a 429 {@link DatadogApiException}.
 *
 * <p>A window that can be split and fails {@link #SPLIT_AFTER} times in a row ends in a
 * {@link HeavyWindowException}, so that it is read in smaller pieces rather than retried at the same
 * size (a heavy window times out or fails again and again); a piece of a window split for failing
 * is split again at its first failure. Splitting is a way of retrying, not a fresh start: the
 * failed calls in a row are counted over the whole read, across the pieces, and the
 * {@code maxAttempts}-th ends the read, so a Datadog failing everything is given up on after as
 * many calls and the same backoff (0.5, 1, 2, 4, 8 s by default) whether windows are split or not.
 * An answer resets the count.
 *
 * <p>Counts every call made and keeps the last rate-limit headers seen. One instance serves one
 * read (not thread-safe).
 */
final class PageFetcher {

    private static final Logger LOG = Logger.getLogger(PageFetcher.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_UNKNOWN_RESET = Duration.ofSeconds(60);
    /** Failures in a row after which a window that can be split is split instead of retried. */
    static final int SPLIT_AFTER = 2;

    /** A window failed {@link #SPLIT_AFTER} times in a row: read it in smaller pieces. */
    static final class HeavyWindowException extends RuntimeException {
        HeavyWindowException(String message) {
            super(message);
        }
    }

    private final ListCall call;
    private final Stream stream;
    private final int limit;
    private final WindowReader.Settings settings;
    private int requests;
    private RateLimit rateLimit;
    /** Failed calls in a row in this read, across windows (a split window's pieces continue its count). */
    private int failures;

    PageFetcher(ListCall call, Stream stream, int limit, WindowReader.Settings settings) {
        this.call = call;
        this.stream = stream;
        this.limit = limit;
        this.settings = settings;
    }

    /** Calls made so far, retries and refused calls included. */
    int requests() {
        return requests;
    }

    /** The rate-limit headers of the last answer, or null before any. */
    RateLimit rateLimit() {
        return rateLimit;
    }

    /**
     * The {@code data} array of the list answer for {@code [from, to)} and {@code query} (null: all events).
     *
     * @param splittable whether the window can be read in smaller pieces: then it ends in a
     *                   {@link HeavyWindowException} after {@link #SPLIT_AFTER} failures in a row
     *                   (after one, when the failures in a row began on an earlier window)
     */
    JsonNode fetch(Instant from, Instant to, String query, boolean splittable) {
        int windowFailures = 0;
        Duration rateLimited = Duration.ZERO;
        int refusals = 0;
        while (true) {
            requests++;
            DatadogResponse r;
            try {
                r = call.list(stream, from, to, limit, query);
            } catch (DatadogUnreachableException e) {
                failed(++windowFailures, splittable, from, to, e.getMessage(), () -> e);
                continue;
            }
            if (r.rateLimit() != null) {
                rateLimit = r.rateLimit();
            }
            if (r.ok()) {
                JsonNode data = data(r);
                if (data != null) {
                    failures = 0;
                    return data;
                }
                failed(++windowFailures, splittable, from, to, "an unreadable body",
                        () -> new DatadogApiException(r.status(), "Datadog answered an unreadable body to list " + stream.id()
                                + " " + settings.maxAttempts() + " times in a row"));
            } else if (r.status() == 429) {
                Duration wait = resetWait(r.rateLimit(), refusals++);
                if (rateLimited.plus(wait).compareTo(settings.maxRateLimitWait()) > 0) {
                    throw new DatadogApiException(429, "Datadog kept refusing list " + stream.id()
                            + " for its rate limit: waited " + rateLimited.toSeconds() + " s, the limit resets in another "
                            + wait.toSeconds() + " s, more than the " + settings.maxRateLimitWait().toSeconds()
                            + " s allowed for one page (" + r.errorText() + ")");
                }
                LOG.debugf("list %s rate-limited, waiting %d s", stream.id(), wait.toSeconds());
                sleep(wait);
                rateLimited = rateLimited.plus(wait);
                // a 429 is pacing, not a failure
            } else if (r.status() < 500) {
                throw new DatadogApiException(r.status(), "Datadog refused list " + stream.id() + " (" + r.status() + "): " + r.errorText());
            } else {
                failed(++windowFailures, splittable, from, to, r.status() + " " + r.errorText(),
                        () -> new DatadogApiException(r.status(), "Datadog failed list " + stream.id() + " "
                                + settings.maxAttempts() + " times in a row: " + r.errorText()));
            }
        }
    }

    /**
     * A call of the window failed for the {@code windowFailures}-th time in a row: ends the read with
     * {@code giveUp} at the read's {@code maxAttempts}-th failed call in a row; else backs off, then
     * gives up on a window that can be split once it failed {@link #SPLIT_AFTER} times, or once when
     * the failures in a row began on an earlier window (one already split for failing).
     */
    private void failed(int windowFailures, boolean splittable, Instant from, Instant to, String last,
            Supplier<? extends RuntimeException> giveUp) {
        failures++;
        if (failures >= settings.maxAttempts()) {
            throw giveUp.get();
        }
        LOG.debugf("list %s failed (%s), retrying", stream.id(), last);
        backoff(failures);
        if (splittable && (windowFailures >= SPLIT_AFTER || failures > windowFailures)) {
            throw new HeavyWindowException("list " + stream.id() + " [" + from + ", " + to + ") failed " + windowFailures
                    + " times in a row (last: " + last + ")");
        }
    }

    /** {@code X-RateLimit-Reset} seconds (at least one); without the header, 1, 2, 4 … up to 60 s. */
    private static Duration resetWait(RateLimit rl, int refusals) {
        if (rl != null && rl.reset() != null) {
            return Duration.ofSeconds(Math.max(1, rl.reset()));
        }
        Duration d = Duration.ofSeconds(1L << Math.min(refusals, 6));
        return d.compareTo(MAX_UNKNOWN_RESET) > 0 ? MAX_UNKNOWN_RESET : d;
    }

    private void backoff(int failures) {
        sleep(FIRST_BACKOFF.multipliedBy(1L << Math.min(failures - 1, 10)));
    }

    private void sleep(Duration d) {
        try {
            settings.sleeper().sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + stream.id(), e);
        }
    }

    /** The {@code data} array of a list answer, or null when the body is not one (malformed, truncated). */
    private static JsonNode data(DatadogResponse r) {
        try {
            JsonNode data = DoraJson.mapper().readTree(r.body() == null ? "" : r.body()).path("data");
            return data.isArray() ? data : null;
        } catch (Exception e) {
            return null;
        }
    }
}
