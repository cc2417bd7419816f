package io.dorastream.gateway.rest;

/** A connection id that cannot be one (not a UUID): 404 without asking the connector. */
public class UnknownConnectionException extends RuntimeException {

    public UnknownConnectionException(String id) {
        super("no connection " + id);
    }
}
