package io.dorastream.devstack.simulator;

/**
 * How list answers differ from the documented API the way the real Datadog does, each switchable.
 *
 * <ul>
 *   <li>{@code pageCap}: at most this many events per answer whatever {@code limit} asks (0: none).
 *       Datadog documents {@code limit} ≤ 1000, but only 500 has been seen honoured, and an
 *       answer cut by a server-side cap looks like a short, complete page;</li>
 *   <li>{@code microsPerEvent}: latency that grows with the answer's size, added per event listed;</li>
 *   <li>{@code gatewayTimeoutMillis}: an answer whose latency would exceed it comes back as a
 *       {@code 504} after that long instead (0: never), as a heavy window does behind Datadog's
 *       gateway;</li>
 *   <li>{@code realShapes}: items carry 2026's live shapes: failures have {@code service},
 *       {@code env} and {@code team} as arrays and {@code created_at}, {@code source},
 *       {@code custom}, {@code internal}; deployments carry {@code source}, {@code created_at}
 *       (with fractional seconds), {@code duration}, {@code number_of_pull_requests},
 *       {@code pull_requests[]} (an unset {@code created_at} written {@code 0001-01-01T00:00:00Z}),
 *       {@code averaged_metrics}, {@code custom}; a running deployment or an open failure has no
 *       {@code finished_at};</li>
 *   <li>{@code zeroTimes}: a running deployment or an open failure carries {@code finished_at}
 *       as Datadog's Go backend writes an unset time: {@code 0001-01-01T00:00:00Z} (in the
 *       epoch-nanosecond format, {@code 0});</li>
 *   <li>{@code malformedShare}: this share of events (chosen by id, so every answer agrees) has one
 *       malformed optional attribute: an integer out of range ({@code number_of_pull_requests:
 *       3000000000}), a duration written {@code "PT744S"}, a count written {@code "n/a"}, an
 *       unparseable {@code created_at}, a bad nested date, a boolean spelled {@code "pending"}.</li>
 * </ul>
 *
 * @param pageCap              most events per answer, 0 for none
 * @param microsPerEvent       latency per event listed, in microseconds
 * @param gatewayTimeoutMillis latency after which an answer becomes a 504, 0 for never
 * @param realShapes           whether items carry the live shapes
 * @param zeroTimes            whether unset finish times are written as year 1 (or 0)
 * @param malformedShare       share of events with one malformed optional attribute, in [0, 1]
 */
public record ListQuirks(int pageCap, long microsPerEvent, long gatewayTimeoutMillis, boolean realShapes,
                         boolean zeroTimes, double malformedShare) {

    /** Validates the values. */
    public ListQuirks {
        if (pageCap < 0 || microsPerEvent < 0 || gatewayTimeoutMillis < 0) {
            throw new IllegalArgumentException("pageCap, microsPerEvent and gatewayTimeoutMillis must not be negative");
        }
        if (!(malformedShare >= 0 && malformedShare <= 1)) {
            throw new IllegalArgumentException("malformedShare must be within [0, 1], got " + malformedShare);
        }
    }

    /** The best evidence of 2026: live shapes, no cap, no latency, no zero times, nothing malformed. */
    public static ListQuirks defaults() {
        return new ListQuirks(0, 0, 0, true, false, 0);
    }

    /** The documented shapes only, as the simulator answered before 2026's probes. */
    public static ListQuirks documented() {
        return new ListQuirks(0, 0, 0, false, false, 0);
    }

    public ListQuirks withPageCap(int value) {
        return new ListQuirks(value, microsPerEvent, gatewayTimeoutMillis, realShapes, zeroTimes, malformedShare);
    }

    public ListQuirks withLatency(long micros, long timeoutMillis) {
        return new ListQuirks(pageCap, micros, timeoutMillis, realShapes, zeroTimes, malformedShare);
    }

    public ListQuirks withRealShapes(boolean value) {
        return new ListQuirks(pageCap, microsPerEvent, gatewayTimeoutMillis, value, zeroTimes, malformedShare);
    }

    public ListQuirks withZeroTimes(boolean value) {
        return new ListQuirks(pageCap, microsPerEvent, gatewayTimeoutMillis, realShapes, value, malformedShare);
    }

    public ListQuirks withMalformedShare(double value) {
        return new ListQuirks(pageCap, microsPerEvent, gatewayTimeoutMillis, realShapes, zeroTimes, value);
    }

    /** At most how many events an answer to {@code limit} lists. */
    int pageSize(int limit) {
        return pageCap > 0 ? Math.min(limit, pageCap) : limit;
    }

    /** The latency of an answer listing {@code events}, in microseconds. */
    long latencyMicros(int events) {
        return microsPerEvent * events;
    }

    /** Whether an answer of that latency times out at the gateway. */
    boolean timesOut(long latencyMicros) {
        return gatewayTimeoutMillis > 0 && latencyMicros > gatewayTimeoutMillis * 1000;
    }
}
