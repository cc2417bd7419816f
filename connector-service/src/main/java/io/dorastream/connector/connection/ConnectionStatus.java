package io.dorastream.connector.connection;

import com.fasterxml.jackson.annotation.JsonValue;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * The status of a connection, as the API shows it and {@code connection.status} stores it: the one
 * place where each status is spelled.
 */
public enum ConnectionStatus {
    /** Polled normally. */
    ACTIVE("active"),
    /** Paused by an operator (shown from the {@code paused} flag). */
    PAUSED("paused"),
    /** Datadog refused its keys: none of its streams is polled until they are updated. */
    UNAUTHORIZED("unauthorized"),
    /** Its last poll failed. */
    FAILING("failing");

    private final String spelling;

    ConnectionStatus(String spelling) {
        this.spelling = spelling;
    }

    /** The status as the API and the database spell it. */
    @JsonValue
    public String spelling() {
        return spelling;
    }

    @Override
    public String toString() {
        return spelling;
    }

    /** The status spelled {@code value}. */
    public static ConnectionStatus of(String value) {
        for (ConnectionStatus s : values()) {
            if (s.spelling.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown connection status '" + value + "'");
    }

    /** Stores a status by its spelling. */
    @Converter
    public static final class Column implements AttributeConverter<ConnectionStatus, String> {
        @Override
        public String convertToDatabaseColumn(ConnectionStatus status) {
            return status == null ? null : status.spelling;
        }

        @Override
        public ConnectionStatus convertToEntityAttribute(String value) {
            return value == null ? null : of(value);
        }
    }
}
