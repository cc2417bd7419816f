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

    /** During a rotation, the previous service token, still accepted ({@code DORA_INTERNAL_TOKEN_PREVIOUS}). */
    Optional<String> internalTokenPrevious();

    Kafka kafka();

    Ingest ingest();

    MetricsOutbox metricsOutbox();

    Metrics metrics();

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

    /** How the metrics answers judge their figures. */
    interface Metrics {
        /**
         * The smallest sample a figure needs not to be flagged {@code lowSample} (docs/metrics.md lists the
         * sample of each figure); 0 flags none.
         */
        @WithDefault("10")
        int minSample();

        /**
         * Longest a statement of a metrics or events answer may run before PostgreSQL cancels it (the
         * caller gets a 503 problem). Below the gateway's read timeout of the aggregator (10 s), so no
         * query outlives the caller that asked for it.
         */
        @WithDefault("9s")
        Duration statementTimeout();

        /**
         * Connections beside an answer's own on which its independent statements (a summary's failures, each value
         * distribution) run at the same time, all reading the answer's one snapshot; shared by every answer. 0 runs
         * each answer's statements one after the other on its own connection.
         */
        @WithDefault("2")
        int parallelReads();
    }

    /** Publication of the changed daily rollups on {@code dora.metrics.v1} from the outbox table. */
    interface MetricsOutbox {
        /** How often the outbox is drained besides the drain after each applied batch (and what is left after a crash). */
        @WithDefault("10s")
        Duration drainInterval();

        /**
         * Least time between the starts of two drains: while batches follow each other (a backlog, a backfill), a
         * rollup they all change is sent once per spacing rather than once per batch. A quiet stream's batch is
         * drained at once.
         */
        @WithDefault("1s")
        Duration drainSpacing();

        /** Rollups read and sent per round of a drain. */
        @WithDefault("500")
        int batchSize();

        /** Longest wait for Kafka's acknowledgements of a round; unacknowledged rows stay and are sent again. */
        @WithDefault("2m")
        Duration ackTimeout();
    }

    interface Rebuild {
        /** Longest a rebuild of every rollup may take (one transaction; ingestion waits meanwhile). */
        @WithDefault("1h")
        Duration timeout();
    }
}
