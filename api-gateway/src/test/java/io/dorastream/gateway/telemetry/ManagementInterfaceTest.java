package io.dorastream.gateway.telemetry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.dorastream.gateway.testing.Fixtures;
import io.dorastream.gateway.testing.GatewayTestBase;
import io.dorastream.gateway.testing.WireMockBackends;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import com.github.tomakehurst.wiremock.client.WireMock;

/**
 * Health and metrics are served on the management interface only (never on the public API port,
 * where the metrics would name API tokens); the OpenAPI document stays on the API port.
 */
@QuarkusTest
@WithTestResource(value = WireMockBackends.class, scope = TestResourceScope.GLOBAL)
class ManagementInterfaceTest extends GatewayTestBase {

    @Test
    void healthAndMetricsAreOnTheManagementPortOnly() {
        management().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        management().when().get("/q/health/started").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(404);
        given().when().get("/q/metrics").then().statusCode(404);
        given().when().get("/q/openapi").then().statusCode(200);
        management().when().get("/q/openapi").then().statusCode(404);
    }

    @Test
    void metricsOfTheHttpServerAndTheDomain() {
        wireMock.stubFor(WireMock.get(WireMock.urlPathEqualTo(INTERNAL_CONNECTIONS))
                .willReturn(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.CONNECTIONS)));
        asViewer().when().get(CONNECTIONS).then().statusCode(200);
        management().when().get("/q/metrics").then().statusCode(200)
                // HTTP server (Micrometer's Vert.x binder), by route template
                .body(containsString("http_server_requests_seconds_count{"))
                .body(containsString("uri=\"/api/v1/connections\""))
                // the gateway's own: backends and rate limits
                .body(containsString("dorastream_gateway_backend_up{backend=\"connector-service\"}"))
                // the JVM
                .body(containsString("jvm_memory_used_bytes"));
    }
}
