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
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * Before any role check: first refuses an {@code /api} request whose client address is blocked for
 * its failed authentications ({@link FailedAuthentications}) — 429 with {@code Retry-After}, before
 * the token is even looked at, so guessing from that address costs us next to nothing; then names the
 * caller for the access log and takes one request from its token bucket — 429 with {@code Retry-After}
 * when it is empty, whatever the call (a viewer's refused write counts too). Pre-matching, because
 * Quarkus checks {@code @RolesAllowed} right after matching, before ordinary request filters. An
 * anonymous caller, or one whose token failed, has no bucket: the endpoint's role check answers it
 * (401, counted against its address by {@link SecurityProblems}).
 */
public class RateLimitFilter {

    public static final String CALLER = ApiTokens.Caller.ATTRIBUTE;
    /** The request property holding the client address of an {@code /api} request (absent: unknown). */
    static final String CLIENT_ADDRESS = "dorastream.client-address";
    /** Counter of failed authentications by outcome: {@code unauthorized} (a 401), {@code blocked} (a 429 of a blocked address). */
    static final String AUTH_FAILURES = "dorastream.gateway.auth.failures";

    private final CurrentIdentityAssociation identities;
    private final RateLimiter rateLimiter;
    private final FailedAuthentications failures;
    private final MeterRegistry meters;

    public RateLimitFilter(CurrentIdentityAssociation identities, RateLimiter rateLimiter, FailedAuthentications failures,
            MeterRegistry meters) {
        this.identities = identities;
        this.rateLimiter = rateLimiter;
        this.failures = failures;
        this.meters = meters;
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> limit(ContainerRequestContext ctx, HttpServerRequest request) {
        ctx.setProperty(AccessLog.STARTED, System.nanoTime());
        if (!ctx.getUriInfo().getPath().startsWith("/api/")) {
            return Uni.createFrom().nullItem();
        }
        // the connection's peer, or the forwarded client where Quarkus is told to trust a proxy (quarkus.http.proxy.*)
        SocketAddress peer = request.remoteAddress();
        String address = peer == null ? null : peer.hostAddress();
        if (address != null) {
            ctx.setProperty(CLIENT_ADDRESS, address);
        }
        RateLimiter.Decision block = failures.check(address);
        if (!block.allowed()) {
            meters.counter(AUTH_FAILURES, "outcome", "blocked").increment();
            return Uni.createFrom().item(tooManyRequests(
                    "too many failed authentications from this address; retry in " + block.retryAfterSeconds() + " s", block));
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
        return tooManyRequests("token '" + caller.name() + "' is over its rate limit; retry in " + decision.retryAfterSeconds() + " s",
                decision);
    }

    private static Response tooManyRequests(String detail, RateLimiter.Decision decision) {
        return Response.fromResponse(Problem.response(429, "Too Many Requests", detail, null))
                .header(HttpHeaders.RETRY_AFTER, decision.retryAfterSeconds()).build();
    }
}
