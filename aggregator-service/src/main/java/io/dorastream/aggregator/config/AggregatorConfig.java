package io.dorastream.aggregator.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration of the aggregator ({@code dorastream.*} in application.properties). */
@ConfigMapping(prefix = "dorastream")
public interface AggregatorConfig {

    /** The service token the gateway sends on every internal call ({@code DORA_INTERNAL_TOKEN}). */
    String internalToken();

    Kafka kafka();

    Ingest ingest();

    Rebuild rebuild();

    interface Kafka {
        /** Put in front of every topic name (e.g. {@code acme.}). */
        Optional<String> topicPrefix();

        /** Create the topics this service writes at start (off where topics are managed, e.g. by Strimzi). */
        @WithDefault("true")
        boolean createTopics();

        @WithDefault("3")
        int partitions();

        @WithDefault("1")
        short replicationFactor();
    }

    interface Ingest {
        /** Longest wait between two attempts to apply a batch while PostgreSQL is unavailable. */
        @WithDefault("30s")
        Duration maxRetryBackoff();
    }

    interface Rebuild {
        /** Longest a rebuild of every rollup may take (one transaction; ingestion waits meanwhile). */
        @WithDefault("1h")
        Duration timeout();
    }
}
