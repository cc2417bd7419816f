package io.dorastream.gateway.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import org.junit.jupiter.api.BeforeEach;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Shared helpers of the @QuarkusTest classes. Every subclass carries
 * {@code @QuarkusTest @WithTestResource(value = WireMockBackends.class, scope = TestResourceScope.GLOBAL)}
 * so that all of them share one Quarkus boot and one WireMock server.
 */
public abstract class GatewayTestBase {

    public static final String ADMIN_TOKEN = "test-admin-token";
    public static final String VIEWER_TOKEN = "test-viewer-token";
    public static final String INTERNAL_AUTH = "Bearer test-internal-token";
    public static final String PROBLEM_JSON = "application/problem+json";

    public static final String CONNECTIONS = "/api/v1/connections";
    public static final String METRICS = "/api/v1/metrics/dora";
    public static final String INTERNAL_CONNECTIONS = WireMockBackends.CONNECTOR + "/internal/connections";
    public static final String INTERNAL_SUMMARY = WireMockBackends.AGGREGATOR + "/internal/metrics/summary";

    protected WireMockServer wireMock;

    @BeforeEach
    void resetBackends() {
        wireMock = WireMockBackends.server();
        wireMock.resetAll();
    }

    protected static RequestSpecification asAdmin() {
        return RestAssured.given().header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    protected static RequestSpecification asViewer() {
        return RestAssured.given().header("Authorization", "Bearer " + VIEWER_TOKEN);
    }

    /** No request at all reached either backend. */
    protected void verifyNoBackendCall() {
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }
}
