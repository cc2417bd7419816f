package io.dorastream.devstack.simulator;

/** The two event streams of Datadog's DORA API. */
public enum EventStream {
    /** Deployment events ({@code /api/v2/dora/deployments}). */
    DEPLOYMENTS("dora_deployment"),
    /** Failure (incident) events ({@code /api/v2/dora/failures}). */
    FAILURES("dora_failure");

    private final String itemType;

    EventStream(String itemType) {
        this.itemType = itemType;
    }

    /** The JSON:API {@code type} of this stream's items, e.g. {@code dora_deployment}. */
    public String itemType() {
        return itemType;
    }
}
