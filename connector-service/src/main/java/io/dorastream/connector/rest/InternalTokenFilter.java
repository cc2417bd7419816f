package io.dorastream.connector.rest;

import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.dorastream.api.security.ServiceTokens;
import io.dorastream.connector.config.ConnectorConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Refuses every {@code /internal} call that lacks the service token ({@code DORA_INTERNAL_TOKEN}, or
 * during a rotation the previous one); the rule is {@link ServiceTokens}.
 */
public class InternalTokenFilter {

    private final ServiceTokens tokens;

    public InternalTokenFilter(ConnectorConfig config) {
        this.tokens = ServiceTokens.accepting(config.internalToken(), config.internalTokenPrevious(),
                LaunchMode.current() == LaunchMode.NORMAL);
    }

    /** Built at start, so a token too short for production stops the service before it serves anything. */
    void onStart(@Observes StartupEvent event) {
    }

    @ServerRequestFilter
    public Response check(ContainerRequestContext ctx) {
        if (!ctx.getUriInfo().getPath().startsWith("/internal")) {
            return null;
        }
        String header = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (tokens.accepts(header)) {
            return null;
        }
        return Problem.response(401, "Unauthorized", "the internal API needs the service token", null, null);
    }
}
