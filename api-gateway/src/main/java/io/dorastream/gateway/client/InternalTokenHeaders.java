package io.dorastream.gateway.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

import io.dorastream.gateway.config.GatewayConfig;

/** Puts the service token on every call to the internal APIs; nothing of the caller's request is forwarded. */
@ApplicationScoped
public class InternalTokenHeaders implements ClientHeadersFactory {

    private final String authorization;

    public InternalTokenHeaders(GatewayConfig config) {
        this.authorization = "Bearer " + config.internalToken();
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        headers.putSingle(HttpHeaders.AUTHORIZATION, authorization);
        return headers;
    }
}
