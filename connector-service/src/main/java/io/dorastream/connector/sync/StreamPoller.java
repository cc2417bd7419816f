package io.dorastream.connector.sync;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.dorastream.connector.config.ConnectorConfig;
import io.dorastream.connector.connection.ConnectionEntity;
import io.dorastream.connector.connection.CredentialCipher;
import io.dorastream.connector.connection.ErrorSource;
import io.dorastream.connector.connection.StreamStateEntity;
import io.dorastream.connector.datadog.DatadogApiException;
import io.dorastream.connector.datadog.AuthorEmailPolicy;
import io.dorastream.connector.datadog.DatadogClient;
import io.dorastream.connector.datadog.DatadogClient.Credentials;
import io.dorastream.connector.datadog.DatadogEventParser;
import io.dorastream.connector.datadog.DatadogSite;
import io.dorastream.connector.datadog.DroppedAttributeCounter;
import io.dorastream.connector.datadog.DatadogUnreachableException;
import io.dorastream.connector.datadog.Priority;
import io.dorastream.connector.messaging.EventPublisher;
import io.dorastream.connector.reading.WindowReader;
import io.dorastream.events.Stream;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/**
 * One poll of one stream. A stream still backfilling reads its next window, sized by its
 * {@link BackfillPlan} to hold about a page by the stream's week (the first one {@code backfill-step} long); a live one
 * reads {@code [position - look-back, now)} in one read, widened
 * to the oldest still-open event and joined by the coalesced windows of older still-pending ones (see
 * {@link SettlePlan}). Then the next steps of the stream's running re-read, if any ({@link Rereads}: the
 * scheduled reconciliation one step per poll, an operator's request or a query change up to
 * {@code reread-steps-per-poll}). Every complete read publishes
 * new and changed events with their next version and tombstones what vanished ({@link PollSession});
 * once Kafka acknowledged all of it, versions, position and re-read cursor are saved in one
 * transaction and the stream's watermark is published. A crash before the save repeats the poll, never
 * skips it; the versions it sent were written ahead, unconfirmed, so the repeat never gives one version
 * other content ({@link EventVersionStore}).
 */
@ApplicationScoped
public class StreamPoller {

    private static final Logger LOG = Logger.getLogger(StreamPoller.class);

    private final ConnectorConfig config;
    private final SyncStateRepository repository;
    private final EventVersionStore versions;
    private final EventPublisher publisher;
    private final CredentialCipher cipher;
    private final DatadogClient client;
    private final WindowReader reader;
    private final Clock clock;
    private final Tracer tracer;
    private final SyncTelemetry telemetry;
    /** Known events a planned window may span and still be read in one request (a margin for unknown ones). */
    private final int perPage;
    private final BackfillPlan backfillPlan;

    public StreamPoller(ConnectorConfig config, SyncStateRepository repository, EventVersionStore versions,
            EventPublisher publisher, CredentialCipher cipher, DatadogClient client, Clock clock, Tracer tracer,
            DroppedAttributeCounter dropped, AuthorEmailPolicy authorEmails, SyncTelemetry telemetry) {
        this.tracer = tracer;
        this.telemetry = telemetry;
        this.config = config;
        this.repository = repository;
        this.versions = versions;
        this.publisher = publisher;
        this.cipher = cipher;
        this.client = client;
        this.reader = new WindowReader(new DatadogEventParser(authorEmails, dropped), config.datadog().pageLimit());
        this.clock = clock;
        this.perPage = Math.max(1, reader.limit() * 9 / 10);
        this.backfillPlan = new BackfillPlan(config.sync().backfillStep(), perPage, reader.limit());
    }

    /** How a poll ended. */
    public enum Polled {
        /**
         * A backfill window was read and saved, and the stream is still backfilling: its next window may be read
         * at once, within the same claim ({@link SyncScheduler}).
         */
        BACKFILLING,
        /** Saved live, nothing to read, or failed on DoraStream's side (recorded and retried, never counted). */
        DONE,
        /** Datadog failed the poll: its connection's breaker counts it (see {@link SyncFailures}). */
        FAILED;

        /** Whether the connection's breaker counts the poll as a success ({@link ConnectionBreakers.Poll}). */
        public boolean succeeded() {
            return this != FAILED;
        }
    }

    /**
     * Polls one stream: reads one backfill window, or the live read, and saves it. The poll is one span
     * (attributes: stream, connection id; never a key): the Datadog calls are its children and every record
     * it publishes carries its trace in {@code traceparent}.
     */
    public Polled poll(SyncStateRepository.Due due) {
        Span span = tracer.spanBuilder("poll " + due.stream().id())
                .setAttribute("dorastream.connection.id", due.connectionId().toString())
                .setAttribute("dorastream.stream", due.stream().id())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return pollStream(due);
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    private Polled pollStream(SyncStateRepository.Due due) {
        SyncStateRepository.Snapshot snap;
        try {
            snap = repository.load(due);
        } catch (RuntimeException e) {
            return failed(due, e);
        }
        if (snap == null) {
            return Polled.DONE;
        }
        ConnectionEntity c = snap.connection();
        StreamStateEntity s = snap.state();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            Instant from = s.position != null ? s.position : s.backfillFrom;
            Instant stepEnd = from.plus(backfillPlan.next(c.id, due.stream(), from));
            Instant to = stepEnd.isBefore(now) ? stepEnd : now;
            if (!to.isAfter(from)) {
                return Polled.DONE;
            }
            DatadogSite site = DatadogSite.parse(c.site);
            Credentials keys = cipher.credentials(c);
            PollSession session = new PollSession(c, due.stream(), versions, publisher,
                    (priority, f, t) -> reader.read(
                            (stream, a, b, limit, query) -> client.list(site, keys, stream, a, b, limit, query, priority),
                            reader.cap(c.id, due.stream()), due.stream(), c.query, f, t),
                    now);
            boolean live = !to.isBefore(now);
            if (live) {
                backfillPlan.forget(c.id, due.stream());
                readLive(session, c, s, from, now);
            } else {
                List<Instant> started = session.read(from, to, Priority.BACKFILL).stream()
                        .map(p -> PollSession.startedAt(p.event())).toList();
                backfillPlan.read(c.id, due.stream(), from, to, started);
            }
            Rereads.Progress reread = rereadStep(session, c, s, live, now);
            Instant next = live ? now.plusSeconds(c.pollIntervalSeconds) : now;
            repository.windowDone(due, session.saved(), session.unreadable(), to, live, session.rateLimit(), now, next, reread);
            EventPublisher.awaitAll(List.of(publisher.publishWatermark(c.id, due.stream(), to, now)));
            return live ? Polled.DONE : Polled.BACKFILLING;
        } catch (SyncStateRepository.LeaseLostException e) {
            throw e; // another replica polls the stream now: nothing to record here
        } catch (RuntimeException e) {
            return failed(due, e);
        }
    }

    /**
     * Records a failed poll as {@link SyncFailures} classifies it (a stream's {@code lastError} with its
     * source), counts DoraStream's own failures in {@code dora.sync.internal.errors} and schedules the
     * retry with backoff; {@link Polled#FAILED} when Datadog failed it (the connection's breaker counts that, and
     * only that).
     */
    private Polled failed(SyncStateRepository.Due due, RuntimeException e) {
        if (Thread.currentThread().isInterrupted()) {
            // The replica is stopping: not a failure of the poll. Nothing was saved; the lease is given
            // back and another replica reads the window again at once.
            LOG.debugf("poll of %s %s interrupted by shutdown", due.connectionId(), due.stream().id());
            return Polled.DONE;
        }
        SyncFailures.Failure failure = SyncFailures.classify(e);
        Span.current().setStatus(StatusCode.ERROR, failure.kind().code());
        if (failure.source() == ErrorSource.DORASTREAM) {
            telemetry.internalError(due.stream(), failure.kind());
            if (failure.kind() == SyncFailures.Kind.INTERNAL || failure.kind() == SyncFailures.Kind.PARSING) {
                LOG.errorf(e, "connection %s %s: poll failed on our side (%s)", due.connectionId(), due.stream().id(),
                        failure.kind().code());
            } else {
                LOG.warnf("connection %s %s: poll failed on our side (%s): %s", due.connectionId(), due.stream().id(),
                        failure.kind().code(), SyncFailures.details(e));
            }
        } else {
            LOG.warnf("connection %s %s: %s", due.connectionId(), due.stream().id(), failure.message());
        }
        try {
            Instant retry = repository.pollFailed(due, failure, clock.instant(), null);
            LOG.debugf("connection %s %s: tried again at %s", due.connectionId(), due.stream().id(), retry);
        } catch (SyncStateRepository.LeaseLostException lost) {
            throw lost;
        } catch (RuntimeException unsaved) {
            // the database itself is failing: the claim of the next tick fails the same way, so no tight loop
            LOG.warnf("connection %s %s: the failed poll could not be recorded: %s", due.connectionId(), due.stream().id(),
                    SyncFailures.details(unsaved));
        }
        return failure.countsTowardBreaker() ? Polled.FAILED : Polled.DONE;
    }

    /**
     * The new events and the look-back in one read up to now, widened or joined by the windows of
     * events still unsettled within the settle age.
     */
    private void readLive(PollSession session, ConnectionEntity c, StreamStateEntity s, Instant position, Instant now) {
        Instant lookFrom = later(s.backfillFrom, position.minus(config.sync().lookBack()));
        Instant settleFrom = later(s.backfillFrom, now.minus(config.sync().settleMaxAge()));
        SettlePlan.Plan plan = settleFrom.isBefore(lookFrom)
                ? SettlePlan.plan(lookFrom, versions.unsettled(c.id, session.stream(), settleFrom, lookFrom), perPage)
                : new SettlePlan.Plan(lookFrom, List.of());
        session.read(plan.mainFrom(), now, Priority.LIVE);
        for (SettlePlan.Window w : plan.windows()) {
            session.read(w.from(), w.to(), Priority.LIVE);
        }
    }

    /**
     * Starts the scheduled reconciliation when it is due (the first time a stream is live, only
     * schedules it), then reads the next steps of the running re-read ({@link Rereads#stepsPerPoll}). A
     * failed step is kept in the re-read's state and tried again next poll; the poll itself succeeded,
     * and the steps read before the failed one are saved with it.
     *
     * @return the re-read state to save, or null when nothing changed
     */
    private Rereads.Progress rereadStep(PollSession session, ConnectionEntity c, StreamStateEntity s, boolean live,
            Instant now) {
        Rereads.Progress p = Rereads.Progress.of(s);
        if (!p.running()) {
            if (!live) {
                return null;
            }
            Instant next = now.plus(config.sync().reconcileInterval());
            if (s.nextReconcileAt == null) {
                return p.scheduled(next);
            }
            if (now.isBefore(s.nextReconcileAt)) {
                return null;
            }
            p = p.start(Rereads.RECONCILE, Rereads.horizon(s.backfillFrom, now), now).scheduled(next);
        }
        int steps = Rereads.stepsPerPoll(p.reason(), config.sync().rereadStepsPerPoll());
        for (int i = 0; i < steps && p.running(); i++) {
            Instant from = later(p.cursor(), Rereads.horizon(s.backfillFrom, now));
            Instant end = stepEnd(c, session.stream(), from, later(from, p.to()), now);
            try {
                session.read(from, end, Rereads.priority(p.reason()));
                p = p.advancedTo(end, now);
            } catch (DatadogApiException | DatadogUnreachableException | IllegalStateException e) {
                // a limit of reading (e.g. an overcrowded second) stays with the re-read; the live poll goes on
                // (the steps read before it are saved with the poll)
                LOG.warnf("connection %s %s: re-read step [%s, %s) failed, tried again next poll: %s", c.id,
                        session.stream().id(), from, end, e.getMessage());
                return p.failed(SyncFailures.classify(e).message());
            }
        }
        return p;
    }

    /**
     * Where a re-read step from {@code from} ends: after about a page of known events, at most one
     * backfill step, at most the range's {@code end}; then moved to the first instant no known event
     * straddles, however long a chain of overlapping events runs (a busy stream's deployments can
     * overlap for hours), so each known event lies wholly inside one step and can be declared vanished
     * there. An event left straddling a step's end would be a candidate in neither step.
     */
    private Instant stepEnd(ConnectionEntity c, Stream stream, Instant from, Instant end, Instant now) {
        Instant to = earlier(end, from.plus(config.sync().backfillStep()));
        Instant nth = versions.nthStart(c.id, stream, from, to, perPage);
        if (nth != null) {
            to = later(from.plusSeconds(1), nth.truncatedTo(ChronoUnit.SECONDS));
        }
        if (to.isBefore(now)) {
            Instant clear = versions.firstUnstraddled(c.id, stream, from, to, now);
            if (clear != null) {
                to = earlier(now, clear);
            }
        }
        return to;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
