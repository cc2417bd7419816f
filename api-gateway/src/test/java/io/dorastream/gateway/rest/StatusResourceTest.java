package io.dorastream.gateway.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;

import io.dorastream.gateway.testing.Fixtures;
import io.dorastream.gateway.testing.GatewayTestBase;
import io.dorastream.gateway.testing.WireMockBackends;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code /api/v1/status}: each backend's health and each connection's sync, 200 whatever is down. */
@QuarkusTest
@WithTestResource(value = WireMockBackends.class, scope = TestResourceScope.GLOBAL)
class StatusResourceTest extends GatewayTestBase {

    private static final String STATUS = "/api/v1/status";

    private void stub(String path, int status, String body) {
        wireMock.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private void stubConnector() {
        stub(INTERNAL_CONNECTIONS, 200, Fixtures.CONNECTIONS);
        stub(INTERNAL_SYNC_ALL, 200, "{\"items\":[" + Fixtures.SYNC + "," + Fixtures.syncStatus(Fixtures.OTHER_CONNECTION_ID) + "]}");
    }

    @Test
    void everythingUp() {
        stub(CONNECTOR_READY, 200, Fixtures.READY);
        stub(AGGREGATOR_READY, 200, Fixtures.READY);
        stubConnector();

        asViewer().when().get(STATUS)
                .then().statusCode(200)
                .body("status", equalTo("ok"))
                .body("backends.name", equalTo(java.util.List.of("connector-service", "aggregator-service")))
                .body("backends.status", equalTo(java.util.List.of("up", "up")))
                .body("connections", hasSize(2))
                .body("connections[0].connectionId", equalTo(Fixtures.CONNECTION_ID))
                .body("connections[0].name", equalTo("acme-eu"))
                .body("connections[0].status", equalTo("active"))
                .body("connections[0].streams.deployments.state", equalTo("live"))
                .body("connections[0].streams.deployments.lagSeconds", equalTo(42.0f))
                .body("connections[0].streams.failures.lastError.message", equalTo("HTTP 429 from Datadog"))
                .body("connections[0].streams.failures.lastError.source", equalTo("datadog"))
                // sync of a connection the list did not have (created in between): kept, name unknown
                .body("connections[1].connectionId", equalTo(Fixtures.OTHER_CONNECTION_ID))
                .body("connections[1].name", nullValue());
        // readiness is asked on the management interfaces, which need no token: none is sent there
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(CONNECTOR_READY)).withoutHeader("Authorization"));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(AGGREGATOR_READY)).withoutHeader("Authorization"));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(INTERNAL_SYNC_ALL)));
    }

    @Test
    void aggregatorNotReadyIsDegradedButStill200() {
        stub(CONNECTOR_READY, 200, Fixtures.READY);
        stub(AGGREGATOR_READY, 503, "{\"status\":\"DOWN\",\"checks\":[]}");
        stubConnector();

        asViewer().when().get(STATUS)
                .then().statusCode(200)
                .body("status", equalTo("degraded"))
                .body("backends[1].name", equalTo("aggregator-service"))
                .body("backends[1].status", equalTo("down"))
                .body("backends[1].detail", equalTo("not ready (HTTP 503)"))
                .body("backends[0].status", equalTo("up"))
                .body("connections", hasSize(2));
    }

    @Test
    void connectorUnreachableHasNoConnections() {
        wireMock.stubFor(get(urlPathEqualTo(CONNECTOR_READY)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_CONNECTIONS)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        stub(AGGREGATOR_READY, 200, Fixtures.READY);

        asViewer().when().get(STATUS)
                .then().statusCode(200)
                .body("status", equalTo("degraded"))
                .body("backends[0].name", equalTo("connector-service"))
                .body("backends[0].status", equalTo("down"))
                .body("backends[0].detail", equalTo("unreachable"))
                .body("backends[1].status", equalTo("up"))
                .body("connections", nullValue());
    }

    @Test
    void statusNeedsAToken() {
        io.restassured.RestAssured.given().when().get(STATUS).then().statusCode(401);
        verifyNoBackendCall();
    }
}
