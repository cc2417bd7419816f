package io.dorastream.gateway.auth;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether the dashboard's "Sign in with SSO" is on: the OIDC tenant is enabled with a provider
 * ({@code quarkus.oidc.auth-server-url}) and its {@code quarkus.oidc.application-type} lets browsers
 * sign in with the authorization-code flow ({@code hybrid}: code flow for a browser without an
 * {@code Authorization} header, bearer JWTs for API callers; or {@code web-app}). The one place that
 * decides it: the public {@code GET /sso} answer the dashboard reads, and {@link ApiTokenMechanism}'s
 * challenge on the login path, both ask it.
 */
@ApplicationScoped
public class Sso {

    /** Where a browser starts the code flow (the provider sends it back here, and here it is sent on to the dashboard). */
    public static final String LOGIN_PATH = "/sso/login";
    /** Where the dashboard ends an SSO session (the gateway's session cookie; the provider's own session stays). */
    public static final String LOGOUT_PATH = "/sso/logout";

    private static final Set<String> CODE_FLOW_TYPES = Set.of("hybrid", "web-app");

    private final boolean enabled;

    public Sso(@ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true") boolean tenantEnabled,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> serverUrl,
            @ConfigProperty(name = "quarkus.oidc.application-type", defaultValue = "service") String applicationType) {
        this.enabled = tenantEnabled && serverUrl.filter(u -> !u.isBlank()).isPresent()
                && CODE_FLOW_TYPES.contains(applicationType.toLowerCase(java.util.Locale.ROOT));
    }

    public boolean enabled() {
        return enabled;
    }

    /** Whether a request to this path is the browser's code-flow sign-in (whose challenge is the provider's redirect). */
    boolean isLogin(String path) {
        return enabled && LOGIN_PATH.equals(path);
    }
}
