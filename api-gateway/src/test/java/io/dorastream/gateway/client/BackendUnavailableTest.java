package io.dorastream.gateway.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.github.tomakehurst.wiremock.http.Fault;

import io.dorastream.gateway.rest.Problem;
import io.dorastream.gateway.testing.GatewayTestBase;
import io.dorastream.gateway.testing.WireMockBackends;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** A backend that cannot be reached becomes a 503 problem naming it. */
@QuarkusTest
@WithTestResource(value = WireMockBackends.class, scope = TestResourceScope.GLOBAL)
class BackendUnavailableTest extends GatewayTestBase {

    private static void assertUnavailable(ValidatableResponse r, String backend) {
        r.statusCode(503)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(503))
                .body("title", equalTo("Service Unavailable"))
                .body("type", equalTo("https://dorastream.io/problems/service-unavailable"))
                .body("detail", equalTo(backend + " is unavailable"));
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE"})
    void aggregatorDownIs503NamingIt(Fault fault) {
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_SUMMARY)).willReturn(aResponse().withFault(fault)));

        assertUnavailable(asViewer().queryParam("from", "2026-03-01").queryParam("to", "2026-04-01")
                .when().get(METRICS).then(), "aggregator-service");
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE"})
    void connectorDownIs503NamingIt(Fault fault) {
        wireMock.stubFor(get(urlPathMatching(INTERNAL_CONNECTIONS + ".*")).willReturn(aResponse().withFault(fault)));
        wireMock.stubFor(post(urlPathEqualTo(INTERNAL_CONNECTIONS)).willReturn(aResponse().withFault(fault)));

        String id = "6f1c2a4e-3b7d-4c1e-9a2f-0d8e5b7c9a11";
        assertUnavailable(asViewer().when().get(CONNECTIONS).then(), "connector-service");
        assertUnavailable(asViewer().when().get(CONNECTIONS + "/" + id).then(), "connector-service");
        assertUnavailable(asViewer().when().get(CONNECTIONS + "/" + id + "/sync").then(), "connector-service");
        assertUnavailable(asAdmin().contentType("application/json").body("{\"name\":\"acme\"}")
                .when().post(CONNECTIONS).then(), "connector-service");
    }

    /** Nothing listens on the port: the real clients' connection failure is turned into the 503. */
    @Test
    void refusedConnectionIs503NamingTheBackend() throws IOException {
        URI closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        ConnectorClient connector = QuarkusRestClientBuilder.newBuilder().baseUri(closed).build(ConnectorClient.class);
        AggregatorClient aggregator = QuarkusRestClientBuilder.newBuilder().baseUri(closed).build(AggregatorClient.class);
        // MicroProfile Rest Client proxies are Closeable
        try (Closeable c = (Closeable) connector; Closeable a = (Closeable) aggregator) {
            assertProblem(Backends.forward("connector-service", connector::list), "connector-service");
            assertProblem(Backends.forward("aggregator-service",
                    () -> aggregator.summary("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", List.of(), List.of(), List.of(), List.of())),
                    "aggregator-service");
        }
    }

    private static void assertProblem(Response r, String backend) {
        assertEquals(503, r.getStatus());
        assertEquals(PROBLEM_JSON, r.getMediaType().toString());
        Problem p = (Problem) r.getEntity();
        assertThat(p.detail(), is(backend + " is unavailable"));
        assertThat(p.status(), is(503));
    }
}
