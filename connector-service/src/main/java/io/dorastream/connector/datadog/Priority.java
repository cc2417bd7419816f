package io.dorastream.connector.datadog;

/**
 * Who a Datadog list call is for, highest first. An organisation's rate budget is shared in this
 * order: a person validating keys first, then live polling is never starved by a long backfill, and reconciliation only uses what the
 * other two leave.
 */
public enum Priority {
    /**
     * Someone is waiting on the answer: the probes that validate keys on create and update. Goes
     * before every other call, is not paced, and waits for an exhausted budget only briefly.
     */
    INTERACTIVE,
    /** Polls of a stream that has caught up: freshness. */
    LIVE,
    /** Windows of a stream still reading its backfill range. */
    BACKFILL,
    /** Slow re-reads of the whole backfill range that catch old changes and deletions. */
    RECONCILE
}
