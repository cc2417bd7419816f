package io.dorastream.gateway.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.dorastream.gateway.testing.Fixtures;
import io.dorastream.gateway.testing.GatewayTestBase;
import io.dorastream.gateway.testing.WireMockBackends;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The per-token rate limit: {@code test-limited} (burst 3, refilling one request per 100 s) runs
 * dry; other tokens are not affected. The only test using that token.
 */
@QuarkusTest
@WithTestResource(value = WireMockBackends.class, scope = TestResourceScope.GLOBAL)
class RateLimitTest extends GatewayTestBase {

    @Test
    void aTokenOverItsBurstGets429WithRetryAfterAndOthersDoNot() {
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_CONNECTIONS)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.CONNECTIONS)));

        for (int i = 0; i < 3; i++) {
            given().header("Authorization", "Bearer test-limited-token").when().get(CONNECTIONS).then().statusCode(200);
        }
        String retryAfter = given().header("Authorization", "Bearer test-limited-token").when().get(CONNECTIONS)
                .then().statusCode(429)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(429))
                .body("title", equalTo("Too Many Requests"))
                .body("detail", containsString("token 'test-limited' is over its rate limit"))
                .extract().header("Retry-After");
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 100, retryAfter);
        // a write is limited too (before the role check)
        given().header("Authorization", "Bearer test-limited-token").contentType("application/json").body("{}")
                .when().post(CONNECTIONS).then().statusCode(429);
        wireMock.verify(3, getRequestedFor(urlPathEqualTo(INTERNAL_CONNECTIONS)));

        // other tokens have buckets of their own
        asViewer().when().get(CONNECTIONS).then().statusCode(200);
        asAdmin().when().get(CONNECTIONS).then().statusCode(200);
        // the metric names the token, never the token itself
        String metrics = management().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("dorastream_gateway_rate_limited_total{token=\"test-limited\"} 2.0"), metrics);
        assertTrue(metrics.contains("token=\"test-viewer\""), "requests are counted by token name");
        assertTrue(!metrics.contains("test-limited-token") && !metrics.contains("test-viewer-token"), "no token in the metrics");
    }
}
