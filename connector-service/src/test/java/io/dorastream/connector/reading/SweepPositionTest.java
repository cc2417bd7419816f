package io.dorastream.connector.reading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How a sweep's position moves and shrinks its next window, by hand. */
class SweepPositionTest {

    @Test
    void windowsLieNextToTheReadPartOnEitherSide() {
        SweepPosition up = SweepPosition.begin(100, 200, false);
        assertEquals(100, up.remaining());
        assertEquals(100, up.windowLo(30));
        assertEquals(130, up.windowHi(30));
        SweepPosition down = SweepPosition.begin(100, 200, true);
        assertEquals(170, down.windowLo(30));
        assertEquals(200, down.windowHi(30));
        assertEquals(70, down.advancedPast(170, 200).remaining());
    }

    @Test
    void fullPagesShrinkTheNextWindowUntilOneComesBackShort() {
        SweepPosition p = SweepPosition.begin(0, 10_000, false);
        p = p.afterFullPage(1000, 50, false, 0);
        assertEquals(800, p.cap(), "a first full page: a fifth shorter");
        assertEquals(1000, p.fullEdge());
        assertEquals(50, p.fullDeficit(), "none of its events is read yet");
        p = p.afterFullPage(800, 50, false, 0);
        assertEquals(400, p.cap(), "then halved");
        p = p.afterFullPage(400, 50, true, 390);
        assertEquals(380, p.cap(), "a sorted page: 5 % shorter");
        assertEquals(389, p.zone(), "its events up to its farthest second are taken as complete");
        assertTrue(p.insideZone(0, 389));
        assertFalse(p.insideZone(0, 390));
        assertFalse(SweepPosition.begin(0, 10_000, false).zoneDistrusted().zoneTrusted());
    }

    @Test
    void aShortPageMovesOnAndKeepsHalvingWhileTheLastFullWindowStillHoldsAPage() {
        SweepPosition p = SweepPosition.begin(0, 10_000, false).afterFullPage(1000, 100, false, 0);
        // 10 of the full window's 100 events read in [0, 200): 90 remain beyond, over the threshold of 48
        SweepPosition next = p.afterShortPage(0, 200, 10, 48);
        assertEquals(200, next.cur());
        assertEquals(90, next.fullDeficit());
        assertEquals(400, next.cap(), "half of what is left of it: (1000 - 200) / 2");
        assertEquals(0, next.overflows());
        // 60 more read in [200, 500): 30 left, under the threshold: no cap
        SweepPosition later = next.afterShortPage(200, 500, 60, 48);
        assertEquals(30, later.fullDeficit());
        assertEquals(Long.MAX_VALUE, later.cap());
        // past the full window's edge its deficit is forgotten
        assertEquals(0, later.afterShortPage(500, 1200, 0, 48).fullDeficit());
    }
}
