package io.dorastream.gateway.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.havingExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

import io.dorastream.gateway.testing.Fixtures;
import io.dorastream.gateway.testing.GatewayTestBase;
import io.dorastream.gateway.testing.WireMockBackends;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** {@code /api/v1/metrics/dora}: window validation, then forwarded to the aggregator with RFC 3339 instants. */
@QuarkusTest
@WithTestResource(value = WireMockBackends.class, scope = TestResourceScope.GLOBAL)
class MetricsResourceTest extends GatewayTestBase {

    private static final String SUMMARY = Fixtures.SUMMARY;

    @BeforeEach
    void stubAggregator() {
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_SUMMARY))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(SUMMARY)));
    }

    private static RequestPatternBuilder summaryRequested(String from, String to) {
        return getRequestedFor(urlPathEqualTo(INTERNAL_SUMMARY))
                .withQueryParam("from", WireMock.equalTo(from))
                .withQueryParam("to", WireMock.equalTo(to))
                .withHeader("Authorization", WireMock.equalTo(INTERNAL_AUTH));
    }

    @Test
    void datesAreForwardedAsMidnightUtcInstants() {
        asViewer().queryParam("from", "2026-03-01").queryParam("to", "2026-04-01")
                .when().get(METRICS)
                .then().statusCode(200)
                .contentType("application/json")
                .body(equalTo(SUMMARY));

        wireMock.verify(1, summaryRequested("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z")
                .withQueryParam("connection", absent())
                .withQueryParam("service", absent())
                .withQueryParam("env", absent())
                .withQueryParam("team", absent()));
    }

    @ParameterizedTest(name = "{0} .. {1}")
    @CsvSource({
            "2026-03-01T00:00:00Z,        2026-03-08T12:30:00Z,      2026-03-01T00:00:00Z, 2026-03-08T12:30:00Z",
            "2026-03-01T02:00:00+02:00,   2026-03-01T18:00:00-05:00, 2026-03-01T00:00:00Z, 2026-03-01T23:00:00Z",
            "2026-03-01T10:15:30.250Z,    2026-03-02,                2026-03-01T10:15:30.250Z, 2026-03-02T00:00:00Z",
            "2026-03-01,                  2026-03-01T00:00:01Z,      2026-03-01T00:00:00Z, 2026-03-01T00:00:01Z",
            "2026-03-01t00:00:00z,        2026-03-02,                2026-03-01T00:00:00Z, 2026-03-02T00:00:00Z"})
    void instantsAreForwardedInUtc(String from, String to, String forwardedFrom, String forwardedTo) {
        asViewer().queryParam("from", from).queryParam("to", to)
                .when().get(METRICS)
                .then().statusCode(200);

        wireMock.verify(1, summaryRequested(forwardedFrom, forwardedTo));
    }

    @Test
    void repeatableFiltersAreForwarded() {
        asViewer().queryParam("from", "2026-03-01").queryParam("to", "2026-04-01")
                .queryParam("connection", "6f1c2a4e-3b7d-4c1e-9a2f-0d8e5b7c9a11", "0b0e3b0e-8d4e-4f7a-9d55-3a1c2f1f2a10")
                .queryParam("service", "checkout")
                .queryParam("service", "payments api")
                .queryParam("env", "prod")
                .queryParam("team", "core", "platform&ops")
                .when().get(METRICS)
                .then().statusCode(200);

        wireMock.verify(1, summaryRequested("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z")
                .withQueryParam("connection", havingExactly(
                        "6f1c2a4e-3b7d-4c1e-9a2f-0d8e5b7c9a11", "0b0e3b0e-8d4e-4f7a-9d55-3a1c2f1f2a10"))
                .withQueryParam("service", havingExactly("checkout", "payments api"))
                .withQueryParam("env", havingExactly("prod"))
                .withQueryParam("team", havingExactly("core", "platform&ops")));
    }

    @Test
    void aggregatorProblemIsPassedThrough() {
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_SUMMARY))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", PROBLEM_JSON)
                        .withBody("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"errors\":{\"connection\":\"unknown\"}}")));

        asViewer().queryParam("from", "2026-03-01").queryParam("to", "2026-04-01").queryParam("connection", "x")
                .when().get(METRICS)
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.connection", equalTo("unknown"));
    }

    private static ValidatableResponse badWindow(String from, String to) {
        var spec = asViewer();
        if (from != null) {
            spec.queryParam("from", from);
        }
        if (to != null) {
            spec.queryParam("to", to);
        }
        return spec.when().get(METRICS)
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(400))
                .body("title", equalTo("Bad Request"))
                .body("type", equalTo("https://dorastream.io/problems/bad-request"));
    }

    @Test
    void missingFromIs400NamingFrom() {
        badWindow(null, "2026-04-01").body("errors", aMapWithSize(1)).body("errors.from", containsString("required"));
        verifyNoBackendCall();
    }

    @Test
    void missingToIs400NamingTo() {
        badWindow("2026-03-01", null).body("errors", aMapWithSize(1)).body("errors.to", containsString("required"));
        verifyNoBackendCall();
    }

    @Test
    void missingBothIs400NamingBoth() {
        badWindow(null, null).body("errors", aMapWithSize(2)).body("errors", hasKey("from")).body("errors", hasKey("to"));
        badWindow("", " ").body("errors", aMapWithSize(2));
        verifyNoBackendCall();
    }

    @ParameterizedTest
    @CsvSource({
            "yesterday,            2026-04-01,  from",
            "2026-03-01,           next-week,   to",
            "2026-02-30,           2026-04-01,  from",
            "2026-03-01,           2026-13-01,  to",
            "01.03.2026,           2026-04-01,  from",
            "2026-03-01T00:00:00,  2026-04-01,  from", // no offset: not an RFC 3339 instant
            "1772323200,           2026-04-01,  from"})
    void unparseableDateIs400NamingTheParameter(String from, String to, String offending) {
        badWindow(from, to)
                .body("errors", aMapWithSize(1))
                .body("errors." + offending, containsString("neither a date"));
        verifyNoBackendCall();
    }

    @Test
    void fromEqualToIs400() {
        badWindow("2026-03-01", "2026-03-01T00:00:00Z").body("errors.from", equalTo("must be before to"));
        verifyNoBackendCall();
    }

    @Test
    void fromAfterToIs400() {
        badWindow("2026-04-01", "2026-03-01").body("detail", equalTo("from must be before to"))
                .body("errors.from", equalTo("must be before to"));
        verifyNoBackendCall();
    }

    @Test
    void windowOfExactly731DaysIsAccepted() {
        // 2024 is a leap year: 366 + 365 = 731 days
        asViewer().queryParam("from", "2024-01-01").queryParam("to", "2026-01-01")
                .when().get(METRICS)
                .then().statusCode(200);
        wireMock.verify(1, summaryRequested("2024-01-01T00:00:00Z", "2026-01-01T00:00:00Z"));
    }

    @Test
    void windowOver731DaysIs400NamingTo() {
        badWindow("2024-01-01", "2026-01-02").body("detail", equalTo("the window is longer than 731 days"))
                .body("errors.to", equalTo("at most 731 days after from"));
        badWindow("2024-01-01T00:00:00Z", "2026-01-01T00:00:01Z").body("errors.to", equalTo("at most 731 days after from"));
        verifyNoBackendCall();
    }
}
