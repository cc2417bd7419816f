package io.dorastream.aggregator.rollup;

import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

/**
 * Runs a {@link Rebuilder#rebuild() rebuild} in the background for {@code POST /internal/admin/rebuild}:
 * a rebuild may take up to {@code dorastream.rebuild.timeout} (an hour), far longer than any HTTP
 * caller waits, so the request answers at once and {@code GET /internal/admin/rebuild} reports
 * progress. At most one runs per aggregator; asking again while it runs answers the running one.
 * (Rebuilds on two replicas cannot overlap either: the rebuild's table lock serialises them.)
 */
@ApplicationScoped
public class RebuildJob {

    private static final Logger LOG = Logger.getLogger(RebuildJob.class);

    /** Where the last rebuild asked of this aggregator stands. */
    @Schema(name = "RebuildStatus")
    public record Status(
            @Schema(enumeration = { "idle", "running", "succeeded", "failed" }) String state,
            Instant startedAt,
            Instant finishedAt,
            @Schema(description = "what was rebuilt, once succeeded") Rebuilder.Result result,
            @Schema(description = "why it failed, in words; the details are in the aggregator's log") String error) {

        static final Status IDLE = new Status("idle", null, null, null, null);

        public boolean running() {
            return "running".equals(state);
        }
    }

    private final Rebuilder rebuilder;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rollup-rebuild");
        t.setDaemon(true);
        return t;
    });
    private Status status = Status.IDLE;

    public RebuildJob(Rebuilder rebuilder) {
        this.rebuilder = rebuilder;
    }

    /** Starts a rebuild unless one is running; returns the status of the one running now. */
    public synchronized Status start() {
        if (status.running()) {
            return status;
        }
        Instant started = Instant.now();
        status = new Status("running", started, null, null, null);
        executor.execute(() -> run(started));
        return status;
    }

    public synchronized Status status() {
        return status;
    }

    private void run(Instant started) {
        Status done;
        try {
            Rebuilder.Result r = rebuilder.rebuild();
            LOG.infof("rebuilt the rollups: %s", r);
            done = new Status("succeeded", started, Instant.now(), r, null);
        } catch (RuntimeException | Error e) {
            LOG.error("the rebuild of the rollups failed; the previous rollups stay (one transaction)", e);
            done = new Status("failed", started, Instant.now(), null,
                    "the rebuild failed (" + e.getClass().getSimpleName() + ") and was rolled back; the aggregator's log has the details");
        }
        synchronized (this) {
            status = done;
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
