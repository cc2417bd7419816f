package io.dorastream.connector.datadog;

/** Datadog answered with an error status; the message carries Datadog's own error text. */
public class DatadogApiException extends RuntimeException {

    private final int status;

    public DatadogApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** 401 and 403 alike: a bad key or a missing permission. */
    public boolean unauthorized() {
        return status == 401 || status == 403;
    }
}
