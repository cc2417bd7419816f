package io.dorastream.gateway.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import java.net.URL;

import org.junit.jupiter.api.BeforeEach;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.dorastream.gateway.cache.MetricsCache;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.http.TestHTTPResource;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Shared helpers of the @QuarkusTest classes. Every subclass carries
 * {@code @QuarkusTest @WithTestResource(value = WireMockBackends.class, scope = TestResourceScope.GLOBAL)}
 * so that all of them share one Quarkus boot and one WireMock server. Every RestAssured response is
 * checked against the OpenAPI document ({@link OpenApiValidator}); every test starts with closed
 * circuit breakers.
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
    public static final String INTERNAL_TIMESERIES = WireMockBackends.AGGREGATOR + "/internal/metrics/timeseries";
    public static final String INTERNAL_BREAKDOWN = WireMockBackends.AGGREGATOR + "/internal/metrics/breakdown";
    public static final String INTERNAL_DEPLOYMENTS = WireMockBackends.AGGREGATOR + "/internal/events/deployments";
    public static final String INTERNAL_INCIDENTS = WireMockBackends.AGGREGATOR + "/internal/events/incidents";
    public static final String INTERNAL_SYNC_ALL = WireMockBackends.CONNECTOR + "/internal/sync";
    public static final String CONNECTOR_READY = WireMockBackends.CONNECTOR_MANAGEMENT + "/q/health/ready";
    public static final String AGGREGATOR_READY = WireMockBackends.AGGREGATOR_MANAGEMENT + "/q/health/ready";

    private static boolean validating;

    protected WireMockServer wireMock;

    /** The gateway's management interface (health, metrics), a port of its own. */
    @TestHTTPResource(value = "/", management = true)
    protected URL managementRoot;

    @BeforeEach
    void resetBackends() {
        wireMock = WireMockBackends.server();
        wireMock.resetAll();
        CircuitBreakerMaintenance.get().resetAll();
        Arc.container().instance(MetricsCache.class).get().clear();
        synchronized (GatewayTestBase.class) {
            if (!validating) {
                RestAssured.filters(new OpenApiValidator());
                validating = true;
            }
        }
    }

    /** The connector lists the fixture connections and creates one (answered with the other fixture id). */
    protected void stubConnectionListAndCreate() {
        wireMock.stubFor(WireMock.get(WireMock.urlPathEqualTo(INTERNAL_CONNECTIONS))
                .willReturn(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.CONNECTIONS)));
        wireMock.stubFor(WireMock.post(WireMock.urlPathEqualTo(INTERNAL_CONNECTIONS))
                .willReturn(WireMock.aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.CONNECTION.replace(Fixtures.CONNECTION_ID, Fixtures.OTHER_CONNECTION_ID))));
    }

    /** A request to the management interface ({@code /q/health/*}, {@code /q/metrics}). */
    protected RequestSpecification management() {
        return RestAssured.given().baseUri(managementRoot.getProtocol() + "://" + managementRoot.getHost())
                .port(managementRoot.getPort());
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
