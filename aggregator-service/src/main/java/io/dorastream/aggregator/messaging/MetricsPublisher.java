package io.dorastream.aggregator.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.dorastream.aggregator.config.AggregatorConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Publishes the daily rollups that changed on {@code dora.metrics.v1} from the outbox table
 * {@code metrics_outbox}, which the database fills in the transaction that changes a rollup. An outbox
 * row is deleted only once Kafka acknowledged its record (acks=all, idempotent producer), so a crash
 * at any point loses no change: what is left is sent by the next drain (at start, on schedule, after
 * each applied batch, but no sooner than {@code drain-spacing} after the last one began). A record may
 * be sent twice; on a compacted topic of current states that is harmless.
 *
 * <p>One drain at a time, across replicas too (a PostgreSQL advisory lock), each waiting for its
 * acknowledgements before the next begins: so the records of a rollup reach the topic in the order of
 * its changes, and the last one is its current state.
 */
@ApplicationScoped
public class MetricsPublisher {

    private static final Logger LOG = Logger.getLogger(MetricsPublisher.class);
    /** The advisory lock of the drain ("doraMetr"). */
    private static final long DRAIN_LOCK = 0x646f72614d657472L;

    private final DataSource dataSource;
    private final Emitter<Record<String, byte[]>> emitter;
    private final AggregatorConfig.MetricsOutbox config;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "metrics-outbox");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean queued = new AtomicBoolean();
    /** When the last drain started ({@link System#nanoTime()}); none yet: a spacing ago. */
    private volatile long lastDrain;
    private final AtomicLong depth = new AtomicLong();

    public MetricsPublisher(DataSource dataSource,
            @Channel("metrics") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<Record<String, byte[]>> emitter,
            AggregatorConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.emitter = emitter;
        this.config = config.metricsOutbox();
        this.lastDrain = System.nanoTime() - this.config.drainSpacing().toNanos();
        Gauge.builder("dorastream.metrics.outbox.depth", depth, AtomicLong::get)
                .description("Changed daily rollups waiting for Kafka's acknowledgement on dora.metrics.v1")
                .register(registry);
    }

    /**
     * Asks for a drain soon, without waiting for it: at once, or a {@code drain-spacing} after the last one started;
     * requests made while one is queued join it.
     */
    public void nudge() {
        if (queued.compareAndSet(false, true)) {
            long wait = lastDrain + config.drainSpacing().toNanos() - System.nanoTime();
            try {
                worker.schedule(this::drain, Math.max(0, wait), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                queued.set(false); // shutting down: the next start drains
            }
        }
    }

    void onStart(@Observes StartupEvent ev) {
        nudge();
    }

    /** Not while starting (the emitter is wired at start) or stopping. */
    @Scheduled(every = "${dorastream.metrics-outbox.drain-interval}", identity = "metrics-outbox-drain",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        nudge();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        worker.shutdown();
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Sends the outbox round by round, until it is empty or a round could not send everything. */
    private void drain() {
        queued.set(false);
        lastDrain = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            if (!advisoryLock(c, "pg_try_advisory_lock")) {
                return; // another replica is draining
            }
            try {
                while (round(c)) {
                    // a full round was acknowledged: there may be more
                }
            } finally {
                advisoryLock(c, "pg_advisory_unlock");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM metrics_outbox");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                depth.set(rs.getLong(1));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("cannot publish changed rollups now (%s); they stay in the outbox", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One round: read a batch, send it, delete what Kafka acknowledged; true when another round should follow. */
    private boolean round(Connection c) throws SQLException, InterruptedException {
        Map<RollupKey, Long> seqs = new LinkedHashMap<>();
        Map<RollupKey, Instant> changedAt = new LinkedHashMap<>();
        Map<RollupKey, byte[]> values;
        c.setAutoCommit(false);
        try {
            // one snapshot: each value is the rollup's content as of its outbox entry (or later)
            try (PreparedStatement ps = c.prepareStatement("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")) {
                ps.execute();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT connection_id, day, service, env, team, seq, changed_at"
                    + " FROM metrics_outbox ORDER BY seq LIMIT ?")) {
                ps.setInt(1, config.batchSize());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        RollupKey key = new RollupKey(rs.getObject(1, UUID.class), rs.getObject(2, LocalDate.class),
                                rs.getString(3), rs.getString(4), rs.getString(5));
                        seqs.put(key, rs.getLong(6));
                        changedAt.put(key, rs.getTimestamp(7).toInstant());
                    }
                }
            }
            values = RollupDocument.values(c, changedAt);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        if (seqs.isEmpty()) {
            return false;
        }
        Map<RollupKey, CompletableFuture<Void>> acks = new LinkedHashMap<>();
        seqs.keySet().forEach(key -> acks.put(key, send(key.kafkaKey(), values.get(key))));
        try {
            CompletableFuture.allOf(acks.values().toArray(CompletableFuture[]::new))
                    .get(config.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("Kafka did not acknowledge every changed rollup (%s); the others are sent again later", e.getMessage());
        }
        List<Long> acknowledged = new ArrayList<>();
        acks.forEach((key, ack) -> {
            if (ack.isDone() && !ack.isCompletedExceptionally()) {
                acknowledged.add(seqs.get(key));
            }
        });
        // Only the entries as published: one changed meanwhile has a new seq and stays. Rows an ingesting
        // transaction holds are skipped rather than waited for (they are being changed, so they stay anyway).
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM metrics_outbox WHERE seq IN"
                + " (SELECT seq FROM metrics_outbox WHERE seq = ANY (?) FOR UPDATE SKIP LOCKED)")) {
            ps.setArray(1, c.createArrayOf("int8", acknowledged.toArray()));
            depth.set(Math.max(0, depth.get() - ps.executeUpdate()));
        }
        return acknowledged.size() == seqs.size() && seqs.size() == config.batchSize();
    }

    /** Sends a rollup's current value, or a tombstone ({@code value} null); completes on Kafka's acknowledgement. */
    private CompletableFuture<Void> send(String key, byte[] value) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        emitter.send(Message.of(Record.of(key, value),
                () -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return acked;
    }

    private static boolean advisoryLock(Connection c, String function) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + function + "(?)")) {
            ps.setLong(1, DRAIN_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
