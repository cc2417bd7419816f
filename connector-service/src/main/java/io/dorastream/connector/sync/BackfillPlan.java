package io.dorastream.connector.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.dorastream.events.Stream;

/**
 * Sizes each backfill window from the density the stream showed so far, so that a window holds about one page
 * ({@code perPage} events) and costs one list request: a sparse stream is read in a few long windows instead of
 * one per {@code backfill-step}, a dense one in windows the reader does not have to split. The first window of a
 * backfill (and the first after this replica took the stream over, or after a restart) is {@code backfill-step}
 * long; each next one is the last one scaled by {@code perPage / events it held}, at most {@link #MAX_GROWTH} times
 * longer. A window that still comes back fuller than a page is split by the reader as before; the plan only
 * chooses where windows end, never what they return, so every event is read exactly as with a fixed step.
 */
final class BackfillPlan {

    /** Longest next window, as a multiple of the last one: a quiet stretch says little about the one after it. */
    static final int MAX_GROWTH = 8;

    /** The last backfill window read of one stream and the events it held. */
    record Observed(Instant to, long seconds, int events) {
    }

    private final Duration firstWindow;
    private final int perPage;
    private final Map<String, Observed> last = new ConcurrentHashMap<>();

    BackfillPlan(Duration firstWindow, int perPage) {
        if (firstWindow.isNegative() || firstWindow.isZero() || perPage < 1) {
            throw new IllegalArgumentException("backfill-step must be positive and a page hold an event");
        }
        this.firstWindow = firstWindow;
        this.perPage = perPage;
    }

    /** How long the backfill window from {@code from} should be. */
    Duration next(UUID connection, Stream stream, Instant from) {
        return length(last.get(key(connection, stream)), from);
    }

    /** The window {@code [from, to)} was read whole and held {@code events}. */
    void read(UUID connection, Stream stream, Instant from, Instant to, int events) {
        last.put(key(connection, stream), new Observed(to, Duration.between(from, to).toSeconds(), events));
    }

    /** The stream is live (or gone): nothing to plan for it any more. */
    void forget(UUID connection, Stream stream) {
        last.remove(key(connection, stream));
    }

    /** The next window's length after {@code previous} (null: none known), starting at {@code from}. */
    Duration length(Observed previous, Instant from) {
        if (previous == null || !previous.to().equals(from) || previous.seconds() < 1) {
            // nothing known, or another replica read in between: probe with the configured step
            return firstWindow;
        }
        long longest = Math.multiplyExact(previous.seconds(), (long) MAX_GROWTH);
        if (previous.events() == 0) {
            return Duration.ofSeconds(longest);
        }
        long planned = (long) Math.floor((double) previous.seconds() * perPage / previous.events());
        return Duration.ofSeconds(Math.max(1, Math.min(longest, planned)));
    }

    private static String key(UUID connection, Stream stream) {
        return connection + ":" + stream.id();
    }
}
