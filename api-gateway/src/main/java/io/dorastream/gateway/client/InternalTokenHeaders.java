package io.dorastream.gateway.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

import io.dorastream.api.security.ServiceTokens;
import io.dorastream.gateway.config.GatewayConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/** Puts the service token on every call to the internal APIs; nothing of the caller's request is forwarded. */
@ApplicationScoped
public class InternalTokenHeaders implements ClientHeadersFactory {

    private final String authorization;

    public InternalTokenHeaders(GatewayConfig config) {
        this.authorization = "Bearer " + ServiceTokens.presented(config.internalToken(), LaunchMode.current() == LaunchMode.NORMAL);
    }

    /** Built at start, so a token too short for production stops the gateway before it serves anything. */
    void onStart(@Observes StartupEvent event) {
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        headers.putSingle(HttpHeaders.AUTHORIZATION, authorization);
        return headers;
    }
}
