package io.dorastream.api.query;

/**
 * The {@code Idempotency-Key} of a connection create: its headers and its syntax, one definition for the
 * gateway (which passes it through, with the caller) and the connector (which stores it with the answer).
 */
public final class IdempotencyKey {

    /** The request header a caller names its create with; a repeat with the same key gets the same answer. */
    public static final String HEADER = "Idempotency-Key";
    /** On an answer replayed from an earlier request with the same key: {@code true}. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    /**
     * Internal header the gateway sets to the authenticated caller's name, so that keys of different callers
     * never meet; without it (a direct internal call) keys are global.
     */
    public static final String CALLER_HEADER = "X-DoraStream-Caller";
    public static final int MAX_LENGTH = 255;

    private IdempotencyKey() {
    }

    /** Why {@code key} is not a valid key (1 to 255 printable ASCII characters), or null when it is. */
    public static String invalid(String key) {
        if (key == null || key.isEmpty()) {
            return "must be 1 to " + MAX_LENGTH + " printable ASCII characters, is empty";
        }
        if (key.length() > MAX_LENGTH) {
            return "must be 1 to " + MAX_LENGTH + " printable ASCII characters, is " + key.length() + " long";
        }
        for (int i = 0; i < key.length(); i++) {
            char ch = key.charAt(i);
            if (ch < 0x20 || ch > 0x7e) {
                return "must be 1 to " + MAX_LENGTH + " printable ASCII characters (a space to a tilde)";
            }
        }
        return null;
    }
}
