package io.dorastream.gateway.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.dorastream.gateway.testing.Fixtures;
import io.dorastream.gateway.testing.GatewayTestBase;
import io.dorastream.gateway.testing.WireMockBackends;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A gateway request is a server span; its backend call a client span of the same trace, propagated to the backend. */
@QuarkusTest
@WithTestResource(value = WireMockBackends.class, scope = TestResourceScope.GLOBAL)
class TracingTest extends GatewayTestBase {

    @Inject
    InMemorySpanExporter spans;

    @Test
    void theBackendCallIsAChildOfTheRequest() {
        wireMock.stubFor(WireMock.get(WireMock.urlPathEqualTo(INTERNAL_CONNECTIONS))
                .willReturn(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.CONNECTIONS)));
        asViewer().when().get(CONNECTIONS).then().statusCode(200);

        List<LoggedRequest> calls = wireMock.findAll(WireMock.getRequestedFor(WireMock.urlPathEqualTo(INTERNAL_CONNECTIONS)));
        assertEquals(1, calls.size());
        String traceparent = calls.get(0).getHeader("traceparent");
        assertTrue(traceparent != null && traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), "traceparent " + traceparent);
        String traceId = traceparent.substring(3, 35);
        String clientSpanId = traceparent.substring(36, 52);

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> trace = spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
            SpanData server = trace.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst()
                    .orElseThrow(() -> new AssertionError("no server span: " + trace));
            assertTrue(server.getName().contains("/api/v1/connections"), server.getName());
            SpanData client = trace.stream().filter(s -> s.getSpanId().equals(clientSpanId)).findFirst()
                    .orElseThrow(() -> new AssertionError("no client span " + clientSpanId + ": " + trace));
            assertEquals(SpanKind.CLIENT, client.getKind());
            assertEquals(server.getSpanId(), client.getParentSpanId(), "the backend call is a child of the request");
            // the bearer token never appears in a span
            trace.forEach(s -> assertTrue(!s.getAttributes().toString().contains(VIEWER_TOKEN), s.toString()));
        });
    }
}
