package io.dorastream.connector.connection;

import java.util.List;

/** Datadog refused the connection's keys or no stream is readable; nothing was stored. */
public class ConnectionValidationException extends RuntimeException {

    private final List<SourceCheck> checks;

    public ConnectionValidationException(String message, List<SourceCheck> checks) {
        super(message);
        this.checks = List.copyOf(checks);
    }

    public List<SourceCheck> checks() {
        return checks;
    }
}
