package io.dorastream.gateway.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.dorastream.gateway.auth.ApiTokens;
import io.dorastream.gateway.auth.Roles;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who the caller is (viewer role): its name as logs show it and its role. A client such as the
 * dashboard asks it once after sign-in to check the token and to know whether to offer writes.
 */
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "status")
@SecurityRequirement(name = "bearer")
public class MeResource {

    /** The caller of a request. */
    @Schema(name = "Caller", description = "The caller of the request: its name as logs show it and its role")
    public record Me(
            @Schema(required = true, description = "the token's name, or oidc:<subject>") String name,
            @Schema(required = true, enumeration = { Roles.VIEWER, Roles.ADMIN }, description = "admin may also write") String role) {
    }

    private final SecurityIdentity identity;

    public MeResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    @Operation(summary = "The caller's name and role")
    @APIResponse(responseCode = "200", description = "the caller",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Me.class)))
    public Me me() {
        String name = ApiTokens.Caller.nameOf(identity);
        return new Me(name, identity.hasRole(Roles.ADMIN) ? Roles.ADMIN : Roles.VIEWER);
    }
}
