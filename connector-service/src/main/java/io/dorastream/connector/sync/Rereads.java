package io.dorastream.connector.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.dorastream.connector.connection.StreamStateEntity;
import io.dorastream.connector.datadog.Priority;

/**
 * Re-reads of a range of a stream, read in steps by the stream's own polls (see {@link StreamPoller}):
 * the scheduled reconciliation of the whole backfill range, an operator's request and a query
 * change are one mechanism. Each step publishes what changed and tombstones what vanished, like
 * every complete read. The state lives in the stream's row, so a re-read resumes after a restart and
 * moves with the stream's lease to another replica.
 */
@ApplicationScoped
public class Rereads {

    /** Scheduled every {@code dorastream.sync.reconcile-interval}: the lowest priority. */
    public static final String RECONCILE = "reconcile";
    /** {@code POST /internal/connections/{id}/sync}. */
    public static final String REQUEST = "request";
    /** The connection's query changed: the whole backfill depth is read again under the new one. */
    public static final String QUERY = "query";

    /**
     * Datadog keeps events two years: a re-read never reaches further back than a day short of it,
     * so an event that merely aged out of Datadog's retention is not taken for a deletion.
     */
    static final Duration RETENTION_MARGIN = Duration.ofDays(729);

    /** The start of what may be re-read: the backfill start, clipped to Datadog's retention. */
    public static Instant horizon(Instant backfillFrom, Instant now) {
        Instant retained = now.minus(RETENTION_MARGIN);
        return backfillFrom.isAfter(retained) ? backfillFrom : retained;
    }

    /**
     * Scheduled reconciliation reads at the lowest priority of the rate budget; a re-read someone
     * waits for (an operator, a query change) at the backfill's, still behind live polling.
     */
    static Priority priority(String reason) {
        return RECONCILE.equals(reason) ? Priority.RECONCILE : Priority.BACKFILL;
    }

    /**
     * Steps of a re-read one poll reads: the scheduled reconciliation one (it may take its time), a re-read
     * someone waits for (an operator's request, a query change) up to {@code dorastream.sync.reread-steps-per-poll}.
     * All the steps of a poll are saved together with it, so a crash repeats them all.
     */
    static int stepsPerPoll(String reason, int configured) {
        return RECONCILE.equals(reason) ? 1 : Math.max(1, configured);
    }

    /**
     * Asks for a re-read of {@code [from, to)} on every readable stream of a connection (rows locked,
     * so a poll saving meanwhile cannot overwrite the request).
     *
     * @return how many streams will re-read the range
     */
    @Transactional
    public int request(UUID connectionId, Instant from, Instant to) {
        List<StreamStateEntity> streams = StreamStateEntity.find("connectionId = ?1 and available = true", connectionId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
        streams.forEach(s -> merge(s, REQUEST, from, to));
        return streams.size();
    }

    /**
     * Adds {@code [from, to)} to the stream's re-read: started when none runs, else merged with the
     * running one (from the earlier of its cursor and {@code from} to the later end), keeping the
     * more urgent reason. Raises the sequence, so a poll that loaded the old state does not undo it.
     */
    public static void merge(StreamStateEntity s, String reason, Instant from, Instant to) {
        if (s.rereadCursor == null) {
            s.rereadReason = reason;
            s.rereadFrom = from;
            s.rereadTo = to;
            s.rereadCursor = from;
        } else {
            Instant cursor = s.rereadCursor.isBefore(from) ? s.rereadCursor : from;
            s.rereadFrom = cursor;
            s.rereadCursor = cursor;
            s.rereadTo = s.rereadTo.isAfter(to) ? s.rereadTo : to;
            s.rereadReason = QUERY.equals(reason) || QUERY.equals(s.rereadReason) ? QUERY
                    : REQUEST.equals(reason) || REQUEST.equals(s.rereadReason) ? REQUEST : RECONCILE;
        }
        s.rereadError = null;
        s.rereadSeq++;
    }

    /**
     * The re-read state a poll leaves behind, saved with its window ({@link SyncStateRepository#windowDone}).
     * Ignored (but for the schedule) when a request arrived since the poll loaded the state.
     */
    public record Progress(long seq, String reason, Instant from, Instant to, Instant cursor, String error, Instant doneAt,
            Instant nextReconcileAt) {

        static Progress of(StreamStateEntity s) {
            return new Progress(s.rereadSeq, s.rereadReason, s.rereadFrom, s.rereadTo, s.rereadCursor, s.rereadError,
                    s.rereadDoneAt, s.nextReconcileAt);
        }

        boolean running() {
            return cursor != null;
        }

        Progress scheduled(Instant next) {
            return new Progress(seq, reason, from, to, cursor, error, doneAt, next);
        }

        Progress start(String why, Instant rangeFrom, Instant rangeTo) {
            return new Progress(seq, why, rangeFrom, rangeTo, rangeFrom, null, doneAt, nextReconcileAt);
        }

        /** Everything before {@code end} is read; done when it reaches the range's end. */
        Progress advancedTo(Instant end, Instant now) {
            if (!end.isBefore(to)) {
                return new Progress(seq, null, from, to, null, null, now, nextReconcileAt);
            }
            return new Progress(seq, reason, from, to, end, null, doneAt, nextReconcileAt);
        }

        Progress failed(String message) {
            return new Progress(seq, reason, from, to, cursor, message, doneAt, nextReconcileAt);
        }

        /** Writes this state into the (locked) row. */
        public void applyTo(StreamStateEntity s) {
            s.nextReconcileAt = nextReconcileAt;
            if (s.rereadSeq != seq) {
                return; // a newer request: it stands
            }
            s.rereadReason = reason;
            s.rereadFrom = from;
            s.rereadTo = to;
            s.rereadCursor = cursor;
            s.rereadError = error;
            s.rereadDoneAt = doneAt;
        }
    }
}
