package io.dorastream.gateway.auth;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.dorastream.gateway.config.GatewayConfig;
import io.dorastream.gateway.config.GatewayConfig.Role;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Callers presenting an OIDC bearer JWT instead of a configured token. {@code quarkus-oidc} verifies
 * the token (signature against the provider's keys, expiry, and issuer/audience when configured) when
 * the request's identity is first asked for — authentication is not proactive, so configured tokens
 * never go through it. Off unless {@code quarkus.oidc.auth-server-url} or {@code quarkus.oidc.public-key}
 * is set (and {@code quarkus.oidc.tenant-enabled} is not false).
 */
@ApplicationScoped
public class OidcCallers {

    private static final Logger LOG = Logger.getLogger(OidcCallers.class);

    private final boolean enabled;
    private final GatewayConfig.Oidc roles;
    private final CurrentIdentityAssociation identities;

    public OidcCallers(GatewayConfig config, CurrentIdentityAssociation identities,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> serverUrl,
            @ConfigProperty(name = "quarkus.oidc.public-key") Optional<String> publicKey,
            @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true") boolean tenantEnabled) {
        this.roles = config.auth().oidc();
        this.identities = identities;
        this.enabled = tenantEnabled
                && (serverUrl.filter(u -> !u.isBlank()).isPresent() || publicKey.filter(k -> !k.isBlank()).isPresent());
        if (enabled) {
            LOG.infof("OIDC bearer JWTs accepted (roles %s = admin, %s = viewer)", roles.adminRole(), roles.viewerRole());
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * The caller the current request's bearer JWT names; empty when the token is not a valid JWT of
     * the provider. A valid token without either role gives a caller whose role is null.
     */
    public Uni<Optional<ApiTokens.Caller>> authenticate() {
        return identities.getDeferredIdentity()
                .map(this::caller)
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("bearer JWT refused: %s", e.getMessage());
                    return Optional.empty();
                });
    }

    private Optional<ApiTokens.Caller> caller(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return Optional.empty();
        }
        Role role = identity.hasRole(roles.adminRole()) ? Role.ADMIN
                : identity.hasRole(roles.viewerRole()) ? Role.VIEWER
                : null;
        return Optional.of(new ApiTokens.Caller("oidc:" + loggable(identity.getPrincipal().getName()), role, "oidc"));
    }

    /** The subject as it may appear in a log line: printable, no spaces, at most 100 characters. */
    static String loggable(String name) {
        String printable = name == null ? "" : name.replaceAll("[^\\p{Graph}]", "_");
        return printable.length() > 100 ? printable.substring(0, 100) : printable;
    }
}
