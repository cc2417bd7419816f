package io.dorastream.gateway.auth;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.dorastream.gateway.rest.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * The refusals of {@code @RolesAllowed} as problems: 401 (with the {@link ApiTokenMechanism#CHALLENGE})
 * for no token, an unknown one, or a JWT the OIDC provider did not issue; 403 for a caller whose role
 * does not allow the call — a viewer writing, or an OIDC caller given neither role. Each 401 of an
 * {@code /api} call counts against its client address ({@link FailedAuthentications}); a 403 does not
 * (the caller did authenticate).
 */
public class SecurityProblems {

    private static final Logger LOG = Logger.getLogger(SecurityProblems.class);

    private final FailedAuthentications failures;
    private final MeterRegistry meters;

    public SecurityProblems(FailedAuthentications failures, MeterRegistry meters) {
        this.failures = failures;
        this.meters = meters;
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthorized(RuntimeException e, ContainerRequestContext ctx) {
        LOG.debugf("unauthenticated: %s", e.getMessage());
        if (ctx.getProperty(RateLimitFilter.CLIENT_ADDRESS) instanceof String address) {
            meters.counter(RateLimitFilter.AUTH_FAILURES, "outcome", "unauthorized").increment();
            failures.failed(address);
        }
        return Response.fromResponse(Problem.response(401, "Unauthorized",
                "a valid bearer token is required (Authorization: Bearer <token>)", null))
                .header(HttpHeaders.WWW_AUTHENTICATE, ApiTokenMechanism.CHALLENGE).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ContainerRequestContext ctx) {
        if (ctx.getProperty(RateLimitFilter.CALLER) instanceof ApiTokens.Caller caller && caller.role() == null) {
            LOG.infof("caller '%s' refused: its token carries neither the viewer nor the admin role", caller.name());
            return Problem.response(403, "Forbidden", "this token carries neither the viewer nor the admin role", null);
        }
        Object who = ctx.getProperty(RateLimitFilter.CALLER) instanceof ApiTokens.Caller c ? c.name() : "?";
        LOG.infof("token '%s' (viewer) refused: %s %s", who, ctx.getMethod(), ctx.getUriInfo().getRequestUri().getRawPath());
        return Problem.response(403, "Forbidden", "this token may read but not write", null);
    }
}
