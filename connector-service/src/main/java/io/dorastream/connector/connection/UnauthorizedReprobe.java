package io.dorastream.connector.connection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.dorastream.connector.config.ConnectorConfig;
import io.dorastream.connector.datadog.DatadogClient;
import io.dorastream.connector.datadog.DatadogResponse;
import io.dorastream.connector.datadog.DatadogSite;
import io.dorastream.connector.datadog.Priority;
import io.dorastream.events.Stream;
import io.quarkus.scheduler.Scheduled;

/**
 * Tries the keys of a connection Datadog refused while polling ({@code unauthorized}) again, with
 * backoff: a refusal can be transient (a key rotated on Datadog's side, a permission re-granted, an
 * outage of Datadog's auth), and nobody should have to re-enter working keys. The first probe comes
 * {@code dorastream.sync.unauthorized-probe-initial} after the refusal, each further one twice as late
 * up to {@code unauthorized-probe-max}; the sync status shows when ({@code nextProbeAt}). A probe is
 * one {@code limit: 1} read of a stream the connection could read; when it succeeds the connection
 * resumes by itself where it stopped. Updating the keys (PATCH) resumes it at once, as before.
 * Replicas claim a due probe by moving {@code next_probe_at} first, so only one of them makes it.
 */
@ApplicationScoped
public class UnauthorizedReprobe {

    private static final Logger LOG = Logger.getLogger(UnauthorizedReprobe.class);
    private static final Duration PROBE_WINDOW = Duration.ofHours(1);

    private final DatadogClient datadog;
    private final CredentialCipher cipher;
    private final Clock clock;
    private final Duration initial;
    private final Duration max;

    public UnauthorizedReprobe(DatadogClient datadog, CredentialCipher cipher, Clock clock, ConnectorConfig config) {
        this.datadog = datadog;
        this.cipher = cipher;
        this.clock = clock;
        this.initial = config.sync().unauthorizedProbeInitial();
        this.max = config.sync().unauthorizedProbeMax();
        if (initial.isZero() || initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalStateException("dorastream.sync.unauthorized-probe-initial must be positive and at most"
                    + " unauthorized-probe-max, got " + initial + " and " + max);
        }
    }

    /** Called when a connection turns {@code unauthorized}: its first probe. */
    public static void firstProbe(ConnectionEntity c, Instant now, Duration initial) {
        c.probeAttempts = 0;
        c.nextProbeAt = now.plus(initial);
    }

    /** The wait before the probe after {@code refusals} refused ones: doubling from {@code initial}, at most {@code max}. */
    static Duration backoff(int refusals, Duration initial, Duration max) {
        Duration d = initial;
        for (int i = 0; i < refusals && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }

    /** The state a stream takes when its connection may poll again: live once it has read up to now, else backfilling. */
    public static StreamState resumedState(StreamStateEntity s, Instant now) {
        return s.position != null && !s.position.isBefore(now) ? StreamState.LIVE : StreamState.BACKFILLING;
    }

    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        for (UUID id : due()) {
            probe(id);
        }
    }

    @Transactional
    List<UUID> due() {
        return ConnectionEntity.<ConnectionEntity>list("status = ?1 and paused = false and nextProbeAt <= ?2",
                ConnectionStatus.UNAUTHORIZED, clock.instant()).stream().map(c -> c.id).toList();
    }

    /** Probes one connection if it is still due and this replica wins the claim; true when it resumed. */
    public boolean probe(UUID id) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        ConnectionEntity c = claim(id, now);
        if (c == null) {
            return false;
        }
        Stream stream = readable(id);
        DatadogResponse r;
        try {
            r = datadog.list(DatadogSite.parse(c.site), cipher.credentials(c), stream, now.minus(PROBE_WINDOW), now, 1, c.query,
                    Priority.RECONCILE);
        } catch (RuntimeException e) { // Datadog unreachable or rate-limited, keys unreadable: try again at the next probe
            LOG.debugf("probe of unauthorized connection %s failed: %s", id, e.getMessage());
            return false;
        }
        if (r.ok()) {
            resume(id, now);
            LOG.infof("connection %s: Datadog accepts its keys again; it resumes", id);
            return true;
        }
        if (r.status() == 401 || r.status() == 403) {
            refused(id);
        }
        return false;
    }

    /**
     * Moves the due probe's time to the next one before probing (the claim), so another replica does
     * not probe it too; null when it is no longer due (probed elsewhere, resumed, keys changed).
     */
    @Transactional
    ConnectionEntity claim(UUID id, Instant now) {
        ConnectionEntity c = ConnectionEntity.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (c == null || c.status != ConnectionStatus.UNAUTHORIZED || c.paused || c.nextProbeAt == null
                || c.nextProbeAt.isAfter(now)) {
            return null;
        }
        c.nextProbeAt = now.plus(backoff(c.probeAttempts, initial, max));
        return c;
    }

    @Transactional
    void refused(UUID id) {
        ConnectionEntity c = ConnectionEntity.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (c != null && c.status == ConnectionStatus.UNAUTHORIZED) {
            c.probeAttempts++;
            c.nextProbeAt = clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(backoff(c.probeAttempts, initial, max));
        }
    }

    /** The stream to probe: deployments unless only failures could be read. */
    @Transactional
    Stream readable(UUID id) {
        return StreamStateEntity.<StreamStateEntity>list("connectionId = ?1 and available = true order by stream", id).stream()
                .map(s -> Stream.fromId(s.stream)).filter(s -> s == Stream.DEPLOYMENTS).findFirst().orElse(Stream.FAILURES);
    }

    @Transactional
    void resume(UUID id, Instant now) {
        ConnectionEntity c = ConnectionEntity.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (c == null || c.status != ConnectionStatus.UNAUTHORIZED) {
            return;
        }
        c.status = ConnectionStatus.ACTIVE;
        c.nextProbeAt = null;
        c.probeAttempts = 0;
        c.updatedAt = now;
        for (StreamStateEntity s : StreamStateEntity.<StreamStateEntity>list("connectionId", id)) {
            if (s.available) {
                s.state = resumedState(s, now);
                s.lastError = null;
                s.nextPollAt = now;
            }
        }
    }
}
