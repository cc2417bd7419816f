package io.dorastream.connector.sync;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.dorastream.connector.config.ConnectorConfig;
import io.quarkus.scheduler.Scheduled;

/**
 * Every tick, hands each due stream to a bounded pool of pollers; a stream is never polled twice at
 * once, and one stream's slow poll does not hold back the others beyond the pool's size.
 */
@ApplicationScoped
public class SyncScheduler {

    private static final Logger LOG = Logger.getLogger(SyncScheduler.class);

    private final SyncStateRepository repository;
    private final StreamPoller poller;
    private final Clock clock;
    private final ExecutorService pool;
    private final Set<SyncStateRepository.Due> running = ConcurrentHashMap.newKeySet();

    public SyncScheduler(SyncStateRepository repository, StreamPoller poller, Clock clock, ConnectorConfig config) {
        this.repository = repository;
        this.poller = poller;
        this.clock = clock;
        this.pool = Executors.newFixedThreadPool(config.sync().maxConcurrentPolls(), r -> {
            Thread t = new Thread(r, "dora-sync");
            t.setDaemon(true);
            return t;
        });
    }

    @Scheduled(every = "${dorastream.sync.tick}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        for (SyncStateRepository.Due due : repository.due(clock.instant())) {
            if (!running.add(due)) {
                continue;
            }
            try {
                pool.execute(() -> {
                    try {
                        poller.poll(due);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "poll of %s %s failed", due.connectionId(), due.stream().id());
                    } finally {
                        running.remove(due);
                    }
                });
            } catch (RejectedExecutionException e) {
                running.remove(due); // shutting down
            }
        }
    }

    /**
     * Waits until no poll of the connection runs on this replica (callers pause or delete it first,
     * so none starts after). Returns false when one still runs after the timeout.
     */
    public boolean awaitIdle(java.util.UUID connectionId, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running.stream().anyMatch(d -> d.connectionId().equals(connectionId))) {
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

    @PreDestroy
    void stop() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
