package io.dorastream.connector.connection;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The persistent sync state of one stream of one connection. */
@Entity
@Table(name = "stream_state")
@IdClass(StreamStateEntity.Key.class)
public class StreamStateEntity extends PanacheEntityBase {

    @Id
    @Column(name = "connection_id")
    public UUID connectionId;
    @Id
    public String stream;
    @Convert(converter = StreamState.Column.class)
    public StreamState state;
    public boolean available;
    @Column(name = "availability_detail")
    public String availabilityDetail;
    /** Where the backfill started: {@code now - backfill depth} at creation. */
    @Column(name = "backfill_from")
    public Instant backfillFrom;
    /** Every event before this instant has been published; null before the first complete window. */
    public Instant position;
    @Column(name = "next_poll_at")
    public Instant nextPollAt;
    @Column(name = "last_success_at")
    public Instant lastSuccessAt;
    /** Why the last poll failed, in words; null after a good poll. */
    @Column(name = "last_error")
    public String lastError;
    /** Whose failure {@link #lastError} is. */
    @Convert(converter = ErrorSource.Column.class)
    @Column(name = "last_error_source")
    public ErrorSource lastErrorSource;
    /** The stable code of {@link #lastError} ({@code sync/SyncFailures.Kind}). */
    @Column(name = "last_error_kind")
    public String lastErrorKind;
    @Column(name = "last_error_at")
    public Instant lastErrorAt;
    /** Failed polls in a row: the next retry's (or probe's) backoff doubles with each. */
    @Column(name = "failures_in_row")
    public int failuresInRow;
    @Column(name = "events_published")
    public long eventsPublished;
    @Column(name = "events_rejected")
    public long eventsRejected;
    @Column(name = "rate_limit_remaining")
    public Integer rateLimitRemaining;
    /** The replica polling this stream, while {@link #leaseUntil} has not passed. */
    @Column(name = "lease_owner")
    public String leaseOwner;
    @Column(name = "lease_until")
    public Instant leaseUntil;
    /** Raised by every claim; a save must name the epoch it claimed. */
    @Column(name = "lease_epoch")
    public long leaseEpoch;

    /**
     * Why the running re-read of a range runs: {@code reconcile} (scheduled, every
     * {@code dorastream.sync.reconcile-interval}), {@code request} (an operator's
     * {@code POST /internal/connections/{id}/sync}) or {@code query} (the connection's query changed).
     * Null while none runs.
     */
    @Column(name = "reread_reason")
    public String rereadReason;
    /** The range {@code [rereadFrom, rereadTo)} being re-read; {@code [rereadFrom, rereadCursor)} is done. */
    @Column(name = "reread_from")
    public Instant rereadFrom;
    @Column(name = "reread_to")
    public Instant rereadTo;
    /** Null when no re-read runs. */
    @Column(name = "reread_cursor")
    public Instant rereadCursor;
    /** Raised by every new re-read request: a poll that loaded an older value does not overwrite the request. */
    @Column(name = "reread_seq")
    public long rereadSeq;
    /** Why the last step of the running re-read failed (it is tried again next poll); null after a good step. */
    @Column(name = "reread_error")
    public String rereadError;
    /** When the last re-read (of any reason) read its whole range. */
    @Column(name = "reread_done_at")
    public Instant rereadDoneAt;
    /** When the next scheduled reconciliation starts; null until the stream first caught up. */
    @Column(name = "next_reconcile_at")
    public Instant nextReconcileAt;

    /** Forgets the last failure: a good poll, or keys or a query that were just validated. */
    public void clearError() {
        lastError = null;
        lastErrorSource = null;
        lastErrorKind = null;
        lastErrorAt = null;
        failuresInRow = 0;
    }

    /** The state of a readable stream allowed to poll again: live once it has read up to now, else backfilling. */
    public StreamState resumedState(Instant now) {
        return position != null && !position.isBefore(now) ? StreamState.LIVE : StreamState.BACKFILLING;
    }

    public static class Key implements Serializable {
        public UUID connectionId;
        public String stream;

        public Key() {
        }

        public Key(UUID connectionId, String stream) {
            this.connectionId = connectionId;
            this.stream = stream;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(connectionId, k.connectionId) && Objects.equals(stream, k.stream);
        }

        @Override
        public int hashCode() {
            return Objects.hash(connectionId, stream);
        }
    }
}
