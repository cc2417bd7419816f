package io.dorastream.events;

/** The two Datadog DORA event streams a connection reads. */
public enum Stream {
    DEPLOYMENTS("deployments"),
    FAILURES("failures");

    private final String id;

    Stream(String id) {
        this.id = id;
    }

    /** The stream's name as used in keys, URLs and the sync topic. */
    public String id() {
        return id;
    }

    public static Stream fromId(String id) {
        for (Stream s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stream '" + id + "' (expected deployments or failures)");
    }
}
