package io.dorastream.gateway.auth;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.dorastream.gateway.config.GatewayConfig;
import io.dorastream.gateway.config.GatewayConfig.Role;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Callers presenting an OIDC bearer JWT instead of a configured token. {@code quarkus-oidc} verifies
 * the token (signature against the provider's keys, expiry, and issuer/audience when configured) —
 * only for a bearer token that is not a configured one ({@link ApiTokenMechanism} comes first).
 * This augmentor then gives the identity the API's roles instead of the JWT's own: {@link Roles#ADMIN}
 * for {@code dorastream.auth.oidc.admin-role}, {@link Roles#VIEWER} for {@code .viewer-role}, none
 * otherwise (a 403 on every endpoint) — so a JWT role that happens to be called "admin" grants nothing.
 * The caller is named {@code oidc:<subject>}. Off unless {@code quarkus.oidc.auth-server-url} or
 * {@code quarkus.oidc.public-key} is set (and {@code quarkus.oidc.tenant-enabled} is not false).
 */
@ApplicationScoped
public class OidcRoles implements SecurityIdentityAugmentor {

    private static final Logger LOG = Logger.getLogger(OidcRoles.class);

    private final GatewayConfig.Oidc roles;

    public OidcRoles(GatewayConfig config) {
        this.roles = config.auth().oidc();
    }

    void announce(@Observes StartupEvent start,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> serverUrl,
            @ConfigProperty(name = "quarkus.oidc.public-key") Optional<String> publicKey,
            @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true") boolean tenantEnabled,
            @ConfigProperty(name = "quarkus.oidc.token.audience") Optional<List<String>> audience) {
        boolean on = tenantEnabled && (serverUrl.filter(u -> !u.isBlank()).isPresent() || publicKey.filter(k -> !k.isBlank()).isPresent());
        requireAudience(on, audience);
        if (on) {
            LOG.infof("OIDC bearer JWTs accepted (roles %s = admin, %s = viewer)", roles.adminRole(), roles.viewerRole());
        }
    }

    /**
     * With OIDC on, a JWT must name this API as its audience ({@code quarkus.oidc.token.audience}):
     * otherwise any token the provider issued for any other application of the organisation would be
     * accepted here. Refused at start, naming the property.
     */
    static void requireAudience(boolean oidcOn, Optional<List<String>> audience) {
        if (oidcOn && audience.map(a -> a.stream().noneMatch(v -> v != null && !v.isBlank())).orElse(true)) {
            throw new IllegalStateException("OIDC is on but quarkus.oidc.token.audience (QUARKUS_OIDC_TOKEN_AUDIENCE) is not set:"
                    + " set it to the audience your provider puts in tokens for DoraStream (e.g. dorastream), so that tokens"
                    + " issued for other applications are refused");
        }
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || ApiTokens.Caller.of(identity).isPresent()) {
            return Uni.createFrom().item(identity); // anonymous, or a configured token's
        }
        Role role = identity.hasRole(roles.adminRole()) ? Role.ADMIN
                : identity.hasRole(roles.viewerRole()) ? Role.VIEWER
                : null;
        ApiTokens.Caller caller = new ApiTokens.Caller("oidc:" + loggable(identity.getPrincipal().getName()), role, "oidc");
        QuarkusSecurityIdentity.Builder api = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addAttribute(ApiTokens.Caller.ATTRIBUTE, caller);
        if (role != null) {
            api.addRole(role.roleName());
        }
        return Uni.createFrom().item(api.build());
    }

    /** The subject as it may appear in a log line: printable, no spaces, at most 100 characters. */
    static String loggable(String name) {
        String printable = name == null ? "" : name.replaceAll("[^\\p{Graph}]", "_");
        return printable.length() > 100 ? printable.substring(0, 100) : printable;
    }
}
