package io.dorastream.aggregator.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.dorastream.aggregator.config.AggregatorConfig;

/** Refuses every {@code /internal} call that lacks the service token ({@code DORA_INTERNAL_TOKEN}). */
public class InternalTokenFilter {

    private final byte[] expected;

    public InternalTokenFilter(AggregatorConfig config) {
        this.expected = ("Bearer " + config.internalToken()).getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter
    public Response check(ContainerRequestContext ctx) {
        if (!ctx.getUriInfo().getPath().startsWith("/internal")) {
            return null;
        }
        String header = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header != null && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return Problem.response(401, "Unauthorized", "the internal API needs the service token", null, null);
    }
}
