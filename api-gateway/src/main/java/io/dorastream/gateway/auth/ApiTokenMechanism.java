package io.dorastream.gateway.auth;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code Authorization: Bearer <token>} with a configured API token. It runs before OIDC's mechanism
 * (a higher priority), so a configured token is never handed to the OIDC check; a bearer token that is
 * not a configured one is left to the next mechanism — OIDC when it is on — and without one the caller
 * stays anonymous, which every {@code /api/v1} endpoint's {@code @RolesAllowed} refuses with a 401
 * ({@link SecurityProblems}).
 */
@ApplicationScoped
public class ApiTokenMechanism implements HttpAuthenticationMechanism {

    /** Ahead of quarkus-oidc's bearer mechanism (which has {@code DEFAULT_PRIORITY + 1}). */
    static final int PRIORITY = DEFAULT_PRIORITY + 100;

    /** The challenge of a 401: {@code WWW-Authenticate: Bearer realm="dorastream"}. */
    public static final String CHALLENGE = "Bearer realm=\"dorastream\"";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = bearerToken(context.request().getHeader(HttpHeaderNames.AUTHORIZATION));
        if (token == null) {
            return Uni.createFrom().nullItem();
        }
        return identityProviderManager
                .authenticate(HttpSecurityUtils.setRoutingContextAttribute(new ApiTokenRequest(token), context))
                // not a configured token: perhaps an OIDC one; the next mechanism decides
                .onFailure(AuthenticationFailedException.class).recoverWithNull();
    }

    /** The token of a {@code Bearer} (any case) authorization, or null when there is none. */
    static String bearerToken(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private final Sso sso;

    public ApiTokenMechanism(Sso sso) {
        this.sso = sso;
    }

    /**
     * A 401 with our challenge; none on the dashboard's SSO login path, where the OIDC mechanism's
     * challenge (the redirect to the provider) is the one that must reach the browser.
     */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        if (sso.isLogin(context.normalizedPath())) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(new ChallengeData(HttpResponseStatus.UNAUTHORIZED.code(), HttpHeaderNames.WWW_AUTHENTICATE, CHALLENGE));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiTokenRequest.class);
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }
}
