package io.dorastream.connector.sync;

import static io.dorastream.connector.sync.SimulatorApi.deployment;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.dorastream.connector.TestConnections;
import io.dorastream.connector.TopicReader;
import io.dorastream.devstack.simulator.Dataset;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.devstack.testing.RecentSpans;
import io.dorastream.devstack.testing.SimulatorTestResource;
import io.dorastream.connector.ConnectorTestResources;
import io.dorastream.events.Topics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * What operators see of the connector: a poll is a span (the Datadog calls its children) and every
 * record it publishes carries its trace in a W3C {@code traceparent} header; Prometheus metrics of
 * each kind on the management interface.
 */
@QuarkusTest
@ConnectorTestResources
class TelemetryTest {

    private static final AttributeKey<String> CONNECTION = AttributeKey.stringKey("dorastream.connection.id");
    private static final AttributeKey<String> STREAM = AttributeKey.stringKey("dorastream.stream");

    @Inject
    RecentSpans spans;

    @TestHTTPResource(value = "/", management = true)
    URI management;

    @AfterEach
    void deleteConnections() {
        TestConnections.deleteAll();
    }

    @Test
    void recordsCarryTheTraceOfThePollThatPublishedThem() {
        String p = "trace-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Instant now = Instant.now();
        SimulatorTestResource.simulator().load(new Dataset(List.of(
                deployment(p + "a", "production", now.minus(Duration.ofHours(3)), false),
                deployment(p + "b", "production", now.minus(Duration.ofHours(2)), false)), List.of()));
        String id = given().header("Authorization", "Bearer test-internal-token").contentType(ContentType.JSON)
                .body(Map.of("name", "traced", "site", "datadoghq.com", "apiKey", SimulatorConfig.DEFAULT_API_KEY,
                        "appKey", SimulatorConfig.DEFAULT_APP_KEY, "backfillDays", 1))
                .when().post("/internal/connections").then().statusCode(201).extract().path("id");

        List<ConsumerRecord<String, byte[]>> records;
        try (TopicReader reader = new TopicReader(Topics.DEPLOYMENTS)) {
            records = reader.readUntil(r -> r.key().startsWith(id + ":"), rs -> rs.size() >= 2, Duration.ofSeconds(60));
        }
        Set<String> traces = records.stream().map(r -> {
            Header h = r.headers().lastHeader("traceparent");
            assertNotNull(h, "traceparent on " + r.key());
            String traceparent = new String(h.value(), StandardCharsets.UTF_8);
            assertTrue(traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"), traceparent);
            return traceparent.substring(3, 35);
        }).collect(Collectors.toSet());
        assertEquals(1, traces.size(), "both records come from one poll: " + traces);
        String traceId = traces.iterator().next();

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<SpanData> trace = spans.spans().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
            SpanData poll = trace.stream().filter(s -> s.getName().equals("poll deployments")).findFirst()
                    .orElseThrow(() -> new AssertionError("no poll span in trace " + traceId + ": " + trace));
            assertEquals(id, poll.getAttributes().get(CONNECTION));
            assertEquals("deployments", poll.getAttributes().get(STREAM));
            assertFalse(poll.getParentSpanContext().isValid(), "a poll starts its own trace");
            // the Datadog calls (REST client) are children of the poll
            assertTrue(trace.stream().anyMatch(s -> s.getKind() == SpanKind.CLIENT
                    && s.getParentSpanId().equals(poll.getSpanId())), "a Datadog call under the poll: " + trace);
            // no key in any span of the trace
            for (SpanData s : trace) {
                assertFalse(s.getAttributes().toString().contains(SimulatorConfig.DEFAULT_API_KEY), s.toString());
                assertFalse(s.getAttributes().toString().contains(SimulatorConfig.DEFAULT_APP_KEY), s.toString());
            }
        });
    }

    @Test
    void metricsOfEachKindOnTheManagementInterface() {
        given().header("Authorization", "Bearer test-internal-token").when().get("/internal/connections").then().statusCode(200);
        // the sync gauges register with their first round (5 s after start)
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get(management.resolve("/q/metrics"))
                .then().statusCode(200)
                // HTTP server
                .body(containsString("http_server_requests_seconds_count{"))
                // the Kafka producer's own metrics
                .body(containsString("kafka_producer_"))
                // the connection pool
                .body(containsString("agroal_active_count{datasource=\"default\"}"))
                // the connector's own
                .body(containsString("dora_sync_streams{"))
                // our own failures, by kind, there before the first one so that a rate sees it
                .body(containsString("dora_sync_internal_errors_total{kind=\"kafka\",stream=\"deployments\"}"))
                .body(containsString("dora_sync_streams{state=\"invalid_query\""))
                .body(not(containsString(SimulatorConfig.DEFAULT_API_KEY))));
        // not on the API port
        given().when().get("/q/metrics").then().statusCode(404);
    }
}
