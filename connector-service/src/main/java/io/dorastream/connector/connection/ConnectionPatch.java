package io.dorastream.connector.connection;

/** A change to a connection: every field is optional (null = unchanged). */
public record ConnectionPatch(String name, String apiKey, String appKey, String query, Boolean paused,
        Integer pollIntervalSeconds) {

    @Override
    public String toString() {
        return "ConnectionPatch[name=" + name + ", keys=" + (apiKey != null || appKey != null ? "changed" : "unchanged")
                + ", query=" + (query == null ? "unchanged" : query.isBlank() ? "removed" : query) + ", paused=" + paused + ", pollIntervalSeconds=" + pollIntervalSeconds + "]";
    }
}
