package io.dorastream.connector.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.dorastream.connector.connection.ConnectionEntity;
import io.dorastream.connector.connection.ConnectionStatus;
import io.dorastream.connector.connection.ErrorSource;
import io.dorastream.connector.connection.StreamState;
import io.dorastream.connector.connection.StreamStateEntity;

/** The sync status of a connection's two streams. */
public record SyncStatusView(UUID connectionId, Map<String, StreamStatus> streams) {

    /**
     * One stream; {@code lastError} is why its last poll failed (null after a good one),
     * {@code nextProbeAt} when a connection whose keys Datadog refused is probed again (null unless
     * {@code unauthorized}), {@code reread} the running re-read of a range (null when none runs) and
     * {@code nextReconcileAt} when the next full reconciliation starts.
     */
    public record StreamStatus(StreamState state, double backfillProgress, Instant position, Long lagSeconds,
            Instant lastSuccessAt, StreamError lastError, Instant nextProbeAt, long eventsPublished, long eventsRejected,
            Integer rateLimitRemaining, Reread reread, Instant lastRereadDoneAt, Instant nextReconcileAt) {
    }

    /**
     * Why a stream's last poll failed: {@code source} says whose failure it is ({@code datadog}: counted
     * by the connection's circuit breaker unless a refusal; {@code dorastream}: our own database, Kafka,
     * keyring or a bug, never counted), {@code kind} a stable code ({@code sync/SyncFailures.Kind}),
     * {@code message} the words (Datadog's own {@code detail} for a refused query), {@code at} when.
     */
    public record StreamError(ErrorSource source, String kind, String message, Instant at) {

        static StreamError of(StreamStateEntity s) {
            return s.lastError == null ? null
                    : new StreamError(s.lastErrorSource == null ? ErrorSource.DATADOG : s.lastErrorSource, s.lastErrorKind,
                            s.lastError, s.lastErrorAt);
        }
    }

    /**
     * A re-read in progress: why ({@code reconcile}, {@code request}, {@code query}), its range,
     * the share done (0–1) and the error of its last step, if that failed.
     */
    public record Reread(String reason, Instant from, Instant to, double progress, String lastError) {

        static Reread of(StreamStateEntity s) {
            if (s.rereadCursor == null || s.rereadFrom == null || s.rereadTo == null) {
                return null;
            }
            double total = Duration.between(s.rereadFrom, s.rereadTo).toSeconds();
            double done = Duration.between(s.rereadFrom, s.rereadCursor).toSeconds();
            return new Reread(s.rereadReason, s.rereadFrom, s.rereadTo,
                    total <= 0 ? 1.0 : Math.min(1.0, Math.max(0.0, done / total)), s.rereadError);
        }
    }

    public static SyncStatusView of(ConnectionEntity c, List<StreamStateEntity> streams, Instant now) {
        Map<String, StreamStatus> out = new TreeMap<>();
        // Datadog's refusal, met by whichever stream polled first: the other one stops without polling,
        // and the refused ones probe the keys again with backoff
        List<StreamStateEntity> refused = streams.stream().filter(s -> s.state == StreamState.UNAUTHORIZED).toList();
        StreamError refusal = refused.stream().map(StreamError::of).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        Instant nextProbe = refused.stream().map(s -> s.nextPollAt).filter(java.util.Objects::nonNull)
                .min(Instant::compareTo).orElse(null);
        for (StreamStateEntity s : streams) {
            StreamState state = state(c, s);
            StreamError lastError = state == StreamState.UNAUTHORIZED && s.state != StreamState.UNAUTHORIZED && refusal != null
                    ? refusal
                    : StreamError.of(s);
            out.put(s.stream, new StreamStatus(state, progress(s, now), s.position,
                    s.position == null ? null : Math.max(0, Duration.between(s.position, now).toSeconds()),
                    s.lastSuccessAt, lastError, state == StreamState.UNAUTHORIZED ? nextProbe : null, s.eventsPublished,
                    s.eventsRejected, s.rateLimitRemaining, Reread.of(s), s.rereadDoneAt, s.nextReconcileAt));
        }
        return new SyncStatusView(c.id, out);
    }

    /** A paused or refused connection stops both its streams, whatever each one's last poll did. */
    static StreamState state(ConnectionEntity c, StreamStateEntity s) {
        if (c.paused) {
            return StreamState.PAUSED;
        }
        if (c.status == ConnectionStatus.UNAUTHORIZED && s.available) {
            return StreamState.UNAUTHORIZED;
        }
        return s.state;
    }

    /** Share of the backfill range read: 0 before the first window, 1 once live. */
    static double progress(StreamStateEntity s, Instant now) {
        if (s.state == StreamState.LIVE) {
            return 1.0;
        }
        if (s.position == null) {
            return 0.0;
        }
        double total = Duration.between(s.backfillFrom, now).toSeconds();
        double done = Duration.between(s.backfillFrom, s.position).toSeconds();
        return total <= 0 ? 1.0 : Math.min(1.0, Math.max(0.0, done / total));
    }
}
