package io.dorastream.gateway.rest;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.dorastream.gateway.auth.Sso;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.oidc.OidcSession;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The dashboard's single sign-on, outside the API (a browser's pages, not an API client's calls; not
 * in the OpenAPI document). {@code GET /sso} says, without a token, whether SSO is on and where to go;
 * {@code GET /sso/login} is guarded by the OIDC authorization-code flow (an HTTP permission in
 * application.properties sends an anonymous browser to the provider), and once signed in sends the
 * browser on to the dashboard, whose API calls then carry the gateway's session cookie instead of a
 * bearer token; {@code POST /sso/logout} ends that session. See docs/operations.md, "Single sign-on".
 */
@Path("/sso")
public class SsoResource {

    /** The dashboard's sign-in page, told that the provider signed the browser in. */
    static final URI SIGNED_IN = URI.create("/#/signin?sso=1");

    /** Whether the dashboard offers "Sign in with SSO", and the gateway's paths for it (absent when off). */
    public record SsoOptions(boolean enabled, String loginPath, String logoutPath) {
    }

    private final Sso sso;
    private final SecurityIdentity identity;
    private final OidcSession session;

    public SsoResource(Sso sso, SecurityIdentity identity, OidcSession session) {
        this.sso = sso;
        this.identity = identity;
        this.session = session;
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response options() {
        SsoOptions options = sso.enabled() ? new SsoOptions(true, Sso.LOGIN_PATH, Sso.LOGOUT_PATH)
                : new SsoOptions(false, null, null);
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(options).cacheControl(noStore).build();
    }

    @GET
    @Path("login")
    @Authenticated
    @Operation(hidden = true)
    public Response login() {
        if (!sso.enabled()) {
            return Problem.response(404, "Not Found", "single sign-on is not configured on this gateway", null);
        }
        return Response.seeOther(SIGNED_IN).build();
    }

    @POST
    @Path("logout")
    @Authenticated
    @Operation(hidden = true)
    public Uni<Response> logout() {
        // only a browser the code flow signed in has a session to end (an API token's caller has none)
        if (!sso.enabled() || identity.getCredential(IdTokenCredential.class) == null) {
            return Uni.createFrom().item(Response.noContent().build());
        }
        return session.logout().replaceWith(() -> Response.noContent().build());
    }
}
