package io.dorastream.aggregator.telemetry;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.dorastream.aggregator.messaging.BatchSpans;
import io.dorastream.devstack.testing.RecentSpans;
import io.dorastream.events.Stream;
import io.dorastream.events.Topics;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What operators see of the aggregator: the span of each applied batch links the traces of its
 * records (their {@code traceparent}); Prometheus metrics of each kind on the management interface.
 */
@QuarkusTest
class TelemetryTest extends AggregatorTestBase {

    @Inject
    RecentSpans spans;

    @TestHTTPResource(value = "/", management = true)
    URI management;

    @Test
    void theBatchSpanLinksTheTraceOfEachRecord() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String spanId = "00f067aa0ba902b7";
        UUID connection = UUID.randomUUID();
        Headers headers = headers(Stream.DEPLOYMENTS, connection, "d1", 1, false);
        headers.add("traceparent", ("00-" + traceId + "-" + spanId + "-01").getBytes(StandardCharsets.UTF_8));
        send(Topics.DEPLOYMENTS, connection + ":d1",
                json(envelope(connection, "d1", 1, deployment("checkout", "production", "backend", Instant.now()))), headers);
        // a record without trace context is applied all the same
        sendDeployment(connection, "d2", 1, deployment("checkout", "production", "backend", Instant.now()));

        await().atMost(WAIT).untilAsserted(() -> {
            List<SpanData> linked = spans.spans().stream()
                    .filter(s -> s.getLinks().stream().anyMatch(l -> l.getSpanContext().getTraceId().equals(traceId)))
                    .toList();
            assertEquals(1, linked.size(), "one batch span links the record's trace");
            SpanData batch = linked.get(0);
            assertEquals("apply dora.deployments", batch.getName());
            assertTrue(!batch.getParentSpanContext().isValid(), "a batch span has no parent");
            LinkData link = batch.getLinks().stream().filter(l -> l.getSpanContext().getTraceId().equals(traceId))
                    .findFirst().orElseThrow();
            assertEquals(spanId, link.getSpanContext().getSpanId());
            assertTrue(link.getSpanContext().isRemote());
        });
        await().atMost(WAIT).until(() -> rowCount("deployment", connection) == 2);
    }

    @Test
    void theTraceOfARecordIsReadWithTheW3cPropagator() {
        Headers none = headers(Stream.DEPLOYMENTS, UUID.randomUUID(), "x", 1, false);
        assertTrue(!BatchSpans.traceOf(none).isValid());
        Headers malformed = headers(Stream.DEPLOYMENTS, UUID.randomUUID(), "x", 1, false);
        malformed.add("traceparent", "00-not-a-trace".getBytes(StandardCharsets.UTF_8));
        assertTrue(!BatchSpans.traceOf(malformed).isValid());
        Headers good = headers(Stream.DEPLOYMENTS, UUID.randomUUID(), "x", 1, false);
        good.add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes(StandardCharsets.UTF_8));
        SpanContext c = BatchSpans.traceOf(good);
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", c.getTraceId());
        assertTrue(c.isSampled());
    }

    @Test
    void metricsOfEachKindOnTheManagementInterface() {
        awaitDeploymentsConsumed();
        given().when().get("/q/openapi").then().statusCode(200);
        given().when().get(management.resolve("/q/metrics")).then().statusCode(200)
                // HTTP server
                .body(containsString("http_server_requests_seconds_count{"))
                // each consumer's lag (records-lag-max; per partition as records_lag once it fetched)
                .body(containsString("kafka_consumer_fetch_manager_records_lag_max{client_id=\"kafka-consumer-deployments\""))
                // the connection pool
                .body(containsString("agroal_active_count{datasource=\"default\"}"))
                // the aggregator's own
                .body(containsString("dorastream_metrics_outbox_depth"));
        given().when().get("/q/metrics").then().statusCode(404);
    }
}
