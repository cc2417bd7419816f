package io.dorastream.connector.connection;

import com.fasterxml.jackson.annotation.JsonValue;

import jakarta.persistence.Converter;

/**
 * The sync state of one stream, as the API shows it and {@code stream_state.state} stores it: the
 * one place where each state is spelled.
 */
public enum StreamState implements Spelled {
    /** Reading the range from the backfill start up to now, step by step. */
    BACKFILLING("backfilling"),
    /** Caught up: polled every poll interval. */
    LIVE("live"),
    /** The connection is paused (shown, never stored by the connector itself). */
    PAUSED("paused"),
    /** The connection's keys cannot read this stream; re-probed until they can. */
    UNAVAILABLE("unavailable"),
    /**
     * Datadog refused the connection's keys (401/403): its other stream stops, this one probes Datadog
     * again with a doubling backoff ({@code dorastream.sync.unauthorized-probe-initial}) and resumes by itself
     * once the keys work (or at once when they are updated).
     */
    UNAUTHORIZED("unauthorized"),
    /**
     * Datadog refused the stream's request as invalid (400), in practice the connection's query: not
     * polled again until the query (or the keys) change.
     */
    INVALID_QUERY("invalid_query"),
    /** The last poll failed (Datadog's failure or DoraStream's own, see its last error); tried again after a backoff. */
    FAILING("failing");

    private final String spelling;

    StreamState(String spelling) {
        this.spelling = spelling;
    }

    @Override
    @JsonValue
    public String spelling() {
        return spelling;
    }

    /** Stores a state by its spelling. */
    @Converter
    public static final class Column extends Spelled.Column<StreamState> {
        public Column() {
            super(StreamState.class);
        }
    }
}
