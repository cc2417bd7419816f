package io.dorastream.connector.connection;

import com.fasterxml.jackson.annotation.JsonValue;

import jakarta.persistence.Converter;

/**
 * Whose failure a stream's last error is: Datadog's (it answered an error, too slowly, or a body that
 * cannot be read) or DoraStream's own (its database, Kafka, keyring, a bug). Only Datadog's count
 * toward the connection's circuit breaker (see {@code sync/SyncFailures}).
 */
public enum ErrorSource implements Spelled {
    DATADOG("datadog"),
    DORASTREAM("dorastream");

    private final String spelling;

    ErrorSource(String spelling) {
        this.spelling = spelling;
    }

    @Override
    @JsonValue
    public String spelling() {
        return spelling;
    }

    /** Stores a source by its spelling. */
    @Converter
    public static final class Column extends Spelled.Column<ErrorSource> {
        public Column() {
            super(ErrorSource.class);
        }
    }
}
