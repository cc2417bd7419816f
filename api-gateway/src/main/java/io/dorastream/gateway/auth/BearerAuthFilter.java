package io.dorastream.gateway.auth;

import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.dorastream.gateway.config.GatewayConfig.Role;
import io.dorastream.gateway.rest.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Every {@code /api/v1} call needs {@code Authorization: Bearer <token>} — a configured token, or an
 * OIDC JWT when {@link OidcCallers} is on: 401 without a known token,
 * 429 when the token's bucket is empty, 403 when a viewer token asks to write. The caller's token
 * name is kept on the request for the access log.
 */
public class BearerAuthFilter {

    public static final String CALLER = "dorastream.caller";
    private static final Logger LOG = Logger.getLogger(BearerAuthFilter.class);
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final ApiTokens tokens;
    private final RateLimiter rateLimiter;
    private final MeterRegistry meters;
    private final OidcCallers oidc;

    public BearerAuthFilter(ApiTokens tokens, RateLimiter rateLimiter, MeterRegistry meters, OidcCallers oidc) {
        this.tokens = tokens;
        this.rateLimiter = rateLimiter;
        this.meters = meters;
        this.oidc = oidc;
    }

    @ServerRequestFilter(priority = 100)
    public Uni<Response> authenticate(ContainerRequestContext ctx) {
        ctx.setProperty(AccessLog.STARTED, System.nanoTime());
        String path = ctx.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return Uni.createFrom().nullItem();
        }
        String header = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        Optional<ApiTokens.Caller> caller = tokens.authenticate(token);
        if (caller.isPresent()) {
            return Uni.createFrom().item(admit(ctx, caller.get()));
        }
        if (token != null && !token.isEmpty() && oidc.enabled()) {
            return oidc.authenticate().map(found -> found.isPresent() ? admit(ctx, found.get()) : unauthorized());
        }
        return Uni.createFrom().item(unauthorized());
    }

    private static Response unauthorized() {
        return Response.fromResponse(Problem.response(401, "Unauthorized",
                "a valid bearer token is required (Authorization: Bearer <token>)", null))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"dorastream\"").build();
    }

    /** Null (go on) when the caller may make this call, else the problem that refuses it. */
    private Response admit(ContainerRequestContext ctx, ApiTokens.Caller caller) {
        String name = caller.name();
        ctx.setProperty(CALLER, caller);
        RateLimiter.Decision decision = rateLimiter.acquire(name);
        if (!decision.allowed()) {
            meters.counter("dorastream.gateway.rate.limited", "token", caller.metricTag()).increment();
            return Response.fromResponse(Problem.response(429, "Too Many Requests",
                    "token '" + name + "' is over its rate limit; retry in " + decision.retryAfterSeconds() + " s", null))
                    .header(HttpHeaders.RETRY_AFTER, decision.retryAfterSeconds()).build();
        }
        if (caller.role() == null) {
            LOG.infof("caller '%s' refused: its token carries neither the viewer nor the admin role", name);
            return Problem.response(403, "Forbidden", "this token carries neither the viewer nor the admin role", null);
        }
        if (WRITES.contains(ctx.getMethod()) && caller.role() != Role.ADMIN) {
            LOG.infof("token '%s' (viewer) refused: %s %s", name, ctx.getMethod(), ctx.getUriInfo().getRequestUri().getRawPath());
            return Problem.response(403, "Forbidden", "this token may read but not write", null);
        }
        return null;
    }
}
