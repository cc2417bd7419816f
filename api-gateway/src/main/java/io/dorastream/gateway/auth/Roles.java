package io.dorastream.gateway.auth;

/**
 * The two roles of the public API, as {@code @RolesAllowed} names them on each endpoint: a viewer
 * reads, an admin also writes. A configured token carries the role of its {@code .role} setting; an
 * OIDC caller the one its JWT's role claim grants ({@link OidcRoles}).
 */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
