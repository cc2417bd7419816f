package io.dorastream.gateway.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer token presented as a configured API token, for {@link ApiTokenIdentityProvider}. */
public final class ApiTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    public ApiTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    @Override
    public String toString() {
        return "ApiTokenRequest[token=<hidden>]";
    }
}
