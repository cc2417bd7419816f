package io.dorastream.gateway.auth;

import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * One line per {@code /api} call naming the token that acted (its configured name, never the token)
 * — method, path, status, time; never a body nor the query string — and the timer
 * {@code dorastream.gateway.requests} tagged with the token name, method and status.
 * Category {@code io.dorastream.gateway.access}.
 */
public class AccessLog {

    static final String STARTED = "dorastream.started";
    private static final Logger LOG = Logger.getLogger("io.dorastream.gateway.access");
    private static final String ANONYMOUS = "-";

    private final MeterRegistry meters;

    public AccessLog(MeterRegistry meters) {
        this.meters = meters;
    }

    @ServerResponseFilter
    public void log(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return;
        }
        Object caller = request.getProperty(RateLimitFilter.CALLER);
        String token = caller instanceof ApiTokens.Caller c ? c.name() : ANONYMOUS;
        String tag = caller instanceof ApiTokens.Caller c ? c.metricTag() : ANONYMOUS;
        Object started = request.getProperty(STARTED);
        long nanos = started instanceof Long s ? System.nanoTime() - s : 0;
        int status = response.getStatus();
        Timer.builder("dorastream.gateway.requests")
                .description("Calls of the public API by token name")
                .tag("token", tag).tag("method", request.getMethod()).tag("status", Integer.toString(status))
                .register(meters).record(nanos, TimeUnit.NANOSECONDS);
        // the raw (still percent-encoded) path: a decoded one could carry line breaks into the log
        LOG.infof("token=%s %s %s %d %dms", token, request.getMethod(), request.getUriInfo().getRequestUri().getRawPath(), status,
                TimeUnit.NANOSECONDS.toMillis(nanos));
    }
}
