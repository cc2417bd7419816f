package io.dorastream.connector.reading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the answers' sizes say of a server-side page cap. */
class PageCapTest {

    private static final int LIMIT = 1000;

    private final PageCap cap = new PageCap();

    @Test
    void aPageAsLargeAsAnyBeforeMayHaveBeenCut() {
        cap.seen(552, LIMIT);
        assertTrue(cap.possiblyFull(552, LIMIT));
        assertFalse(cap.possiblyFull(551, LIMIT));
        cap.seen(842, LIMIT);
        assertTrue(cap.possiblyFull(842, LIMIT), "a larger page is suspected in turn");
        assertFalse(cap.possiblyFull(99, LIMIT), "too small for any cap seen");
    }

    @Test
    void aPageOfTheLimitShowsThereIsNoCapBelowIt() {
        cap.seen(552, LIMIT);
        cap.seen(LIMIT, LIMIT);
        assertFalse(cap.possiblyFull(999, LIMIT));
        assertFalse(cap.possiblyFull(552, LIMIT));
        assertTrue(cap.possiblyFull(LIMIT, LIMIT));
        cap.seen(990, LIMIT);
        assertFalse(cap.possiblyFull(995, LIMIT), "pages under the limit stay trusted");
        assertEquals(LIMIT, cap.pageSize(LIMIT));
    }

    @Test
    void aProvenCapIsForgottenWhenALargerPageComes() {
        cap.seen(500, LIMIT);
        cap.provenCut(500);
        assertEquals(500, cap.provenCap());
        assertTrue(cap.cut(500, LIMIT));
        assertEquals(500, cap.pageSize(LIMIT));
        cap.seen(LIMIT, LIMIT); // Datadog raised it
        assertEquals(0, cap.provenCap());
        assertFalse(cap.cut(500, LIMIT));
        assertEquals(LIMIT, cap.pageSize(LIMIT));
    }
}
