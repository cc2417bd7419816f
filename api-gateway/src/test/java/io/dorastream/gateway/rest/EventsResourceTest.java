package io.dorastream.gateway.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.havingExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.dorastream.gateway.testing.Fixtures;
import io.dorastream.gateway.testing.GatewayTestBase;
import io.dorastream.gateway.testing.WireMockBackends;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** {@code /api/v1/deployments} and {@code /api/v1/incidents}: pages forwarded from the aggregator. */
@QuarkusTest
@WithTestResource(value = WireMockBackends.class, scope = TestResourceScope.GLOBAL)
class EventsResourceTest extends GatewayTestBase {

    private static final String DEPLOYMENTS = "/api/v1/deployments";
    private static final String INCIDENTS = "/api/v1/incidents";

    private void stubEvents() {
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_DEPLOYMENTS)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.DEPLOYMENTS)));
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_INCIDENTS)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.INCIDENTS)));
    }

    private static RequestSpecification window() {
        return asViewer().queryParam("from", "2026-03-01").queryParam("to", "2026-04-01");
    }

    @Test
    void deploymentsAreForwardedWithTheDefaultLimit() {
        stubEvents();
        window().queryParam("service", "checkout").when().get(DEPLOYMENTS)
                .then().statusCode(200)
                .body(equalTo(Fixtures.DEPLOYMENTS))
                .body("items[0].changeFailure", equalTo("failed"))
                .body("items[0].verdict.linkedFailures[0]", equalTo("inc-7"))
                .body("nextCursor", equalTo("eyJ0IjoiMjAyNi0wMy0wMlQxNDoyNjoxNFoifQ"));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(INTERNAL_DEPLOYMENTS))
                .withHeader("Authorization", WireMock.equalTo(INTERNAL_AUTH))
                .withQueryParam("from", WireMock.equalTo("2026-03-01T00:00:00Z"))
                .withQueryParam("to", WireMock.equalTo("2026-04-01T00:00:00Z"))
                .withQueryParam("service", havingExactly("checkout"))
                .withQueryParam("limit", WireMock.equalTo("100"))
                .withQueryParam("cursor", absent())
                .withQueryParam("failed", absent())
                .withQueryParam("benchmark", absent()));
    }

    @Test
    void cursorLimitAndFailedArePassedOn() {
        stubEvents();
        window().queryParam("limit", "500").queryParam("cursor", "eyJ0IjoiMjAyNi0wMy0wMlQxNDoyNjoxNFoifQ")
                .queryParam("failed", "true")
                .when().get(DEPLOYMENTS).then().statusCode(200);
        window().queryParam("failed", "false").when().get(DEPLOYMENTS).then().statusCode(200);

        wireMock.verify(1, getRequestedFor(urlPathEqualTo(INTERNAL_DEPLOYMENTS))
                .withQueryParam("limit", WireMock.equalTo("500"))
                .withQueryParam("cursor", WireMock.equalTo("eyJ0IjoiMjAyNi0wMy0wMlQxNDoyNjoxNFoifQ"))
                .withQueryParam("failed", WireMock.equalTo("true")));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(INTERNAL_DEPLOYMENTS))
                .withQueryParam("limit", WireMock.equalTo("100"))
                .withQueryParam("failed", absent()));
    }

    @Test
    void incidentsAreForwarded() {
        stubEvents();
        window().queryParam("limit", "1").queryParam("cursor", "abc").when().get(INCIDENTS)
                .then().statusCode(200)
                .body("items[0].eventId", equalTo("inc-7"))
                .body("items[0].finishedAt", nullValue())
                .body("nextCursor", nullValue());
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(INTERNAL_INCIDENTS))
                .withQueryParam("limit", WireMock.equalTo("1"))
                .withQueryParam("cursor", WireMock.equalTo("abc")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "501", "-5", "many", "1e2"})
    void badLimitIs400NamingIt(String limit) {
        for (String path : new String[] {DEPLOYMENTS, INCIDENTS}) {
            window().queryParam("limit", limit).when().get(path)
                    .then().statusCode(400)
                    .contentType(PROBLEM_JSON)
                    .body("errors", aMapWithSize(1))
                    .body("errors.limit", equalTo("'" + limit + "' is not a whole number from 1 to 500"));
        }
        verifyNoBackendCall();
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "TRUE "})
    void badFailedFlagIs400(String failed) {
        window().queryParam("failed", failed).when().get(DEPLOYMENTS)
                .then().statusCode(400)
                .body("errors.failed", equalTo("'" + failed + "' is neither true nor false"));
        verifyNoBackendCall();
    }

    @Test
    void aBadWindowIs400() {
        asViewer().queryParam("from", "2020-01-01").queryParam("to", "2026-01-01").when().get(INCIDENTS)
                .then().statusCode(400)
                .body("errors.to", equalTo("at most 731 days after from"));
        asViewer().when().get(DEPLOYMENTS)
                .then().statusCode(400)
                .body("errors", aMapWithSize(2));
        verifyNoBackendCall();
    }

    @Test
    void anOverlongCursorIs400WithoutCallingTheAggregator() {
        window().queryParam("cursor", "x".repeat(2049)).when().get(DEPLOYMENTS)
                .then().statusCode(400)
                .body("errors.cursor", equalTo("not a cursor of this API (too long)"));
        verifyNoBackendCall();
    }

    @Test
    void aMalformedCursorIsTheAggregators400PassedThrough() {
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_DEPLOYMENTS)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", PROBLEM_JSON)
                .withBody("{\"type\":\"https://dorastream.io/problems/bad-request\",\"title\":\"Bad Request\",\"status\":400,"
                        + "\"detail\":\"malformed cursor\",\"errors\":{\"cursor\":\"not a cursor of this API\"}}")));
        window().queryParam("cursor", "%%%garbage").when().get(DEPLOYMENTS)
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.cursor", equalTo("not a cursor of this API"));
    }
}
