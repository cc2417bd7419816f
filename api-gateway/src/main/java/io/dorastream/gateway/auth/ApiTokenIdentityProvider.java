package io.dorastream.gateway.auth;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The identity of a configured API token: named after the token's configured name (never the token),
 * with the token's role, and the {@link ApiTokens.Caller} the access log and the rate limit use.
 * A token that is not configured fails with {@link AuthenticationFailedException}.
 */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<ApiTokenRequest> {

    private final ApiTokens tokens;

    public ApiTokenIdentityProvider(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<ApiTokenRequest> getRequestType() {
        return ApiTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiTokenRequest request, AuthenticationRequestContext context) {
        return tokens.authenticate(request.token())
                .map(caller -> Uni.createFrom().<SecurityIdentity> item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(caller.name()))
                        .addRole(caller.role().roleName())
                        .addAttribute(ApiTokens.Caller.ATTRIBUTE, caller)
                        .build()))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("not a configured API token")));
    }
}
