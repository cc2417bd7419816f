package io.dorastream.events;

import java.util.List;
import java.util.Map;

/**
 * The DoraStream topics. Names are the contract's; a deployment may put a prefix in front of all of
 * them (e.g. {@code acme.}) through each service's {@code dorastream.kafka.topic-prefix}.
 */
public final class Topics {

    /** One record per version of a Datadog deployment event; key {@link EventKey}; compacted. */
    public static final String DEPLOYMENTS = "dora.deployments.v1";
    /** One record per version of a Datadog failure (incident) event; key {@link EventKey}; compacted. */
    public static final String INCIDENTS = "dora.incidents.v1";
    /** Per connection and stream, how far the stream is complete; key {@code <connectionId>:<stream>}; compacted. */
    public static final String SYNC = "dora.sync.v1";
    /** Changed daily rollups published by the aggregator; compacted. */
    public static final String METRICS = "dora.metrics.v1";

    /** Largest accepted record batch on the event topics, compressed (a deployment with 5,000 commits fits). */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
    /** Largest record a producer may send, measured before compression. */
    public static final int MAX_REQUEST_BYTES = 32 * 1024 * 1024;
    /** The compression producers of the event topics use ({@code compression.type}); the topics keep it ({@code producer}). */
    public static final String PRODUCER_COMPRESSION = "zstd";

    private Topics() {
    }

    /** The dead-letter topic of a topic: never compacted. */
    public static String dlq(String topic) {
        return topic + ".dlq";
    }

    /** How long {@link #SYNC} keeps a tombstone (a retired stream) after compaction: about 100 years, in effect forever. */
    public static final long SYNC_TOMBSTONE_RETENTION_MS = 100L * 365 * 24 * 3600 * 1000;

    /** The event topic a stream's records go to. */
    public static String of(Stream stream) {
        return stream == Stream.DEPLOYMENTS ? DEPLOYMENTS : INCIDENTS;
    }

    /** Every topic of the contract with the settings it is created with (before prefixing). */
    public static List<TopicSpec> all() {
        Map<String, String> compactedEvents = Map.of(
                "cleanup.policy", "compact",
                "max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES),
                "compression.type", "producer");
        Map<String, String> compacted = Map.of("cleanup.policy", "compact");
        // a retirement (tombstone) must outlive compaction: a consumer replaying the topic from the start
        // still learns that the connection's streams are out of the dataAsOf scope (docs/events.md)
        Map<String, String> sync = Map.of("cleanup.policy", "compact", "delete.retention.ms", Long.toString(SYNC_TOMBSTONE_RETENTION_MS));
        Map<String, String> dlq = Map.of(
                "cleanup.policy", "delete",
                "retention.ms", Long.toString(14L * 24 * 3600 * 1000),
                "max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        return List.of(
                new TopicSpec(DEPLOYMENTS, compactedEvents),
                new TopicSpec(INCIDENTS, compactedEvents),
                new TopicSpec(SYNC, sync),
                new TopicSpec(METRICS, compacted),
                new TopicSpec(dlq(DEPLOYMENTS), dlq),
                new TopicSpec(dlq(INCIDENTS), dlq));
    }

    /** A topic name with the settings it needs. */
    public record TopicSpec(String name, Map<String, String> config) {
        public TopicSpec withPrefix(String prefix) {
            return prefix == null || prefix.isEmpty() ? this : new TopicSpec(prefix + name, config);
        }
    }
}
