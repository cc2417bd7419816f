package io.dorastream.connector.connection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.dorastream.connector.datadog.DatadogClient;
import io.dorastream.connector.datadog.DatadogClient.Credentials;
import io.dorastream.connector.datadog.DatadogResponse;
import io.dorastream.connector.datadog.DatadogSite;
import io.dorastream.connector.datadog.DatadogUnreachableException;
import io.dorastream.connector.datadog.Priority;
import io.dorastream.events.Stream;
import io.quarkus.scheduler.Scheduled;

/**
 * Probes the streams a connection's keys could not read when it was created (state
 * {@code unavailable}) every {@code dorastream.sync.reprobe-interval}: once Datadog grants the
 * permission, the stream starts its backfill by itself. Idempotent, so harmless on several replicas.
 */
@ApplicationScoped
public class SourceReprobe {

    private static final Logger LOG = Logger.getLogger(SourceReprobe.class);
    private static final Duration PROBE_WINDOW = Duration.ofHours(1);

    private final DatadogClient datadog;
    private final CredentialCipher cipher;
    private final Clock clock;

    public SourceReprobe(DatadogClient datadog, CredentialCipher cipher, Clock clock) {
        this.datadog = datadog;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** A stream to probe, with what the probe needs. */
    record Candidate(ConnectionEntity connection, Stream stream) {
    }

    @Scheduled(every = "${dorastream.sync.reprobe-interval}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        for (Candidate c : candidates()) {
            probe(c);
        }
    }

    @Transactional
    List<Candidate> candidates() {
        return StreamStateEntity.<StreamStateEntity>list("available = false").stream()
                .map(s -> new Candidate(ConnectionEntity.findById(s.connectionId), Stream.fromId(s.stream)))
                .filter(c -> c.connection() != null && !c.connection().paused && c.connection().status != ConnectionStatus.UNAUTHORIZED)
                .toList();
    }

    /** One {@code limit: 1} read; a success makes the stream available and due at once. */
    public boolean probe(Candidate c) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        DatadogResponse r;
        try {
            Credentials keys = cipher.credentials(c.connection());
            r = datadog.list(DatadogSite.parse(c.connection().site), keys, c.stream(), now.minus(PROBE_WINDOW), now, 1,
                    c.connection().query, Priority.RECONCILE);
        } catch (DatadogUnreachableException | IllegalStateException e) {
            LOG.debugf("re-probe of %s %s failed: %s", c.connection().id, c.stream().id(), e.getMessage());
            return false;
        }
        if (!r.ok()) {
            return false;
        }
        markAvailable(c, now);
        LOG.infof("connection %s can now read %s: its backfill starts", c.connection().id, c.stream().id());
        return true;
    }

    @Transactional
    void markAvailable(Candidate c, Instant now) {
        StreamStateEntity.update("available = true, availabilityDetail = null, state = ?1, nextPollAt = ?2"
                + " where connectionId = ?3 and stream = ?4 and available = false", StreamState.BACKFILLING, now,
                c.connection().id, c.stream().id());
    }
}
