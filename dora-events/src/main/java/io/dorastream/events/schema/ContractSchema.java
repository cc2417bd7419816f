package io.dorastream.events.schema;

import java.util.Optional;

import io.dorastream.events.Topics;

/**
 * The JSON Schemas (draft 2020-12) of the record values of the contract, shipped in this jar under
 * {@value ContractSchemas#RESOURCE_DIR}. Each schema's {@code $id} is {@value ContractSchemas#BASE_URI} followed
 * by its file name; schemas refer to each other by relative file name.
 */
public enum ContractSchema {

    /** The value of a {@link Topics#DEPLOYMENTS} record (tombstones aside). */
    DEPLOYMENT_ENVELOPE("deployment-envelope.v1.json", Topics.DEPLOYMENTS),
    /** The value of a {@link Topics#INCIDENTS} record (tombstones aside). */
    INCIDENT_ENVELOPE("incident-envelope.v1.json", Topics.INCIDENTS),
    /** The value of a {@link Topics#SYNC} record. */
    SYNC_WATERMARK("sync-watermark.v1.json", Topics.SYNC);

    private final String fileName;
    private final String topic;

    ContractSchema(String fileName, String topic) {
        this.fileName = fileName;
        this.topic = topic;
    }

    /** The schema's file name, e.g. {@code deployment-envelope.v1.json}. */
    public String fileName() {
        return fileName;
    }

    /** The schema's {@code $id}. */
    public String id() {
        return ContractSchemas.BASE_URI + fileName;
    }

    /** The classpath resource holding the schema (no leading slash). */
    public String resourcePath() {
        return ContractSchemas.RESOURCE_DIR + fileName;
    }

    /** The (unprefixed) topic whose record values this schema describes. */
    public String topic() {
        return topic;
    }

    /**
     * The schema of a topic's record values. The topic may carry a deployment's prefix (e.g.
     * {@code acme.dora.deployments.v1}). Empty for topics whose values are not validated here
     * ({@link Topics#METRICS}, whose open value schema {@code daily-rollup.v1.json} follows the aggregator's
     * rollup, and the DLQs).
     */
    public static Optional<ContractSchema> forTopic(String topic) {
        if (topic == null) {
            return Optional.empty();
        }
        for (ContractSchema s : values()) {
            if (topic.endsWith(s.topic)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
