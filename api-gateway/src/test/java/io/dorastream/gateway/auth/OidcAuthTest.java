package io.dorastream.gateway.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.dorastream.gateway.testing.Fixtures;
import io.dorastream.gateway.testing.GatewayTestBase;
import io.dorastream.gateway.testing.TestJwts;
import io.dorastream.gateway.testing.WireMockBackends;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

/**
 * OIDC bearer JWTs beside the configured tokens: roles from the {@code groups} claim, 401 for a
 * token the provider did not sign (or expired, or of another issuer), 403 for one without a role.
 */
@QuarkusTest
@TestProfile(OidcAuthTest.OidcOn.class)
@WithTestResource(value = WireMockBackends.class, scope = TestResourceScope.GLOBAL)
class OidcAuthTest extends GatewayTestBase {

    /** The gateway with OIDC on: tokens verified against a fixed public key, issuer checked. */
    public static class OidcOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.public-key", TestJwts.trustedPublicKey(),
                    "quarkus.oidc.token.issuer", TestJwts.ISSUER,
                    "quarkus.oidc.token.audience", TestJwts.AUDIENCE,
                    "quarkus.oidc.roles.role-claim-path", "groups");
        }
    }

    private static final String BODY = "{\"name\":\"acme\",\"site\":\"datadoghq.eu\"}";

    private void stubBackends() {
        stubConnectionListAndCreate();
    }

    private static ValidatableResponse read(String jwt) {
        return given().header("Authorization", "Bearer " + jwt).when().get(CONNECTIONS).then();
    }

    private static ValidatableResponse write(String jwt) {
        return given().header("Authorization", "Bearer " + jwt).contentType("application/json").body(BODY)
                .when().post(CONNECTIONS).then();
    }

    @Test
    void anAdminJwtMayWriteAndOnlyTheServiceTokenReachesTheBackend() {
        stubBackends();
        String jwt = TestJwts.jwt("alice", List.of("engineering", "dorastream-admin"));
        write(jwt).statusCode(201);
        wireMock.verify(1, postRequestedFor(urlPathEqualTo(INTERNAL_CONNECTIONS))
                .withHeader("Authorization", WireMock.equalTo(INTERNAL_AUTH)));
        wireMock.verify(0, postRequestedFor(urlPathEqualTo(INTERNAL_CONNECTIONS))
                .withHeader("Authorization", WireMock.containing(jwt.substring(0, 20))));
    }

    @Test
    void aViewerJwtMayReadButNotWrite() {
        stubBackends();
        String jwt = TestJwts.jwt("bob", List.of("dorastream-viewer"));
        read(jwt).statusCode(200).body(equalTo(Fixtures.CONNECTIONS));
        write(jwt).statusCode(403).contentType(PROBLEM_JSON).body("detail", equalTo("this token may read but not write"));
        wireMock.verify(0, postRequestedFor(urlPathEqualTo(INTERNAL_CONNECTIONS)));
    }

    @Test
    void aValidJwtWithNeitherRoleIs403() {
        stubBackends();
        read(TestJwts.jwt("carol", List.of("engineering"))).statusCode(403).contentType(PROBLEM_JSON)
                .body("detail", equalTo("this token carries neither the viewer nor the admin role"));
        verifyNoBackendCall();
    }

    @Test
    void onlyTheConfiguredRoleNamesCountNotAJwtRoleThatHappensToBeCalledAdmin() {
        stubBackends();
        String jwt = TestJwts.jwt("eve", List.of("admin", "viewer"));
        read(jwt).statusCode(403).contentType(PROBLEM_JSON)
                .body("detail", equalTo("this token carries neither the viewer nor the admin role"));
        write(jwt).statusCode(403);
        verifyNoBackendCall();
    }

    @Test
    void aJwtTheProviderDidNotSignOrThatExpiredOrOfAnotherIssuerOrAudienceIs401() {
        stubBackends();
        List<String> admin = List.of("dorastream-admin");
        for (String jwt : List.of(
                TestJwts.jwt(TestJwts.FOREIGN_KEY, TestJwts.ISSUER, "mallory", admin, Instant.now().plusSeconds(300)),
                TestJwts.jwt(TestJwts.TRUSTED_KEY, TestJwts.ISSUER, "alice", admin, Instant.now().minusSeconds(3600)),
                TestJwts.jwt(TestJwts.TRUSTED_KEY, "https://other-idp.test", "alice", admin, Instant.now().plusSeconds(300)),
                // issued by the same provider for another application of the organisation
                TestJwts.jwt(TestJwts.TRUSTED_KEY, TestJwts.ISSUER, "grafana", "alice", admin, Instant.now().plusSeconds(300)),
                "not-a-jwt",
                "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSIsImdyb3VwcyI6WyJkb3Jhc3RyZWFtLWFkbWluIl19.")) {
            read(jwt).statusCode(401).contentType(PROBLEM_JSON)
                    .header("WWW-Authenticate", "Bearer realm=\"dorastream\"")
                    .body("detail", containsString("a valid bearer token is required"));
            write(jwt).statusCode(401);
        }
        verifyNoBackendCall();
    }

    @Test
    void configuredTokensKeepWorkingBesideOidc() {
        stubBackends();
        asViewer().when().get(CONNECTIONS).then().statusCode(200);
        asAdmin().contentType("application/json").body(BODY).when().post(CONNECTIONS).then().statusCode(201);
        asViewer().contentType("application/json").body(BODY).when().post(CONNECTIONS).then().statusCode(403);
    }

    @Test
    void metricsTagEveryOidcCallerAsOneValue() {
        stubBackends();
        read(TestJwts.jwt("dave-" + System.nanoTime(), List.of("dorastream-viewer"))).statusCode(200);
        management().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("token=\"oidc\""))
                .body(not(containsString("dave-")));
    }

    @Test
    void oidcWithoutAnAudienceIsRefusedAtStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OidcRoles.requireAudience(true, Optional.empty()));
        assertTrue(e.getMessage().contains("quarkus.oidc.token.audience"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> OidcRoles.requireAudience(true, Optional.of(List.of(" "))));
        OidcRoles.requireAudience(true, Optional.of(List.of(TestJwts.AUDIENCE)));
        OidcRoles.requireAudience(false, Optional.empty()); // OIDC off: nothing to require
    }
}
