package io.dorastream.gateway.auth;

import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.dorastream.gateway.rest.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;

/**
 * Before any role check: names the caller of an {@code /api} request for the access log and takes one
 * request from its token bucket — 429 with {@code Retry-After} when it is empty, whatever the call
 * (a viewer's refused write counts too). Pre-matching, because Quarkus checks {@code @RolesAllowed}
 * right after matching, before ordinary request filters. An anonymous caller, or one whose token
 * failed, has no bucket: the endpoint's role check answers it (401).
 */
public class RateLimitFilter {

    public static final String CALLER = ApiTokens.Caller.ATTRIBUTE;

    private final CurrentIdentityAssociation identities;
    private final RateLimiter rateLimiter;
    private final MeterRegistry meters;

    public RateLimitFilter(CurrentIdentityAssociation identities, RateLimiter rateLimiter, MeterRegistry meters) {
        this.identities = identities;
        this.rateLimiter = rateLimiter;
        this.meters = meters;
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> limit(ContainerRequestContext ctx) {
        ctx.setProperty(AccessLog.STARTED, System.nanoTime());
        if (!ctx.getUriInfo().getPath().startsWith("/api/")) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity()
                .map(ApiTokens.Caller::of)
                // a token that failed authentication: the role check of the endpoint reports it
                .onFailure().recoverWithItem(Optional.empty())
                .map(caller -> caller.map(c -> admit(ctx, c)).orElse(null));
    }

    /** Null (go on) while the caller's bucket has a request left, else the 429 problem. */
    private Response admit(ContainerRequestContext ctx, ApiTokens.Caller caller) {
        ctx.setProperty(CALLER, caller);
        RateLimiter.Decision decision = rateLimiter.acquire(caller.name());
        if (decision.allowed()) {
            return null;
        }
        meters.counter("dorastream.gateway.rate.limited", "token", caller.metricTag()).increment();
        return Response.fromResponse(Problem.response(429, "Too Many Requests",
                "token '" + caller.name() + "' is over its rate limit; retry in " + decision.retryAfterSeconds() + " s", null))
                .header(HttpHeaders.RETRY_AFTER, decision.retryAfterSeconds()).build();
    }
}
