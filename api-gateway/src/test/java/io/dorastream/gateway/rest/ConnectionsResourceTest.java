package io.dorastream.gateway.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

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

/** {@code /api/v1/connections}: forwarded to the connector's internal API as it answers, problems included. */
@QuarkusTest
@WithTestResource(value = WireMockBackends.class, scope = TestResourceScope.GLOBAL)
class ConnectionsResourceTest extends GatewayTestBase {

    private static final String ID = Fixtures.CONNECTION_ID;
    private static final String REQUEST = """
            {"name":"acme-eu","site":"datadoghq.eu","apiKey":"k-123","appKey":"a-456","filters":{"env":["prod"]}}""";
    private static final String CREATED = Fixtures.CONNECTION_CREATED;

    @Test
    void createPassesThe201BodyThrough() {
        wireMock.stubFor(post(urlPathEqualTo(INTERNAL_CONNECTIONS))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(CREATED)));

        asAdmin().contentType("application/json").body(REQUEST)
                .when().post(CONNECTIONS)
                .then().statusCode(201)
                .contentType("application/json")
                .body("id", equalTo(ID))
                .body("status", equalTo("active"))
                .body("checks.find { it.name == 'deployments' }.eventSource", equalTo("apm_deployments"))
                .body("checks.find { it.name == 'failures' }.hasEvents", equalTo(false));

        wireMock.verify(1, postRequestedFor(urlPathEqualTo(INTERNAL_CONNECTIONS))
                .withHeader("Content-Type", WireMock.containing("application/json"))
                .withHeader("Authorization", WireMock.equalTo(INTERNAL_AUTH))
                .withRequestBody(equalToJson(REQUEST)));
    }

    @Test
    void nonAsciiBodyIsForwardedIntact() {
        String request = "{\"name\":\"Zürich – prod ✓\",\"team\":\"日本\"}";
        String created = Fixtures.CONNECTION.replace("acme-eu", "Zürich – prod ✓");
        wireMock.stubFor(post(urlPathEqualTo(INTERNAL_CONNECTIONS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json; charset=UTF-8").withBody(created)));

        asAdmin().contentType("application/json; charset=UTF-8").body(request)
                .when().post(CONNECTIONS)
                .then().statusCode(201)
                .body("name", equalTo("Zürich – prod ✓"));
        wireMock.verify(1, postRequestedFor(urlPathEqualTo(INTERNAL_CONNECTIONS)).withRequestBody(equalToJson(request)));
    }

    @Test
    void connectorValidationProblem422IsPassedThrough() {
        String problem = """
                {"type":"https://dorastream.io/problems/invalid-keys","title":"Invalid keys","status":422,\
                "detail":"Datadog rejected the API key","errors":{"apiKey":"rejected by Datadog"}}""";
        wireMock.stubFor(post(urlPathEqualTo(INTERNAL_CONNECTIONS))
                .willReturn(aResponse().withStatus(422).withHeader("Content-Type", PROBLEM_JSON).withBody(problem)));

        String body = asAdmin().contentType("application/json").body(REQUEST)
                .when().post(CONNECTIONS)
                .then().statusCode(422)
                .contentType(PROBLEM_JSON)
                .body("title", equalTo("Invalid keys"))
                .body("errors.apiKey", equalTo("rejected by Datadog"))
                .extract().asString();
        assertEquals(problem, body, "the problem is forwarded byte for byte");
    }

    @Test
    void aRefusedConnectionsChecklistIsPassedThrough() {
        wireMock.stubFor(post(urlPathEqualTo(INTERNAL_CONNECTIONS)).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", PROBLEM_JSON).withBody(Fixtures.REFUSED_APP_KEY)));

        asAdmin().contentType("application/json").body(REQUEST)
                .when().post(CONNECTIONS)
                .then().statusCode(422)
                .contentType(PROBLEM_JSON)
                .body("checks.name", org.hamcrest.Matchers.contains("apiKey", "appKey"))
                .body("checks[1].hint", org.hamcrest.Matchers.containsString("refuses the application key"));
    }

    @Test
    void connectorBadRequestProblem400IsPassedThrough() {
        String problem = """
                {"type":"https://dorastream.io/problems/bad-request","title":"Bad Request","status":400,\
                "detail":"invalid connection","errors":{"site":"unknown Datadog site"}}""";
        wireMock.stubFor(post(urlPathEqualTo(INTERNAL_CONNECTIONS))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", PROBLEM_JSON).withBody(problem)));

        asAdmin().contentType("application/json").body("{\"site\":\"nowhere\"}")
                .when().post(CONNECTIONS)
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.site", equalTo("unknown Datadog site"));
        wireMock.verify(1, postRequestedFor(urlPathEqualTo(INTERNAL_CONNECTIONS))
                .withRequestBody(equalToJson("{\"site\":\"nowhere\"}")));
    }

    @Test
    void connectorServerErrorIsPassedThroughNotTurnedInto503() {
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_CONNECTIONS))
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", PROBLEM_JSON)
                        .withBody("{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500}")));

        asViewer().when().get(CONNECTIONS)
                .then().statusCode(500)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(500));
    }

    @Test
    void datadogRateLimitWhileValidatingKeepsItsRetryAfter() {
        wireMock.stubFor(post(urlPathEqualTo(INTERNAL_CONNECTIONS))
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", PROBLEM_JSON).withHeader("Retry-After", "37")
                        .withBody("{\"type\":\"https://dorastream.io/problems/datadog-unavailable\",\"title\":\"Datadog Unavailable\",\"status\":503,"
                                + "\"detail\":\"Datadog's rate limit for these keys is used up for about 37 more seconds\"}")));

        asAdmin().contentType("application/json").body("{\"name\":\"acme\"}")
                .when().post(CONNECTIONS)
                .then().statusCode(503)
                .contentType(PROBLEM_JSON)
                .header("Retry-After", "37")
                .body("detail", containsString("rate limit"));
    }

    @Test
    void patchAndDeleteAreForwardedForAdminsOnly() {
        wireMock.stubFor(WireMock.patch(urlPathEqualTo(INTERNAL_CONNECTIONS + "/" + ID))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(CREATED)));
        wireMock.stubFor(WireMock.delete(urlPathEqualTo(INTERNAL_CONNECTIONS + "/" + ID)).willReturn(aResponse().withStatus(204)));

        asAdmin().contentType("application/json").body("{\"paused\":true}")
                .when().patch(CONNECTIONS + "/" + ID).then().statusCode(200).body("id", equalTo(ID));
        asAdmin().when().delete(CONNECTIONS + "/" + ID + "?purge=true").then().statusCode(204);
        asViewer().contentType("application/json").body("{\"paused\":true}")
                .when().patch(CONNECTIONS + "/" + ID).then().statusCode(403);
        asViewer().when().delete(CONNECTIONS + "/" + ID).then().statusCode(403);
        asAdmin().contentType("application/json").body("[]").when().patch(CONNECTIONS + "/" + ID).then().statusCode(400);

        wireMock.verify(1, WireMock.patchRequestedFor(urlPathEqualTo(INTERNAL_CONNECTIONS + "/" + ID))
                .withHeader("Authorization", WireMock.equalTo(INTERNAL_AUTH))
                .withRequestBody(equalToJson("{\"paused\":true}")));
        wireMock.verify(1, WireMock.deleteRequestedFor(urlPathEqualTo(INTERNAL_CONNECTIONS + "/" + ID))
                .withQueryParam("purge", WireMock.equalTo("true")));
    }

    @Test
    void listIsForwarded() {
        String list = Fixtures.CONNECTIONS;
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_CONNECTIONS))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(list)));

        asViewer().when().get(CONNECTIONS)
                .then().statusCode(200)
                .contentType("application/json")
                .body(equalTo(list));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(INTERNAL_CONNECTIONS))
                .withHeader("Authorization", WireMock.equalTo(INTERNAL_AUTH)));
    }

    @Test
    void oneIsForwarded() {
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_CONNECTIONS + "/" + ID))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(CREATED)));

        asViewer().when().get(CONNECTIONS + "/" + ID)
                .then().statusCode(200)
                .body("id", equalTo(ID))
                .body("name", equalTo("acme-eu"));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(INTERNAL_CONNECTIONS + "/" + ID))
                .withHeader("Authorization", WireMock.equalTo(INTERNAL_AUTH)));
    }

    @Test
    void unknownConnectionIsTheConnectors404() {
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_CONNECTIONS + "/" + ID))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", PROBLEM_JSON)
                        .withBody("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"from the connector\"}")));

        asViewer().when().get(CONNECTIONS + "/" + ID)
                .then().statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("detail", equalTo("from the connector"));
    }

    @Test
    void syncIsForwarded() {
        String sync = Fixtures.SYNC;
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_CONNECTIONS + "/" + ID + "/sync"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(sync)));

        asViewer().when().get(CONNECTIONS + "/" + ID + "/sync")
                .then().statusCode(200)
                .body("streams.deployments.state", equalTo("live"))
                .body("connectionId", equalTo(ID));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(INTERNAL_CONNECTIONS + "/" + ID + "/sync"))
                .withHeader("Authorization", WireMock.equalTo(INTERNAL_AUTH)));
    }

    @Test
    void noContentIsPassedThrough() {
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_CONNECTIONS + "/" + ID + "/sync"))
                .willReturn(aResponse().withStatus(204)));

        asViewer().when().get(CONNECTIONS + "/" + ID + "/sync")
                .then().statusCode(204)
                .body(emptyString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "42", "6f1c2a4e3b7d4c1e9a2f0d8e5b7c9a11", "..%2Fsecrets"})
    void nonUuidIdIs404WithoutCallingTheConnector(String id) {
        asViewer().urlEncodingEnabled(false).when().get(CONNECTIONS + "/" + id)
                .then().statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"))
                .body("detail", startsWith("no connection "))
                .body("errors.id", equalTo("not a connection id"));
        asViewer().urlEncodingEnabled(false).when().get(CONNECTIONS + "/" + id + "/sync")
                .then().statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("errors.id", equalTo("not a connection id"));
        verifyNoBackendCall();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"name\":\"acme\"}]", "42", "\"acme\"", "true", "null", ""})
    void nonObjectBodyIs400Problem(String body) {
        asAdmin().contentType("application/json").body(body)
                .when().post(CONNECTIONS)
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(400))
                .body("title", equalTo("Bad Request"))
                .body("detail", equalTo("the body must be a JSON object"));
        verifyNoBackendCall();
    }

    @Test
    void malformedJsonIs400WithoutCallingTheConnector() {
        asAdmin().contentType("application/json").body("{\"name\":")
                .when().post(CONNECTIONS)
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("detail", startsWith("the body is not valid JSON (line 1, column"));
        asAdmin().contentType("application/json").body("{\"apiKey\":\"s3cret\\uZZZZ\"}")
                .when().post(CONNECTIONS)
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body(not(containsString("s3cret")));
        verifyNoBackendCall();
    }

    @ParameterizedTest
    @ValueSource(strings = { "yes", "1", "TRUE", "no", "true,false" })
    void purgeIsTrueOrFalseAndNothingElse(String purge) {
        asAdmin().when().delete(CONNECTIONS + "/" + ID + "?purge=" + purge)
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.purge", containsString("neither true nor false"));
        verifyNoBackendCall();
    }

    @Test
    void aBackendErrorThatIsNoProblemIsWrappedInOneWithItsStatus() {
        wireMock.stubFor(WireMock.patch(urlPathEqualTo(INTERNAL_CONNECTIONS + "/" + ID))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"objectName\":\"x\",\"attributeName\":\"paused\",\"value\":\"maybe\"}")));
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_CONNECTIONS + "/" + ID)).willReturn(aResponse().withStatus(405)));

        asAdmin().contentType("application/json").body("{\"paused\":\"maybe\"}")
                .when().patch(CONNECTIONS + "/" + ID)
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(400))
                .body("detail", equalTo("connector-service refused the request (HTTP 400)"))
                .body(not(containsString("maybe")));
        asViewer().when().get(CONNECTIONS + "/" + ID)
                .then().statusCode(405)
                .contentType(PROBLEM_JSON)
                .body("title", equalTo("Method Not Allowed"));
    }

    @Test
    void bodyOver64KiBIs413() {
        asAdmin().contentType("application/json").body(objectOfSize(64 * 1024 + 1))
                .when().post(CONNECTIONS)
                .then().statusCode(413);
        verifyNoBackendCall();
    }

    @Test
    void chunkedBodyOver64KiBIs413Problem() throws Exception {
        byte[] body = objectOfSize(70 * 1024).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + CONNECTIONS))
                .header("Authorization", "Bearer test-admin-token").header("Content-Type", "application/json")
                // An input stream has no known length: the body goes chunked, without Content-Length.
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(413, r.statusCode());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.body().contains("\"status\":413"), r.body());
        verifyNoBackendCall();
    }

    @Test
    void chunkedBodyUnderTheLimitIsForwarded() throws Exception {
        wireMock.stubFor(post(urlPathEqualTo(INTERNAL_CONNECTIONS))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(CREATED)));
        byte[] body = "{\"name\":\"chunked\",\"site\":\"datadoghq.com\",\"apiKey\":\"k\",\"appKey\":\"a\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + CONNECTIONS))
                .header("Authorization", "Bearer test-admin-token").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        wireMock.verify(postRequestedFor(urlPathEqualTo(INTERNAL_CONNECTIONS)).withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"chunked\"")));
    }

    @Test
    void bodyOfExactly64KiBIsForwarded() {
        wireMock.stubFor(post(urlPathEqualTo(INTERNAL_CONNECTIONS))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(CREATED)));

        asAdmin().contentType("application/json").body(objectOfSize(64 * 1024))
                .when().post(CONNECTIONS)
                .then().statusCode(201);
        wireMock.verify(1, postRequestedFor(urlPathEqualTo(INTERNAL_CONNECTIONS)));
    }

    /** A JSON object of exactly {@code bytes} bytes (ASCII). */
    private static String objectOfSize(int bytes) {
        String prefix = "{\"name\":\"";
        String suffix = "\"}";
        return prefix + "a".repeat(bytes - prefix.length() - suffix.length()) + suffix;
    }
}
