package io.dorastream.connector.connection;

import java.util.UUID;

/**
 * Another connection reads the same site with the same API key and query ({@link SourceFingerprint}):
 * nothing was written. A second one would publish every event a second time under another connection
 * (doubling every figure) and spend the key's rate budget twice. A different key to the same
 * organisation cannot be detected this way (keys carry no organisation id).
 */
public class DuplicateConnectionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final UUID existingId;
    private final String existingName;

    public DuplicateConnectionException(UUID existingId, String existingName) {
        super("connection '" + existingName + "' (" + existingId + ") already reads this site with this API key and query");
        this.existingId = existingId;
        this.existingName = existingName;
    }

    public UUID existingId() {
        return existingId;
    }

    public String existingName() {
        return existingName;
    }
}
