package io.dorastream.connector.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.dorastream.connector.connection.StreamStateEntity;
import io.dorastream.connector.datadog.Priority;

class RereadsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Instant day(int n) {
        return T0.plusSeconds(86_400L * n);
    }

    @Test
    void aRequestStartsARereadOrWidensTheRunningOneKeepingTheMoreUrgentReason() {
        StreamStateEntity s = new StreamStateEntity();
        Rereads.merge(s, Rereads.REQUEST, day(10), day(20));
        assertEquals(day(10), s.rereadCursor);
        assertEquals(day(20), s.rereadTo);
        assertEquals(Rereads.REQUEST, s.rereadReason);
        assertEquals(1, s.rereadSeq);

        s.rereadCursor = day(15); // half done
        s.rereadError = "boom";
        Rereads.merge(s, Rereads.QUERY, day(12), day(18));
        assertEquals(day(12), s.rereadFrom);
        assertEquals(day(12), s.rereadCursor);
        assertEquals(day(20), s.rereadTo);
        assertEquals(Rereads.QUERY, s.rereadReason);
        assertNull(s.rereadError);

        Rereads.merge(s, Rereads.REQUEST, day(30), day(31));
        assertEquals(day(12), s.rereadCursor);
        assertEquals(day(31), s.rereadTo);
        assertEquals(Rereads.QUERY, s.rereadReason, "a query change stays the reason");
        assertEquals(3, s.rereadSeq);
    }

    @Test
    void aPollThatLoadedAnOlderStateDoesNotUndoANewRequest() {
        StreamStateEntity s = new StreamStateEntity();
        Rereads.merge(s, Rereads.REQUEST, day(1), day(9));
        Rereads.Progress loaded = Rereads.Progress.of(s);
        Rereads.merge(s, Rereads.REQUEST, day(0), day(2)); // arrives while the poll runs
        loaded.advancedTo(day(9), day(40)).scheduled(day(41)).applyTo(s);
        assertEquals(day(0), s.rereadCursor, "the request stands");
        assertEquals(day(41), s.nextReconcileAt, "the schedule is the poll's");

        Rereads.Progress current = Rereads.Progress.of(s).advancedTo(day(9), day(42));
        current.applyTo(s);
        assertNull(s.rereadCursor, "done");
        assertNull(s.rereadReason);
        assertEquals(day(42), s.rereadDoneAt);
    }

    @Test
    void reReadsStayInsideRetentionAndOnlyScheduledOnesYieldToBackfill() {
        Instant now = day(800);
        assertEquals(now.minus(Rereads.RETENTION_MARGIN), Rereads.horizon(day(0), now));
        assertEquals(day(100), Rereads.horizon(day(100), now));
        assertEquals(Priority.RECONCILE, Rereads.priority(Rereads.RECONCILE));
        assertEquals(Priority.BACKFILL, Rereads.priority(Rereads.REQUEST));
        assertEquals(Priority.BACKFILL, Rereads.priority(Rereads.QUERY));
    }

    @Test
    void aRereadSomeoneWaitsForReadsSeveralStepsPerPollTheReconciliationOne() {
        assertEquals(4, Rereads.stepsPerPoll(Rereads.REQUEST, 4));
        assertEquals(4, Rereads.stepsPerPoll(Rereads.QUERY, 4));
        assertEquals(1, Rereads.stepsPerPoll(Rereads.RECONCILE, 4));
        assertEquals(1, Rereads.stepsPerPoll(Rereads.REQUEST, 0), "at least one step, whatever the setting");
    }
}
