package io.dorastream.devstack.simulator;

/**
 * One change the {@link Mutator} made.
 *
 * @param kind   what happened
 * @param stream the stream of the changed event
 * @param id     the changed (or inserted, or deleted) event's id
 */
public record Mutation(Kind kind, EventStream stream, String id) {

    /** The kinds of change Datadog's data undergoes after the fact. */
    public enum Kind {
        /** A pending deployment got its verdict: stable, or failed (with remediation and recovery time when known). */
        EVALUATED,
        /** An open failure got its {@code finished_at}. */
        RESOLVED,
        /** An event arrived late: it started in the past (up to a week ago). */
        LATE_INSERTED,
        /** An event was deleted. */
        DELETED
    }
}
