package io.dorastream.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class EventRecordsTest {

    private static final Instant TIME = Instant.parse("2026-03-01T12:00:05.123Z");

    @Test
    void buildsTheHeadersOfADeploymentVersion() {
        Headers headers = EventRecords.headers(Stream.DEPLOYMENTS, Samples.CONNECTION, "abc:def", "datadoghq.eu", 4, TIME, false);
        assertEquals("4", EventRecords.text(headers, EventHeaders.VERSION));
        assertEquals("1", EventRecords.text(headers, EventHeaders.SCHEMA_VERSION));
        assertEquals(Samples.CONNECTION + ":abc:def:4", EventRecords.text(headers, EventHeaders.CE_ID));
        assertEquals("io.dorastream.deployment.v1", EventRecords.text(headers, EventHeaders.CE_TYPE));
        assertEquals("/dorastream/connections/" + Samples.CONNECTION + "/datadoghq.eu", EventRecords.text(headers, EventHeaders.CE_SOURCE));
        assertEquals("2026-03-01T12:00:05.123Z", EventRecords.text(headers, EventHeaders.CE_TIME));
        assertEquals("1.0", EventRecords.text(headers, EventHeaders.CE_SPECVERSION));
        assertEquals(4, EventRecords.version(headers));
        assertEquals(List.of(EventHeaders.VERSION, EventHeaders.SCHEMA_VERSION, EventHeaders.CE_ID, EventHeaders.CE_TYPE,
                EventHeaders.CE_SOURCE, EventHeaders.CE_TIME, EventHeaders.CE_SPECVERSION),
                Arrays.stream(headers.toArray()).map(h -> h.key()).toList(), "each header exactly once");
    }

    @Test
    void tombstoneHeadersCarryTheVersionAndADeletedType() {
        Headers headers = EventRecords.headers(Stream.FAILURES, Samples.CONNECTION, "f-1", "datadoghq.com", 9, TIME, true);
        assertEquals(9, EventRecords.version(headers));
        assertEquals("io.dorastream.incident.v1.deleted", EventRecords.text(headers, EventHeaders.CE_TYPE));
        assertEquals(Samples.CONNECTION + ":f-1:9", EventRecords.text(headers, EventHeaders.CE_ID));
    }

    @Test
    void readsTheLastHeaderOfAName() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventHeaders.VERSION, "1".getBytes(StandardCharsets.UTF_8));
        headers.add(EventHeaders.VERSION, "2".getBytes(StandardCharsets.UTF_8));
        assertEquals(2, EventRecords.version(headers));
    }

    @Test
    void missingOrMalformedVersionIsMinusOne() {
        assertEquals(-1, EventRecords.version(null));
        assertEquals(-1, EventRecords.version(new RecordHeaders()));
        RecordHeaders garbage = new RecordHeaders();
        garbage.add(EventHeaders.VERSION, "v2".getBytes(StandardCharsets.UTF_8));
        assertEquals(-1, EventRecords.version(garbage));
        RecordHeaders nullValue = new RecordHeaders();
        nullValue.add(EventHeaders.VERSION, null);
        assertEquals(-1, EventRecords.version(nullValue));
        assertNull(EventRecords.text(new RecordHeaders(), EventHeaders.CE_ID));
    }

    @Test
    void topicsOfTheContract() {
        assertEquals("dora.deployments.v1.dlq", Topics.dlq(Topics.DEPLOYMENTS));
        assertEquals(Topics.DEPLOYMENTS, Topics.of(Stream.DEPLOYMENTS));
        assertEquals(Topics.INCIDENTS, Topics.of(Stream.FAILURES));
        assertEquals(List.of("dora.deployments.v1", "dora.incidents.v1", "dora.sync.v1", "dora.metrics.v1",
                "dora.deployments.v1.dlq", "dora.incidents.v1.dlq"), Topics.all().stream().map(Topics.TopicSpec::name).toList());
        for (Topics.TopicSpec spec : Topics.all()) {
            String policy = spec.config().get("cleanup.policy");
            assertEquals(spec.name().endsWith(".dlq") ? "delete" : "compact", policy, spec.name());
        }
        assertEquals("8388608", Topics.all().get(0).config().get("max.message.bytes"));
        assertEquals("acme.dora.sync.v1", Topics.all().get(2).withPrefix("acme.").name());
        assertEquals(Stream.FAILURES, Stream.fromId("failures"));
    }
}
