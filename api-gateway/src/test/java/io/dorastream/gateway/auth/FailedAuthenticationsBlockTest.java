package io.dorastream.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.dorastream.gateway.testing.GatewayTestBase;
import io.dorastream.gateway.testing.TestJwts;
import io.dorastream.gateway.testing.WireMockBackends;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.specification.RequestSpecification;

/**
 * The gateway's wiring of {@link FailedAuthentications} with a low limit (3 failures, a 5-minute
 * block) and OIDC on: a missing token, an unknown token and a JWT the provider did not sign each count;
 * the address is then refused before its token is checked, a valid token included, until the block
 * ends; another client address (127.0.0.2, a loopback address of its own) is not affected. The block's
 * clock ({@link NanoClock}) stands still unless the test moves it, so no step depends on how fast
 * the machine is.
 */
@QuarkusTest
@TestProfile(FailedAuthenticationsBlockTest.LowLimit.class)
@WithTestResource(value = WireMockBackends.class, scope = TestResourceScope.GLOBAL)
class FailedAuthenticationsBlockTest extends GatewayTestBase {

    public static class LowLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(new OidcAuthTest.OidcOn().getConfigOverrides());
            config.put("dorastream.auth.failed-limit", "3");
            config.put("dorastream.auth.failed-window", "1m");
            config.put("dorastream.auth.failed-block", "5m");
            return config;
        }
    }

    private static final String ME = "/api/v1/me";

    private final AtomicLong nanos = new AtomicLong(System.nanoTime());

    @BeforeEach
    void standStill() {
        QuarkusMock.installMockForType(new NanoClock() {
            @Override
            public long getAsLong() {
                return nanos.get();
            }
        }, NanoClock.class);
    }

    private static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** Requests whose connections come from 127.0.0.2 (Linux routes all of 127/8 to the loopback). */
    private static RequestSpecification fromAnotherAddress() throws UnknownHostException {
        InetAddress other = InetAddress.getByName("127.0.0.2");
        return given().baseUri("http://127.0.0.1")
                .config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig().setParam("http.route.local-address", other)));
    }

    @Test
    void anAddressThatKeepsFailingIsRefusedBeforeItsTokenIsCheckedUntilTheBlockEnds() throws UnknownHostException {
        String forged = TestJwts.jwt(TestJwts.FOREIGN_KEY, TestJwts.ISSUER, "mallory", List.of("dorastream-admin"),
                Instant.now().plusSeconds(300));
        // three kinds of failure; the successes between them neither count nor start the count over
        given().get(ME).then().statusCode(401);
        asViewer().get(ME).then().statusCode(200);
        bearer("not-a-configured-token").get(ME).then().statusCode(401);
        asViewer().get(ME).then().statusCode(200);
        bearer(forged).get(ME).then().statusCode(401);

        // blocked: any call, a valid token's too, is refused without looking at the token
        String retryAfter = asViewer().get(ME).then().statusCode(429)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(429))
                .body("title", equalTo("Too Many Requests"))
                .body("detail", containsString("too many failed authentications from this address"))
                .extract().header("Retry-After");
        assertEquals("300", retryAfter, "the whole block is left");
        asAdmin().get(CONNECTIONS).then().statusCode(429).contentType(PROBLEM_JSON).header("Retry-After", "300");
        verifyNoBackendCall();

        // another address: its valid token works, its failure is its own
        fromAnotherAddress().header("Authorization", "Bearer " + VIEWER_TOKEN).get(ME).then().statusCode(200)
                .body("name", equalTo("test-viewer"));
        fromAnotherAddress().get(ME).then().statusCode(401);

        String metrics = management().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("dorastream_gateway_auth_failures_total{outcome=\"unauthorized\"} 4.0"), metrics);
        assertTrue(metrics.contains("dorastream_gateway_auth_failures_total{outcome=\"blocked\"} 2.0"), metrics);

        // Retry-After counts down and is honest: once it has passed, the address is served again and counts afresh
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(200));
        asViewer().get(ME).then().statusCode(429).header("Retry-After", "100");
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(100) - 1);
        asViewer().get(ME).then().statusCode(429).header("Retry-After", "1");
        nanos.addAndGet(1);
        asViewer().get(ME).then().statusCode(200);
        bearer("not-a-configured-token").get(ME).then().statusCode(401);
        bearer("not-a-configured-token").get(ME).then().statusCode(401);
        asViewer().get(ME).then().statusCode(200);
    }
}
