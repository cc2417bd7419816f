package io.dorastream.connector.connection;

import com.fasterxml.jackson.annotation.JsonValue;

import jakarta.persistence.Converter;

/**
 * The status of a connection, as the API shows it and {@code connection.status} stores it: the one
 * place where each status is spelled.
 */
public enum ConnectionStatus implements Spelled {
    /** Polled normally. */
    ACTIVE("active"),
    /** Paused by an operator (shown from the {@code paused} flag). */
    PAUSED("paused"),
    /** Datadog refused its keys: only the stream that met the refusal polls, as a probe with backoff, until they work or are updated. */
    UNAUTHORIZED("unauthorized"),
    /** Its last poll failed. */
    FAILING("failing");

    private final String spelling;

    ConnectionStatus(String spelling) {
        this.spelling = spelling;
    }

    @Override
    @JsonValue
    public String spelling() {
        return spelling;
    }

    /** Stores a status by its spelling. */
    @Converter
    public static final class Column extends Spelled.Column<ConnectionStatus> {
        public Column() {
            super(ConnectionStatus.class);
        }
    }
}
