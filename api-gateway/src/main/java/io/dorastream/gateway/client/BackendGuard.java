package io.dorastream.gateway.client;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import io.dorastream.api.problem.Problems;
import io.dorastream.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;

/**
 * The guard of one backend, owned by its bean ({@link ConnectorBackend}, {@link AggregatorBackend}):
 * one circuit breaker for the backend (whatever the endpoint: a backend that is down is down for all
 * of them), a few short jittered retries for idempotent reads, and the REST clients' connect/read
 * timeouts underneath. A backend that cannot be reached — or whose breaker is open — raises
 * {@link BackendUnavailableException}, answered as a 503 problem naming it. Any HTTP answer, 5xx
 * included, counts as reached: it is forwarded, not retried (an error answer that is not a problem
 * document is wrapped in one with its status). At most {@code dorastream.resilience.max-concurrent-calls}
 * calls go to the backend at once; a call that finds no place within {@code max-queue-wait} is answered
 * 503 ({@code Retry-After: 1}) without reaching it, and counts for no breaker.
 *
 * <p>Micrometer: gauge {@code dorastream.gateway.backend.up{backend}} (1 when the last call reached
 * it and its breaker is not open), counter {@code dorastream.gateway.backend.failures{backend,reason}}.
 */
final class BackendGuard {

    private static final Logger LOG = Logger.getLogger(BackendGuard.class);

    private final String serviceName;
    private final Guard breaker;
    private final Guard reads;
    private final AtomicBoolean reached = new AtomicBoolean(true);
    private final Semaphore places;
    private final int maxConcurrentCalls;
    private final long maxQueueWaitNanos;
    private final MeterRegistry meters;

    /** @param serviceName the name problems, logs, metrics, the breaker and {@code /api/v1/status} use */
    BackendGuard(String serviceName, GatewayConfig.Resilience r, MeterRegistry meters) {
        this.serviceName = serviceName;
        this.meters = meters;
        if (r.maxConcurrentCalls() < 1) {
            throw new IllegalArgumentException("dorastream.resilience.max-concurrent-calls must be 1 or more, got " + r.maxConcurrentCalls());
        }
        this.maxConcurrentCalls = r.maxConcurrentCalls();
        this.places = new Semaphore(maxConcurrentCalls, true);
        this.maxQueueWaitNanos = r.maxQueueWait().toNanos();
        this.breaker = Guard.create()
                .withDescription(serviceName)
                .withCircuitBreaker()
                .name(serviceName)
                .failOn(ProcessingException.class)
                .requestVolumeThreshold(r.breakerRequestVolume())
                .failureRatio(r.breakerFailureRatio())
                .delay(r.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .onStateChange(s -> LOG.infof("circuit breaker of %s is now %s", serviceName, s))
                .done()
                .build();
        this.reads = Guard.create()
                .withDescription(serviceName + " reads")
                .withRetry()
                .maxRetries(r.readRetries())
                .delay(r.retryDelay().toMillis(), ChronoUnit.MILLIS)
                .jitter(r.retryJitter().toMillis(), ChronoUnit.MILLIS)
                .maxDuration(r.retryMaxDuration().toMillis(), ChronoUnit.MILLIS)
                .retryOn(ProcessingException.class)
                .abortOn(CircuitBreakerOpenException.class)
                .done()
                .build();
        Gauge.builder("dorastream.gateway.backend.up", () -> up() ? 1 : 0)
                .description("1 when the backend answered the last call and its circuit breaker is not open")
                .tag("backend", serviceName)
                .register(meters);
    }

    String serviceName() {
        return serviceName;
    }

    /** An idempotent read: retried when the backend cannot be reached. */
    Answer read(Supplier<Response> call) {
        return guarded(() -> reads.get(() -> breaker.get(() -> fetch(call), Answer.class), Answer.class));
    }

    /** A write: never retried (it may have been applied), still behind the backend's breaker. */
    Answer write(Supplier<Response> call) {
        return guarded(() -> breaker.get(() -> fetch(call), Answer.class));
    }

    /**
     * The backend's readiness ({@code /q/health/ready} on its management interface), asked directly — past the breaker, without
     * retries — so that {@code /api/v1/status} tells the truth even while a breaker is open.
     */
    Answer probe(Supplier<Response> ready) {
        try {
            Answer a = fetch(ready);
            reached.set(true);
            return a;
        } catch (ProcessingException e) {
            reached.set(false);
            throw new BackendUnavailableException(serviceName, e);
        }
    }

    /** Whether the backend answered its last call and its breaker lets calls through. */
    boolean up() {
        return reached.get() && CircuitBreakerMaintenance.get().currentState(serviceName) != CircuitBreakerState.OPEN;
    }

    private static Answer fetch(Supplier<Response> call) {
        try (Response r = call.get()) {
            return Answer.of(r);
        }
    }

    /**
     * An error answer that is not a problem document (a framework's bare refusal, say) as one with the
     * same status, so that no caller ever gets a non-problem error; problems and successes unchanged.
     */
    Answer asProblem(Answer a) {
        if (a.status() < 400 || (a.contentType() != null && a.contentType().startsWith(Problems.MEDIA_TYPE))) {
            return a;
        }
        LOG.warnf("%s answered HTTP %d without a problem document (%s): wrapped", serviceName, a.status(), a.contentType());
        return new Answer(a.status(), Problems.MEDIA_TYPE, Problems.json(a.status(),
                serviceName + " refused the request (HTTP " + a.status() + ")", null), a.retryAfter());
    }

    private Answer guarded(Supplier<Answer> call) {
        try {
            if (!places.tryAcquire(maxQueueWaitNanos, TimeUnit.NANOSECONDS)) {
                meters.counter("dorastream.gateway.backend.failures", "backend", serviceName, "reason", "busy").increment();
                return new Answer(503, Problems.MEDIA_TYPE, Problems.json(503, serviceName + " is busy with "
                        + maxConcurrentCalls + " requests of this gateway at once; retry in a moment", null), "1");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException(serviceName, e);
        }
        try {
            return guardedCall(call);
        } finally {
            places.release();
        }
    }

    private Answer guardedCall(Supplier<Answer> call) {
        try {
            Answer a = call.get();
            reached.set(true);
            if (a.status() >= 500) {
                LOG.warnf("%s answered HTTP %d", serviceName, a.status());
            }
            return asProblem(a);
        } catch (CircuitBreakerOpenException e) {
            meters.counter("dorastream.gateway.backend.failures", "backend", serviceName, "reason", "breaker-open").increment();
            throw new BackendUnavailableException(serviceName, e);
        } catch (ProcessingException e) {
            reached.set(false);
            meters.counter("dorastream.gateway.backend.failures", "backend", serviceName, "reason", "unreachable").increment();
            LOG.warnf("%s unreachable: %s", serviceName, e.getMessage());
            throw new BackendUnavailableException(serviceName, e);
        }
    }
}
