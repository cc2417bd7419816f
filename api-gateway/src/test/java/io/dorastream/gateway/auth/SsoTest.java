package io.dorastream.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.dorastream.gateway.testing.GatewayTestBase;
import io.dorastream.gateway.testing.WireMockBackends;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The dashboard's "Sign in with SSO" with an OIDC provider configured for the code flow ({@code hybrid}):
 * {@code GET /sso} offers it, {@code /sso/login} sends a browser to the provider's authorization endpoint,
 * and the API itself still answers a caller without a token with its 401 problem, not a redirect. The
 * provider's endpoints are given explicitly (no discovery) and its keys are never fetched (introspection
 * only), so the provider is never contacted: nothing listens at its address.
 */
@QuarkusTest
@TestProfile(SsoTest.SsoOn.class)
@WithTestResource(value = WireMockBackends.class, scope = TestResourceScope.GLOBAL)
class SsoTest extends GatewayTestBase {

    static final String PROVIDER = "http://127.0.0.1:9/realms/test";

    public static class SsoOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.auth-server-url", PROVIDER,
                    "quarkus.oidc.discovery-enabled", "false",
                    "quarkus.oidc.authorization-path", "protocol/openid-connect/auth",
                    "quarkus.oidc.token-path", "protocol/openid-connect/token",
                    "quarkus.oidc.introspection-path", "protocol/openid-connect/token/introspect",
                    "quarkus.oidc.client-id", "dorastream",
                    "quarkus.oidc.token.audience", "dorastream",
                    "quarkus.oidc.credentials.secret", "test-client-secret",
                    "quarkus.oidc.application-type", "hybrid");
        }
    }

    @Test
    void theDashboardIsToldWhereToSignIn() {
        given().when().get("/sso")
                .then().statusCode(200).contentType(startsWith("application/json"))
                .header("Cache-Control", containsString("no-store"))
                .body("enabled", equalTo(true))
                .body("loginPath", equalTo(Sso.LOGIN_PATH))
                .body("logoutPath", equalTo(Sso.LOGOUT_PATH));
        verifyNoBackendCall();
    }

    @Test
    void theLoginPathSendsTheBrowserToTheProvidersAuthorizationEndpoint() {
        given().redirects().follow(false).when().get(Sso.LOGIN_PATH)
                .then().statusCode(302)
                .header("Location", allOf(startsWith(PROVIDER + "/protocol/openid-connect/auth?"),
                        containsString("response_type=code"), containsString("client_id=dorastream"),
                        containsString("redirect_uri=http%3A%2F%2Flocalhost%3A"), containsString("%2Fsso%2Flogin")));
    }

    @Test
    void theApiStillRefusesACallerWithoutTokenWithItsProblemNotARedirect() {
        given().redirects().follow(false).when().get("/api/v1/me")
                .then().statusCode(401).contentType(PROBLEM_JSON)
                .header("WWW-Authenticate", equalTo(ApiTokenMechanism.CHALLENGE))
                .header("Location", equalTo(null));
        given().redirects().follow(false).header("Authorization", "Bearer " + ADMIN_TOKEN).when().get("/api/v1/me")
                .then().statusCode(200).body("role", equalTo("admin"));
    }

    @Test
    void anApiTokensCallerHasNoSessionToEnd() {
        given().header("Authorization", "Bearer " + ADMIN_TOKEN).when().post(Sso.LOGOUT_PATH)
                .then().statusCode(204).header("Set-Cookie", not(containsString("q_session")));
    }
}
