package io.dorastream.connector.datadog;

/** Datadog did not answer (connection refused, DNS failure, timeout). */
public class DatadogUnreachableException extends RuntimeException {
    public DatadogUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
