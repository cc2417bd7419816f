package io.dorastream.connector.connection;

/**
 * One line of a connection's live validation: {@code apiKey}, {@code deployments} or
 * {@code failures}, whether it passed, and Datadog's own text when it did not.
 */
public record SourceCheck(String name, boolean ok, String detail) {
}
