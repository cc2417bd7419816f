package io.dorastream.gateway.client;

import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
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
 * Calls to the two backends: one circuit breaker per backend (whatever the endpoint: a backend that
 * is down is down for all of them), a few short jittered retries for idempotent reads, and the
 * REST clients' connect/read timeouts underneath. A backend that cannot be reached — or whose
 * breaker is open — raises {@link BackendUnavailableException}, answered as a 503 problem naming it.
 * Any HTTP answer, 5xx included, counts as reached: it is forwarded, not retried (an error answer
 * that is not a problem document is wrapped in one with its status).
 *
 * <p>Micrometer: gauge {@code dorastream.gateway.backend.up{backend}} (1 when the last call reached
 * it and its breaker is not open), counter {@code dorastream.gateway.backend.failures{backend,reason}}.
 */
@ApplicationScoped
public class Backends {

    private static final Logger LOG = Logger.getLogger(Backends.class);

    public enum Backend {
        CONNECTOR("connector-service"),
        AGGREGATOR("aggregator-service");

        private final String serviceName;

        Backend(String serviceName) {
            this.serviceName = serviceName;
        }

        /** The name problems, logs, metrics and {@code /api/v1/status} use. */
        public String serviceName() {
            return serviceName;
        }
    }

    /**
     * A backend's answer, read in full inside the guarded call; {@code retryAfter} is its
     * {@code Retry-After} header (e.g. Datadog's rate limit while validating keys), or null.
     */
    public record Answer(int status, String contentType, String body, String retryAfter) {

        /** The same answer with another body. */
        public Answer withBody(String newBody) {
            return new Answer(status, contentType, newBody, retryAfter);
        }

        /** The answer as the gateway's own response: status, content type, body and Retry-After unchanged. */
        public Response toResponse() {
            Response.ResponseBuilder out = Response.status(status);
            if (body != null) {
                out.entity(body).type(contentType != null ? contentType : MediaType.APPLICATION_JSON);
            }
            if (retryAfter != null) {
                out.header(HttpHeaders.RETRY_AFTER, retryAfter);
            }
            return out.build();
        }

        static Answer of(Response r) {
            String body = r.hasEntity() ? r.readEntity(String.class) : null;
            return new Answer(r.getStatus(), r.getHeaderString(HttpHeaders.CONTENT_TYPE), body,
                    r.getHeaderString(HttpHeaders.RETRY_AFTER));
        }
    }

    private record Guards(Guard breaker, Guard reads, AtomicBoolean reached) {
    }

    private final Map<Backend, Guards> guards = new EnumMap<>(Backend.class);
    private final MeterRegistry meters;

    public Backends(GatewayConfig config, MeterRegistry meters) {
        this.meters = meters;
        GatewayConfig.Resilience r = config.resilience();
        for (Backend b : Backend.values()) {
            Guard breaker = Guard.create()
                    .withDescription(b.serviceName())
                    .withCircuitBreaker()
                    .name(b.serviceName())
                    .failOn(ProcessingException.class)
                    .requestVolumeThreshold(r.breakerRequestVolume())
                    .failureRatio(r.breakerFailureRatio())
                    .delay(r.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(1)
                    .onStateChange(s -> LOG.infof("circuit breaker of %s is now %s", b.serviceName(), s))
                    .done()
                    .build();
            Guard reads = Guard.create()
                    .withDescription(b.serviceName() + " reads")
                    .withRetry()
                    .maxRetries(r.readRetries())
                    .delay(r.retryDelay().toMillis(), ChronoUnit.MILLIS)
                    .jitter(r.retryJitter().toMillis(), ChronoUnit.MILLIS)
                    .maxDuration(r.retryMaxDuration().toMillis(), ChronoUnit.MILLIS)
                    .retryOn(ProcessingException.class)
                    .abortOn(CircuitBreakerOpenException.class)
                    .done()
                    .build();
            AtomicBoolean reached = new AtomicBoolean(true);
            guards.put(b, new Guards(breaker, reads, reached));
            Gauge.builder("dorastream.gateway.backend.up", () -> up(b) ? 1 : 0)
                    .description("1 when the backend answered the last call and its circuit breaker is not open")
                    .tag("backend", b.serviceName())
                    .register(meters);
        }
    }

    /** An idempotent read: retried when the backend cannot be reached. */
    public Answer read(Backend backend, Supplier<Response> call) {
        Guards g = guards.get(backend);
        return guarded(backend, () -> g.reads().get(() -> g.breaker().get(() -> fetch(call), Answer.class), Answer.class));
    }

    /** A write: never retried (it may have been applied), still behind the backend's breaker. */
    public Answer write(Backend backend, Supplier<Response> call) {
        Guards g = guards.get(backend);
        return guarded(backend, () -> g.breaker().get(() -> fetch(call), Answer.class));
    }

    /**
     * The backend's readiness ({@code /q/health/ready} on its management interface), asked directly — past the breaker, without
     * retries — so that {@code /api/v1/status} tells the truth even while a breaker is open.
     */
    public Answer probe(Backend backend, Supplier<Response> ready) {
        try {
            Answer a = fetch(ready);
            guards.get(backend).reached().set(true);
            return a;
        } catch (ProcessingException e) {
            guards.get(backend).reached().set(false);
            throw new BackendUnavailableException(backend.serviceName(), e);
        }
    }

    /** Whether the backend answered its last call and its breaker lets calls through. */
    public boolean up(Backend backend) {
        return guards.get(backend).reached().get()
                && CircuitBreakerMaintenance.get().currentState(backend.serviceName()) != CircuitBreakerState.OPEN;
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
    static Answer asProblem(Backend backend, Answer a) {
        if (a.status() < 400 || (a.contentType() != null && a.contentType().startsWith(Problems.MEDIA_TYPE))) {
            return a;
        }
        LOG.warnf("%s answered HTTP %d without a problem document (%s): wrapped", backend.serviceName(), a.status(), a.contentType());
        return new Answer(a.status(), Problems.MEDIA_TYPE, Problems.json(a.status(),
                backend.serviceName() + " refused the request (HTTP " + a.status() + ")", null), a.retryAfter());
    }

    private Answer guarded(Backend backend, Supplier<Answer> call) {
        AtomicBoolean reached = guards.get(backend).reached();
        try {
            Answer a = call.get();
            reached.set(true);
            if (a.status() >= 500) {
                LOG.warnf("%s answered HTTP %d", backend.serviceName(), a.status());
            }
            return asProblem(backend, a);
        } catch (CircuitBreakerOpenException e) {
            meters.counter("dorastream.gateway.backend.failures", "backend", backend.serviceName(), "reason", "breaker-open")
                    .increment();
            throw new BackendUnavailableException(backend.serviceName(), e);
        } catch (ProcessingException e) {
            reached.set(false);
            meters.counter("dorastream.gateway.backend.failures", "backend", backend.serviceName(), "reason", "unreachable")
                    .increment();
            LOG.warnf("%s unreachable: %s", backend.serviceName(), e.getMessage());
            throw new BackendUnavailableException(backend.serviceName(), e);
        }
    }
}
