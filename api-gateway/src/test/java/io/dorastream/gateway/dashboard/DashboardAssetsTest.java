package io.dorastream.gateway.dashboard;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.LinkedHashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.dorastream.gateway.testing.GatewayTestBase;
import io.dorastream.gateway.testing.WireMockBackends;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The dashboard's files: served at / without a token, never counted against a token's rate limit,
 * the page restricted to its own origin (Content-Security-Policy), and every module it imports present.
 */
@QuarkusTest
@WithTestResource(value = WireMockBackends.class, scope = TestResourceScope.GLOBAL)
class DashboardAssetsTest extends GatewayTestBase {

    private static final String LIMITED_TOKEN = "test-limited-token";
    private static final Pattern IMPORT = Pattern.compile("^import .* from '(\\.{1,2}/[^']+)';", Pattern.MULTILINE);

    @Test
    void pageIsServedWithoutTokenAndLimitedToItsOrigin() {
        RestAssured.given().when().get("/")
                .then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("<script type=\"module\" src=\"app/main.js\"></script>"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
        verifyNoBackendCall();
    }

    @Test
    void everyImportedModuleIsServed() throws IOException {
        Set<String> seen = new LinkedHashSet<>();
        walk("app/main.js", seen);
        // the pages and shared modules: a missing file would break the page only in a browser
        org.junit.jupiter.api.Assertions.assertTrue(seen.size() >= 10, "modules: " + seen);
        RestAssured.given().when().get("/app/app.css").then().statusCode(200).contentType(startsWith("text/css"));
    }

    private void walk(String path, Set<String> seen) throws IOException {
        if (!seen.add(path)) {
            return;
        }
        String js = RestAssured.given().when().get("/" + path)
                .then().statusCode(200).contentType(containsString("javascript")).extract().asString();
        Matcher m = IMPORT.matcher(js);
        while (m.find()) {
            walk(java.nio.file.Path.of(path).resolveSibling(m.group(1)).normalize().toString(), seen);
        }
        try (InputStream in = getClass().getResourceAsStream("/META-INF/resources/" + path)) {
            org.junit.jupiter.api.Assertions.assertNotNull(in, path);
        }
    }

    @Test
    void withoutAnOidcProviderForTheCodeFlowThereIsNoSso() {
        RestAssured.given().when().get("/sso")
                .then().statusCode(200).body("enabled", equalTo(false)).body("loginPath", equalTo(null));
        // no provider to send a browser to: the login path is refused, never a redirect
        RestAssured.given().redirects().follow(false).when().get("/sso/login")
                .then().statusCode(401).header("Location", equalTo(null));
        verifyNoBackendCall();
    }

    @Test
    void assetsAreNotRateLimited() {
        // this token's bucket holds 3 requests and practically never refills: assets must not draw from it
        for (int i = 0; i < 10; i++) {
            RestAssured.given().header("Authorization", "Bearer " + LIMITED_TOKEN).when().get("/app/api.js")
                    .then().statusCode(200);
        }
    }
}
