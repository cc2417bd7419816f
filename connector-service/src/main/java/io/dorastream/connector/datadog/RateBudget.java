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
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

import org.apache.commons.codec.digest.DigestUtils;

/**
 * Paces Datadog list calls from what Datadog's {@code X-RateLimit-*} headers say remains, so that a
 * healthy sync never meets a 429. The budget is Datadog's, shared by every replica and every
 * connection using the same keys: each answer's {@code Remaining} already counts what the others
 * spent, so pacing follows the headers, corrected only by this replica's calls still in flight.
 *
 * <p>Datadog counts an organisation's calls in named buckets ({@code X-RateLimit-Name}); which
 * endpoints share one is Datadog's choice (the two DORA list endpoints may or may not) and may
 * change. So there is one budget per (organisation key, bucket name), and an endpoint's calls go to
 * the bucket its latest answer named. Before an endpoint's first named answer its calls have a
 * provisional budget of their own (unpaced, as nothing is known yet, like any budget before its
 * first answer); once an answer names the bucket, its headers go to that bucket's budget and the
 * endpoint's later calls, including those already waiting, queue there. A 429 on one bucket does
 * not pause the endpoints of another, one bucket's {@code Remaining} never overwrites another's,
 * and endpoints whose answers name the same bucket share its budget.
 *
 * <p>Calls are spread evenly over what remains until the period resets. A bucket's budget is
 * shared by {@link Priority}: interactive probes (key validation) go as soon as anything remains,
 * live polls may use all of it, backfill leaves a twentieth for live polls (of every replica),
 * reconciliation leaves half; a waiting call of a higher priority always goes first, and calls of
 * one priority go in arrival order, so the two streams of a connection take turns when they share
 * a bucket. A 429 empties that bucket's budget until the reset.
 */
@Singleton
public class RateBudget {

    /** Share of the limit backfill leaves unused for live polls. */
    static final double BACKFILL_RESERVE = 0.05;
    /** Share of the limit reconciliation leaves unused for live polls and backfill. */
    static final double RECONCILE_RESERVE = 0.50;

    private static final Duration PROBE_WAIT = Duration.ofMillis(20);

    private final Clock clock;
    /** The budgets, by {@link #named} bucket or, before an endpoint learns its bucket, by {@link #lane}. */
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    /** The named bucket an endpoint's latest named answer gave, by {@link #lane}. */
    private final Map<String, String> bucketOfLane = new ConcurrentHashMap<>();

    public RateBudget(Clock clock) {
        this.clock = clock;
    }

    /** The organisation key of an API key at a base URL (a hash: keys are never held longer than a call). */
    public static String key(String baseUrl, String apiKey) {
        return baseUrl + "#" + HexFormat.of().formatHex(DigestUtils.sha256(apiKey), 0, 12);
    }

    /** An organisation's endpoint; also the key of its provisional budget. */
    private static String lane(String org, String endpoint) {
        return org + " endpoint " + endpoint;
    }

    private static String named(String org, String bucket) {
        return org + " bucket " + bucket;
    }

    /** The key of the budget an endpoint's calls count against now. */
    private String bucketKey(String org, String endpoint) {
        String lane = lane(org, endpoint);
        return bucketOfLane.getOrDefault(lane, lane);
    }

    /** Waits until a call of this priority fits its bucket's budget, then counts it as in flight. */
    public Call acquire(String org, String endpoint, Priority priority) throws InterruptedException {
        return acquire(org, endpoint, priority, null);
    }

    /**
     * Like {@link #acquire(String, String, Priority)}, but gives up as soon as it is clear the call
     * could not go within {@code maxWait} (null: waits as long as it takes).
     *
     * @param org      the organisation key ({@link #key})
     * @param endpoint the endpoint called (e.g. {@code list_deployments}): its calls count against
     *                 the bucket its answers name
     * @return the call, in flight until {@link Call#done} with its answer
     * @throws Exhausted the budget stays used up longer than that; nothing was counted
     */
    public Call acquire(String org, String endpoint, Priority priority, Duration maxWait) throws InterruptedException {
        Instant deadline = maxWait == null ? null : clock.instant().plus(maxWait);
        while (true) {
            String at = bucketKey(org, endpoint);
            Bucket bucket = buckets.computeIfAbsent(at, k -> new Bucket());
            if (bucket.acquire(priority, deadline, () -> !at.equals(bucketKey(org, endpoint)))) {
                return new Call(org, endpoint, bucket, clock.instant());
            }
            // an answer named another bucket for this endpoint while the call waited: queue there
        }
    }

    /** A call counted in flight on a bucket's budget until its answer is {@linkplain #done seen}. */
    public final class Call {
        private final String org;
        private final String endpoint;
        private final Bucket counted;
        private final Instant sent;
        private boolean done;

        private Call(String org, String endpoint, Bucket counted, Instant sent) {
            this.org = org;
            this.endpoint = endpoint;
            this.counted = counted;
            this.sent = sent;
        }

        /**
         * Ends the call and learns from its answer's headers (null: no answer) and status. Headers
         * naming a bucket update that bucket's budget, and the endpoint's later calls (those
         * waiting too) count against it; headers naming none update the budget the call was
         * counted on. A second call of this method does nothing.
         */
        public void done(RateLimit headers, int status) {
            if (done) {
                return;
            }
            done = true;
            String name = headers == null || headers.name() == null ? "" : headers.name().trim();
            if (name.isEmpty()) {
                counted.answered(headers, status, true);
                return;
            }
            String key = named(org, name);
            Bucket target = buckets.computeIfAbsent(key, k -> new Bucket());
            if (target == counted) {
                counted.answered(headers, status, true);
                return;
            }
            // the bucket learns before the endpoint's calls move to it, so none goes on stale knowledge
            target.learnFrom(sent);
            target.answered(headers, status, false);
            counted.answered(null, 0, true);
            String lane = lane(org, endpoint);
            String before = bucketOfLane.put(lane, key);
            Bucket left = buckets.get(before == null ? lane : before);
            if (left != null && left != target) {
                left.wake(); // the endpoint's calls waiting there move now, not at their next look
            }
        }
    }

    /** The budget of an organisation's bucket stays used up longer than a caller could wait. */
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

    /**
     * Wakes every waiting call to read the clock again at once (else each does within a second):
     * for a clock that jumps, as a test's does.
     */
    void clockMoved() {
        buckets.values().forEach(Bucket::wake);
    }

    /**
     * How many times a call counting against this endpoint's bucket found it had to wait and parked
     * (each wake-up that finds it must still wait counts again); with {@link #parked}, lets a test
     * know a call is waiting rather than guess it from elapsed time.
     */
    long parks(String org, String endpoint) {
        Bucket bucket = buckets.get(bucketKey(org, endpoint));
        return bucket == null ? 0 : bucket.parks();
    }

    /** Calls parked right now on this endpoint's bucket, waiting for their turn or for the budget. */
    int parked(String org, String endpoint) {
        Bucket bucket = buckets.get(bucketKey(org, endpoint));
        return bucket == null ? 0 : bucket.parked();
    }

    /** The bucket name an endpoint's answers gave last, or null before any named answer. */
    public String bucketName(String org, String endpoint) {
        String key = bucketOfLane.get(lane(org, endpoint));
        return key == null ? null : key.substring(named(org, "").length());
    }

    /** The last {@code Remaining} seen for the bucket an endpoint's calls count against, or null. */
    public Integer remaining(String org, String endpoint) {
        Bucket bucket = buckets.get(bucketKey(org, endpoint));
        return bucket == null ? null : bucket.lastRemaining();
    }

    /**
     * The budget of one organisation's named bucket, or of an endpoint's calls before their first
     * named answer. Every wait in it is bounded (at most a second before the clock is read again).
     */
    private final class Bucket {
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

        /**
         * Waits for a call's turn and room in this budget, then counts it in flight.
         *
         * @param moved true once the caller's calls count against another bucket
         * @return false, counting nothing, when {@code moved} became true first
         */
        boolean acquire(Priority priority, Instant deadline, BooleanSupplier moved) throws InterruptedException {
            int p = priority.ordinal();
            lock.lock();
            try {
                long ticket = nextTicket[p]++;
                waiting[p]++;
                try {
                    while (true) {
                        if (moved.getAsBoolean()) {
                            leave(p, ticket);
                            return false;
                        }
                        Instant now = clock.instant();
                        if (ticket == serving[p] && !higherWaiting(p)) {
                            Duration wait = waitFor(priority, now);
                            if (wait.isZero()) {
                                advance(p);
                                inFlight++;
                                lastSent = clock.instant();
                                changed.signalAll();
                                return true;
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
                    leave(p, ticket);
                    throw e;
                } finally {
                    waiting[p]--;
                }
            } finally {
                lock.unlock();
            }
        }

        /** A waiting call gives up its place in line; the lock is held. */
        private void leave(int p, long ticket) {
            if (ticket == serving[p]) {
                advance(p); // let the next in line go
            } else {
                skipped[p].add(ticket); // passed over when the line reaches it
            }
            changed.signalAll();
        }

        /**
         * Learns from an answer's headers (null: none) and status; {@code release} ends a call
         * counted in flight here.
         */
        void answered(RateLimit headers, int status, boolean release) {
            lock.lock();
            try {
                if (release) {
                    inFlight = Math.max(0, inFlight - 1);
                    probing = false;
                }
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

        /** A call counted on another budget was spent in this bucket: this one's calls are spaced from it. */
        void learnFrom(Instant sent) {
            lock.lock();
            try {
                if (sent.isAfter(lastSent)) {
                    lastSent = sent;
                }
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
