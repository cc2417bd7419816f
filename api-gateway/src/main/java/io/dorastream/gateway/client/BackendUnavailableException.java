package io.dorastream.gateway.client;

/** A backend could not be reached, or its circuit breaker is open: a 503 problem naming it. */
public class BackendUnavailableException extends RuntimeException {

    private final String backend;

    public BackendUnavailableException(String backend, Throwable cause) {
        super(backend + " is unavailable", cause);
        this.backend = backend;
    }

    public String backend() {
        return backend;
    }
}
