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

/**
 * Every {@code /api/v1} call needs {@code Authorization: Bearer <token>}: 401 without a known token,
 * 403 when a viewer token asks to write. The caller's token name is kept on the request for logs.
 */
public class BearerAuthFilter {

    public static final String CALLER = "dorastream.caller";
    private static final Logger LOG = Logger.getLogger(BearerAuthFilter.class);
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final ApiTokens tokens;

    public BearerAuthFilter(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @ServerRequestFilter
    public Response authenticate(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return null;
        }
        String header = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
        Optional<ApiTokens.Caller> caller = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? tokens.authenticate(header.substring(7).trim())
                : Optional.empty();
        if (caller.isEmpty()) {
            return Response.fromResponse(Problem.response(401, "Unauthorized",
                    "a valid bearer token is required (Authorization: Bearer <token>)", null))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"dorastream\"").build();
        }
        ctx.setProperty(CALLER, caller.get());
        if (WRITES.contains(ctx.getMethod()) && caller.get().role() != Role.ADMIN) {
            LOG.infof("token '%s' (viewer) refused: %s %s", caller.get().name(), ctx.getMethod(), path);
            return Problem.response(403, "Forbidden", "this token may read but not write", null);
        }
        return null;
    }
}
