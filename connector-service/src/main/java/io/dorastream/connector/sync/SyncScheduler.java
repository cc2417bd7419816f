package io.dorastream.connector.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.dorastream.connector.config.ConnectorConfig;
import io.dorastream.events.Stream;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Every tick, claims due streams (leases shared with the other replicas, see {@link StreamLeases})
 * and hands them to a bounded pool of pollers. Live streams are claimed first, and streams still
 * backfilling get at most all slots but one, so freshness never waits behind a long backfill. A
 * stream claimed for its backfill reads up to {@code backfill-chain} windows back to back within the
 * claim, each saved before the next starts (see {@link #chains}). The leases of running polls are
 * renewed; a stream is never polled twice at once, by this replica or another.
 */
@ApplicationScoped
public class SyncScheduler {

    private static final Logger LOG = Logger.getLogger(SyncScheduler.class);

    /** A stream of a connection, whatever the lease epoch. */
    private record StreamKey(UUID connectionId, Stream stream) {
    }

    /**
     * A claim being polled on this replica (one poll, or a backfill's chain of windows), and the thread running it
     * (null before it starts and once it ended).
     */
    private static final class Running {
        final SyncStateRepository.Due due;
        final boolean live;
        final AtomicBoolean lost = new AtomicBoolean();
        private Thread thread;
        private volatile boolean abandoned;

        Running(SyncStateRepository.Due due, boolean live) {
            this.due = due;
            this.live = live;
        }

        boolean live() {
            return live;
        }

        synchronized void started() {
            thread = Thread.currentThread();
        }

        /** The poll ends: an interruption aimed at it must not reach the next task of its thread. */
        synchronized void ended() {
            thread = null;
            Thread.interrupted();
        }

        /**
         * Abandons the poll (its lease is lost, or its connection is being deleted): a wait for the rate
         * budget or for Datadog ends at once, nothing of it is saved, and it is read again when due.
         */
        synchronized void abandon() {
            abandoned = true; // also ends a chain of backfill windows between two of them
            if (thread != null) {
                thread.interrupt();
            }
        }
    }

    private final StreamLeases leases;
    private final StreamPoller poller;
    private final ConnectionBreakers breakers;
    private final SyncStateRepository repository;
    private final Duration breakerDelay;
    private final Clock clock;
    private final int slots;
    private final int backfillChain;
    private final ExecutorService pool;
    private final Map<StreamKey, Running> running = new ConcurrentHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** Held by a tick while it claims and starts polls; {@link #stop} takes it to wait for a tick under way. */
    private final Object ticking = new Object();
    private volatile Instant lastRenewal = Instant.EPOCH;

    public SyncScheduler(StreamLeases leases, StreamPoller poller, ConnectionBreakers breakers, SyncStateRepository repository,
            Clock clock, ConnectorConfig config) {
        this.leases = leases;
        this.poller = poller;
        this.breakers = breakers;
        this.repository = repository;
        this.breakerDelay = config.datadog().breaker().delay();
        this.clock = clock;
        this.slots = config.sync().maxConcurrentPolls();
        this.backfillChain = config.sync().backfillChain();
        if (backfillChain < 1) {
            throw new IllegalArgumentException("dorastream.sync.backfill-chain must be at least 1: " + backfillChain);
        }
        this.pool = Executors.newFixedThreadPool(slots, r -> {
            Thread t = new Thread(r, "dora-sync");
            t.setDaemon(true);
            return t;
        });
    }

    @Scheduled(every = "${dorastream.sync.tick}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        synchronized (ticking) {
            if (stopping.get()) {
                return;
            }
            Instant now = clock.instant();
            renewLeases(now);
            long live = running.values().stream().filter(Running::live).count();
            int free = slots - running.size();
            int backfillSlots = Math.max(1, slots - 1) - (int) (running.size() - live);
            for (SyncStateRepository.Due due : leases.claim(now, true, free)) {
                start(due, true);
            }
            free = slots - running.size();
            for (SyncStateRepository.Due due : leases.claim(now, false, Math.min(free, backfillSlots))) {
                start(due, false);
            }
        }
    }

    private void start(SyncStateRepository.Due due, boolean live) {
        StreamKey key = new StreamKey(due.connectionId(), due.stream());
        Running run = new Running(due, live);
        if (running.putIfAbsent(key, run) != null) {
            // Its earlier poll still runs here after losing its lease: do not poll it twice.
            leases.release(due);
            return;
        }
        try {
            pool.execute(() -> {
                run.started();
                LOG.debugf("poll start %s %s epoch %d on %s", due.connectionId(), due.stream().id(), due.epoch(),
                        leases.replicaId());
                try {
                    int windows = 1;
                    while (pollOnce(due) && chains(run, windows)) {
                        windows++;
                    }
                } catch (SyncStateRepository.LeaseLostException e) {
                    LOG.warn(e.getMessage());
                } catch (RuntimeException e) {
                    LOG.errorf(e, "poll of %s %s failed", due.connectionId(), due.stream().id());
                } finally {
                    // Logged while the lease is still held: the system tests check that no two
                    // replicas' start-end intervals of one stream overlap.
                    LOG.debugf("poll end %s %s epoch %d on %s", due.connectionId(), due.stream().id(), due.epoch(),
                            leases.replicaId());
                    run.ended(); // first: an abandoned poll's interruption must not fail the release
                    leases.release(due);
                    running.remove(key, run);
                }
            });
        } catch (RejectedExecutionException e) {
            running.remove(key, run);
            leases.release(due); // shutting down
        }
    }

    /**
     * One poll through the connection's breaker, which counts each poll (each window of a chain) on its own; true
     * when it read and saved a backfill window and the stream is still backfilling.
     */
    private boolean pollOnce(SyncStateRepository.Due due) {
        StreamPoller.Polled[] polled = {StreamPoller.Polled.DONE};
        if (breakers.run(due.connectionId(), () -> (polled[0] = poller.poll(due)).succeeded())
                == ConnectionBreakers.Outcome.PREVENTED) {
            Instant now = clock.instant();
            repository.pollFailed(due, new SyncFailures.Failure(SyncFailures.Kind.DATADOG_BREAKER_OPEN,
                    "paused after repeated Datadog failures (circuit open); next try after "
                            + breakerDelay.toSeconds() + " s"), now, now.plus(breakerDelay));
            return false;
        }
        return polled[0] == StreamPoller.Polled.BACKFILLING;
    }

    /**
     * Whether a claim whose poll just saved a backfill window (the {@code windows}th of the claim) reads the next
     * one at once: only a claim for backfilling (a live claim's slot is kept for live polls), up to
     * {@code backfill-chain} windows, while the replica is not stopping, the claim not abandoned (lease lost,
     * connection deleted) and its lease still renews ({@link StreamLeases#renew}: still ours, the connection not
     * paused). The renewal also gives the next window a whole lease, whatever the tick. A stream that turned live,
     * a failed poll or an open breaker never gets here ({@link #pollOnce}).
     */
    private boolean chains(Running run, int windows) {
        if (run.live || windows >= backfillChain || stopping.get() || run.abandoned) {
            return false;
        }
        if (!leases.renew(run.due, clock.instant())) {
            run.lost.set(true);
            LOG.debugf("lost the lease on %s %s (paused, deleted or taken over); its backfill chain ends",
                    run.due.connectionId(), run.due.stream().id());
            return false;
        }
        return true;
    }

    /** Renews the leases of running polls every third of their time to live. */
    private void renewLeases(Instant now) {
        if (Duration.between(lastRenewal, now).compareTo(leases.ttl().dividedBy(3)) < 0) {
            return;
        }
        lastRenewal = now;
        for (Running r : running.values()) {
            if (!r.lost.get() && !leases.renew(r.due, now)) {
                r.lost.set(true);
                // its save would be refused: waiting on (the rate budget, Datadog) would only delay who polls next
                LOG.warnf("lost the lease on %s %s (paused, deleted or taken over); the poll is abandoned",
                        r.due.connectionId(), r.due.stream().id());
                r.abandon();
            }
        }
    }

    /**
     * Waits until no replica polls the connection (callers pause it first, so none starts after): a
     * poll of it on this replica is abandoned at once (a poll waiting for a used-up rate-limit bucket
     * would otherwise hold a deletion for as long as the bucket's reset); another replica's ends when
     * its lease is next renewed, which a paused connection's never is. Returns false when one still
     * polls after the timeout.
     */
    public boolean awaitIdle(UUID connectionId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        running.values().stream().filter(r -> r.due.connectionId().equals(connectionId)).forEach(Running::abandon);
        while (running.keySet().stream().anyMatch(k -> k.connectionId().equals(connectionId))
                || leases.leased(connectionId, clock.instant())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Stops polling and gives this replica's leases back, so another replica takes its streams at once. */
    void stop(@Observes ShutdownEvent event) {
        // A tick under way finishes first: its claims then either run in the pool (stopped below) or were given
        // back, and none of it touches the database once the application's persistence is closed after this event.
        synchronized (ticking) {
            stopping.set(true);
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int released = leases.releaseAll();
        if (released > 0) {
            LOG.infof("released %d stream leases", released);
        }
    }
}
