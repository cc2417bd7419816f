package io.dorastream.gateway.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.dorastream.gateway.testing.Fixtures;
import io.dorastream.gateway.testing.GatewayTestBase;
import io.dorastream.gateway.testing.WireMockBackends;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Re-reading a range, keys never returned, bodies never logged, the access log names the token. */
@QuarkusTest
@WithTestResource(value = WireMockBackends.class, scope = TestResourceScope.GLOBAL)
class ConnectionsContractTest extends GatewayTestBase {

    private static final String ID = Fixtures.CONNECTION_ID;
    private static final String RESYNC = CONNECTIONS + "/" + ID + "/sync";
    private static final String INTERNAL_RESYNC = INTERNAL_CONNECTIONS + "/" + ID + "/sync";

    private void stubResync() {
        wireMock.stubFor(post(urlPathEqualTo(INTERNAL_RESYNC)).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"connectionId\":\"" + ID + "\",\"from\":\"2026-03-01T00:00:00Z\",\"to\":\"2026-03-08T00:00:00Z\"}")));
    }

    @Test
    void resyncOfARangeIsForwardedAsInstants() {
        stubResync();
        asAdmin().contentType("application/json").body("{\"from\":\"2026-03-01\",\"to\":\"2026-03-08T02:00:00+02:00\"}")
                .when().post(RESYNC)
                .then().statusCode(202)
                .body("connectionId", equalTo(ID))
                .body("from", equalTo("2026-03-01T00:00:00Z"));
        wireMock.verify(1, postRequestedFor(urlPathEqualTo(INTERNAL_RESYNC))
                .withHeader("Authorization", WireMock.equalTo(INTERNAL_AUTH))
                .withRequestBody(equalToJson("{\"from\":\"2026-03-01T00:00:00Z\",\"to\":\"2026-03-08T00:00:00Z\"}")));
    }

    @Test
    void resyncWithoutABodyIsTheWholeBackfillRange() {
        stubResync();
        asAdmin().when().post(RESYNC).then().statusCode(202);
        asAdmin().contentType("application/json").body("{}").when().post(RESYNC).then().statusCode(202);
        asAdmin().contentType("application/json").body("{\"to\":\"2026-03-08\"}").when().post(RESYNC).then().statusCode(202);
        wireMock.verify(2, postRequestedFor(urlPathEqualTo(INTERNAL_RESYNC)).withRequestBody(equalToJson("{}")));
        wireMock.verify(1, postRequestedFor(urlPathEqualTo(INTERNAL_RESYNC))
                .withRequestBody(equalToJson("{\"to\":\"2026-03-08T00:00:00Z\"}")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"from\":\"last week\"}|from",
            "{\"to\":\"2026-02-30\"}|to",
            "{\"from\":\"2026-03-08\",\"to\":\"2026-03-01\"}|from",
            "{\"from\":20260301}|from"})
    void badRangeIs400NamingTheField(String body, String field) {
        asAdmin().contentType("application/json").body(body).when().post(RESYNC)
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors", aMapWithSize(1))
                .body("errors", hasKey(field));
        verifyNoBackendCall();
    }

    @Test
    void resyncNeedsAnAdminAndARealId() {
        asViewer().when().post(RESYNC).then().statusCode(403);
        asAdmin().when().post(CONNECTIONS + "/nope/sync").then().statusCode(404).body("errors.id", equalTo("not a connection id"));
        asAdmin().contentType("application/json").body("[1]").when().post(RESYNC).then().statusCode(400);
        asAdmin().contentType("application/json").body("{\"from\":").when().post(RESYNC).then().statusCode(400)
                .body("detail", equalTo("the body is not valid JSON"));
        verifyNoBackendCall();
    }

    @Test
    void unknownConnectionOnResyncIsTheConnectors404() {
        wireMock.stubFor(post(urlPathEqualTo(INTERNAL_RESYNC)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", PROBLEM_JSON)
                .withBody("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"no connection " + ID + "\"}")));
        asAdmin().when().post(RESYNC).then().statusCode(404).contentType(PROBLEM_JSON);
    }

    private static final String NEW = "{\"name\":\"acme\",\"site\":\"datadoghq.eu\",\"apiKey\":\"k1\",\"appKey\":\"a1\"}";

    @Test
    void theIdempotencyKeyAndTheCallerArePassedOnAndAReplayedAnswerSaysSo() {
        String warned = Fixtures.CONNECTION_CREATED.substring(0, Fixtures.CONNECTION_CREATED.length() - 1)
                + ",\"warnings\":[{\"code\":\"events-seen-under-another-connection\",\"connectionId\":\""
                + Fixtures.OTHER_CONNECTION_ID + "\",\"name\":\"acme-old\",\"message\":\"counted twice\"}]}";
        wireMock.stubFor(post(urlPathEqualTo(INTERNAL_CONNECTIONS)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withHeader("Idempotent-Replayed", "true").withBody(warned)));
        asAdmin().header("Idempotency-Key", "create-acme-1").contentType("application/json").body(NEW)
                .when().post(CONNECTIONS)
                .then().statusCode(201)
                .header("Idempotent-Replayed", equalTo("true"))
                .body("warnings[0].connectionId", equalTo(Fixtures.OTHER_CONNECTION_ID));
        wireMock.verify(1, postRequestedFor(urlPathEqualTo(INTERNAL_CONNECTIONS))
                .withHeader("Idempotency-Key", WireMock.equalTo("create-acme-1"))
                .withHeader("X-DoraStream-Caller", WireMock.equalTo("test-admin")));

        // without a key none is sent
        asAdmin().contentType("application/json").body(NEW).when().post(CONNECTIONS).then().statusCode(201);
        wireMock.verify(1, postRequestedFor(urlPathEqualTo(INTERNAL_CONNECTIONS)).withHeader("Idempotency-Key", absent()));
    }

    @Test
    void aMalformedIdempotencyKeyIsRefusedBeforeTheConnectorIsAsked() {
        asAdmin().header("Idempotency-Key", "k".repeat(256)).contentType("application/json").body(NEW)
                .when().post(CONNECTIONS)
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors", hasKey("Idempotency-Key"));
        verifyNoBackendCall();
    }

    @Test
    void aDuplicateIs409NamingTheExistingConnectionAndALateValidation504() {
        wireMock.stubFor(post(urlPathEqualTo(INTERNAL_CONNECTIONS)).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", PROBLEM_JSON)
                .withBody("{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,\"detail\":\"connection 'acme-eu' ("
                        + ID + ") already reads this site with this API key and query\",\"connection\":{\"id\":\"" + ID
                        + "\",\"name\":\"acme-eu\"}}")));
        asAdmin().contentType("application/json").body(NEW).when().post(CONNECTIONS)
                .then().statusCode(409).contentType(PROBLEM_JSON)
                .body("connection.id", equalTo(ID))
                .body("connection.name", equalTo("acme-eu"));

        wireMock.stubFor(post(urlPathEqualTo(INTERNAL_CONNECTIONS)).willReturn(aResponse().withStatus(504)
                .withHeader("Content-Type", PROBLEM_JSON).withHeader("Retry-After", "25")
                .withBody("{\"type\":\"about:blank\",\"title\":\"Gateway Timeout\",\"status\":504,\"detail\":"
                        + "\"datadog-timeout: Datadog did not answer the validation within 25 s; nothing was created\"}")));
        asAdmin().contentType("application/json").body(NEW).when().post(CONNECTIONS)
                .then().statusCode(504).contentType(PROBLEM_JSON)
                .header("Retry-After", equalTo("25"))
                .body("detail", org.hamcrest.Matchers.containsString("nothing was created"));
    }

    @Test
    void keysEchoedByTheConnectorAreNeverReturned() {
        String leaky = Fixtures.CONNECTION.replace("\"name\":\"acme-eu\"", "\"name\":\"acme-eu\",\"apiKey\":\"k-secret\",\"appKey\":\"a-secret\"");
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_CONNECTIONS + "/" + ID)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(leaky)));
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_CONNECTIONS)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"items\":[" + leaky + "]}")));

        String one = asViewer().when().get(CONNECTIONS + "/" + ID).then().statusCode(200)
                .body("$", not(hasKey("apiKey"))).body("$", not(hasKey("appKey")))
                .body("apiKeyHint", equalTo("…a1b2"))
                .extract().asString();
        String all = asViewer().when().get(CONNECTIONS).then().statusCode(200)
                .body("items[0]", not(hasKey("apiKey")))
                .body("items[0].name", equalTo("acme-eu"))
                .extract().asString();
        assertFalse(one.contains("secret") || all.contains("secret"), one + all);
    }

    @Test
    void bodiesAndTokensAreNeverLoggedButTheTokenNameIs() {
        List<String> lines = new CopyOnWriteArrayList<>();
        SimpleFormatter format = new SimpleFormatter();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(r.getLoggerName() + " " + format.formatMessage(r));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            wireMock.stubFor(post(urlPathEqualTo(INTERNAL_CONNECTIONS)).willReturn(aResponse().withStatus(422)
                    .withHeader("Content-Type", PROBLEM_JSON)
                    .withBody("{\"type\":\"about:blank\",\"title\":\"Invalid keys\",\"status\":422,\"detail\":\"Datadog refused the keys\"}")));
            asAdmin().contentType("application/json")
                    .body("{\"name\":\"acme\",\"site\":\"datadoghq.eu\",\"apiKey\":\"k-very-secret-1\",\"appKey\":\"a-very-secret-2\"}")
                    .when().post(CONNECTIONS).then().statusCode(422);
            asViewer().contentType("application/json").body("{\"apiKey\":\"k-very-secret-3\"}")
                    .when().patch(CONNECTIONS + "/" + ID).then().statusCode(403);
        } finally {
            root.removeHandler(capture);
        }
        String all = String.join("\n", lines);
        assertFalse(all.contains("very-secret"), all);
        assertFalse(all.contains(ADMIN_TOKEN) || all.contains(VIEWER_TOKEN), all);
        assertTrue(all.contains("token=test-admin POST /api/v1/connections 422"), all);
        assertTrue(all.contains("token=test-viewer PATCH /api/v1/connections/" + ID + " 403"), all);
        wireMock.verify(1, postRequestedFor(urlPathEqualTo(INTERNAL_CONNECTIONS)).withHeader("Cookie", absent()));
    }
}
