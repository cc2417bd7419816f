package io.dorastream.connector.datadog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

import org.apache.commons.codec.digest.DigestUtils;

/**
 * Paces Datadog list calls from what Datadog's {@code X-RateLimit-*} headers say remains, so that a
 * healthy sync never meets a 429. The budget is Datadog's, shared by every replica and every
 * connection using the same keys: each answer's {@code Remaining} already counts what the others
 * spent, so pacing follows the headers, corrected only by this replica's calls still in flight.
 *
 * <p>Calls are spread evenly over what remains until the period resets. The budget is shared by
 * {@link Priority}: interactive probes (key validation) go as soon as anything remains, live polls
 * may use all of it, backfill leaves a twentieth for live polls (of every
 * replica), reconciliation leaves half; a waiting call of a higher priority always goes first, and
 * calls of one priority go in arrival order, so the two streams of a connection take turns. A 429
 * empties the budget until the reset for every call of the organisation.
 */
@Singleton
public class RateBudget {

    /** Share of the limit backfill leaves unused for live polls. */
    static final double BACKFILL_RESERVE = 0.05;
    /** Share of the limit reconciliation leaves unused for live polls and backfill. */
    static final double RECONCILE_RESERVE = 0.50;

    private static final Duration PROBE_WAIT = Duration.ofMillis(20);

    private final Clock clock;
    private final Map<String, Org> orgs = new ConcurrentHashMap<>();

    public RateBudget(Clock clock) {
        this.clock = clock;
    }

    /** The budget key of an API key at a base URL (a hash: keys are never held longer than a call). */
    public static String key(String baseUrl, String apiKey) {
        return baseUrl + "#" + HexFormat.of().formatHex(DigestUtils.sha256(apiKey), 0, 12);
    }

    /** Waits until a call of this priority fits the budget, then counts it as in flight. */
    public void acquire(String key, Priority priority) throws InterruptedException {
        acquire(key, priority, (Duration) null);
    }

    /**
     * Like {@link #acquire(String, Priority)}, but gives up as soon as it is clear the call could
     * not go within {@code maxWait} (null: waits as long as it takes).
     *
     * @throws Exhausted the budget stays used up longer than that; nothing was counted
     */
    public void acquire(String key, Priority priority, Duration maxWait) throws InterruptedException {
        orgs.computeIfAbsent(key, k -> new Org()).acquire(priority, maxWait == null ? null : clock.instant().plus(maxWait));
    }

    /** The budget of an organisation stays used up longer than a caller could wait. */
    public static final class Exhausted extends RuntimeException {
        private final Duration retryAfter;

        Exhausted(Duration retryAfter) {
            this(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
        }

        private Exhausted(long seconds) {
            super("Datadog's rate limit for these keys is used up for about " + seconds + " more seconds", null, false, false);
            this.retryAfter = Duration.ofSeconds(seconds);
        }

        /** How long until the budget is expected to have room again. */
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** Learns from an answer's headers (null: no answer) and ends the in-flight call. */
    public void observe(String key, RateLimit headers, int status) {
        Org org = orgs.get(key);
        if (org != null) {
            org.observe(headers, status);
        }
    }

    /**
     * Wakes every waiting call to read the clock again at once (else each does within a second):
     * for a clock that jumps, as a test's does.
     */
    void clockMoved() {
        orgs.values().forEach(Org::wake);
    }

    /**
     * How many times a call of this key found it had to wait and parked (each wake-up that finds it
     * must still wait counts again); with {@link #parked}, lets a test know a call is waiting
     * rather than guess it from elapsed time.
     */
    long parks(String key) {
        Org org = orgs.get(key);
        return org == null ? 0 : org.parks();
    }

    /** Calls of this key parked right now, waiting for their turn or for the budget. */
    int parked(String key) {
        Org org = orgs.get(key);
        return org == null ? 0 : org.parked();
    }

    /** The last {@code Remaining} seen for a key, or null. */
    public Integer remaining(String key) {
        Org org = orgs.get(key);
        return org == null ? null : org.lastRemaining();
    }

    private final class Org {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final long[] nextTicket = new long[Priority.values().length];
        private final long[] serving = new long[Priority.values().length];
        private final int[] waiting = new int[Priority.values().length];
        @SuppressWarnings("unchecked")
        private final Set<Long>[] skipped = new Set[Priority.values().length];
        {
            for (int p = 0; p < skipped.length; p++) {
                skipped[p] = new HashSet<>();
            }
        }
        /** Unknown until the first answer with headers: calls are not paced before. */
        private Integer limit;
        /** The period's length in seconds, when the headers said it. */
        private Integer period;
        private int remaining;
        private Instant resetAt = Instant.EPOCH;
        private int inFlight;
        private Instant lastSent = Instant.EPOCH;
        /** A call is testing whether a new period began; the others wait for its answer. */
        private boolean probing;
        /** Calls parked on {@link #changed} now, and how often one parked in all. */
        private int parked;
        private long parks;

        void acquire(Priority priority, Instant deadline) throws InterruptedException {
            int p = priority.ordinal();
            lock.lock();
            try {
                long ticket = nextTicket[p]++;
                waiting[p]++;
                try {
                    while (true) {
                        Instant now = clock.instant();
                        if (ticket == serving[p] && !higherWaiting(p)) {
                            Duration wait = waitFor(priority, now);
                            if (wait.isZero()) {
                                advance(p);
                                inFlight++;
                                lastSent = clock.instant();
                                changed.signalAll();
                                return;
                            }
                            if (deadline != null && now.plus(wait).isAfter(deadline)) {
                                throw new Exhausted(wait);
                            }
                            // At most a second at a time: the clock is read again, whatever moved it.
                            park(Math.max(1_000_000L, Math.min(wait.toNanos(), 1_000_000_000L)));
                        } else {
                            if (deadline != null && !now.isBefore(deadline)) {
                                throw new Exhausted(Duration.between(now, resetAt)); // behind others: about a period
                            }
                            park(TimeUnit.SECONDS.toNanos(1));
                        }
                    }
                } catch (InterruptedException | Exhausted e) {
                    if (ticket == serving[p]) {
                        advance(p); // let the next in line go
                    } else {
                        skipped[p].add(ticket); // passed over when the line reaches it
                    }
                    changed.signalAll();
                    throw e;
                } finally {
                    waiting[p]--;
                }
            } finally {
                lock.unlock();
            }
        }

        void observe(RateLimit headers, int status) {
            lock.lock();
            try {
                inFlight = Math.max(0, inFlight - 1);
                probing = false;
                Instant now = clock.instant();
                if (headers != null && headers.limit() != null && headers.remaining() != null && headers.reset() != null) {
                    limit = headers.limit();
                    period = headers.period();
                    remaining = headers.remaining();
                    resetAt = now.plusSeconds(Math.max(0, headers.reset()));
                }
                if (status == 429) {
                    remaining = 0;
                    Integer reset = headers == null ? null : headers.reset();
                    resetAt = now.plusSeconds(reset == null ? 1 : Math.max(1, reset));
                    if (limit == null) {
                        limit = 1;
                    }
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** Waits on {@link #changed} for at most {@code nanos}; the lock is held. */
        private void park(long nanos) throws InterruptedException {
            parked++;
            parks++;
            try {
                changed.awaitNanos(nanos);
            } finally {
                parked--;
            }
        }

        void wake() {
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        int parked() {
            return locked(() -> parked);
        }

        long parks() {
            return locked(() -> parks);
        }

        Integer lastRemaining() {
            return locked(() -> limit == null ? null : remaining);
        }

        private <T> T locked(Supplier<T> read) {
            lock.lock();
            try {
                return read.get();
            } finally {
                lock.unlock();
            }
        }

        /** How long a call of this priority must still wait; zero when it may go now. */
        private Duration waitFor(Priority priority, Instant now) {
            if (limit == null) {
                return Duration.ZERO;
            }
            if (probing && inFlight > 0) {
                return PROBE_WAIT; // the first answer of the period tells what it really holds
            }
            if (!now.isBefore(resetAt)) {
                // The period seems over (the header's whole seconds may round either way): one call
                // goes first, and its answer's headers say what the new period holds.
                probing = true;
                remaining = limit;
                resetAt = now.plusSeconds(period == null ? 1 : Math.max(1, period));
                lastSent = Instant.EPOCH;
                return Duration.ZERO;
            }
            int reserve = switch (priority) {
                case INTERACTIVE, LIVE -> 0;
                case BACKFILL -> (int) Math.ceil(limit * BACKFILL_RESERVE);
                case RECONCILE -> (int) Math.ceil(limit * RECONCILE_RESERVE);
            };
            int usable = remaining - inFlight - reserve;
            Duration untilReset = Duration.between(now, resetAt);
            if (usable <= 0) {
                return untilReset;
            }
            if (priority == Priority.INTERACTIVE) {
                return Duration.ZERO; // a handful of calls someone waits on: not spread over the period
            }
            Duration spacing = untilReset.dividedBy(usable + 1);
            Instant next = lastSent.plus(spacing);
            return next.isAfter(now) ? Duration.between(now, next) : Duration.ZERO;
        }

        private boolean higherWaiting(int p) {
            for (int q = 0; q < p; q++) {
                if (waiting[q] > 0) {
                    return true;
                }
            }
            return false;
        }

        /** Serves the next ticket of a priority, passing over those whose waiter gave up. */
        private void advance(int p) {
            serving[p]++;
            while (skipped[p].remove(serving[p])) {
                serving[p]++;
            }
        }
    }
}
