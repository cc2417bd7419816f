package io.dorastream.devstack.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The simulator's settable clock. It follows system time (plus any offset added by
 * {@link #advance(Duration)}) until {@link #set(Instant)} freezes it; {@link #useSystemTime()}
 * returns to plain system time. Rate-limit windows, retention and generated data read it.
 */
public final class SimClock {

    private final Clock system;
    private Instant frozen;
    private Duration offset = Duration.ZERO;

    /** A clock that follows system UTC time. */
    public SimClock() {
        this(Clock.systemUTC());
    }

    /** A clock over the given time source (for tests of the clock itself). */
    public SimClock(Clock system) {
        this.system = Objects.requireNonNull(system, "system");
    }

    /** The current simulated instant. */
    public synchronized Instant now() {
        return frozen != null ? frozen : system.instant().plus(offset);
    }

    /** Freezes the clock at {@code instant}; it stays there until set, advanced or released. */
    public synchronized void set(Instant instant) {
        frozen = Objects.requireNonNull(instant, "instant");
        offset = Duration.ZERO;
    }

    /** Moves the clock forward (or back, for a negative duration); a running clock keeps running. */
    public synchronized void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (frozen != null) {
            frozen = frozen.plus(duration);
        } else {
            offset = offset.plus(duration);
        }
    }

    /** Returns to plain system time, dropping any frozen instant or offset. */
    public synchronized void useSystemTime() {
        frozen = null;
        offset = Duration.ZERO;
    }

    /** Whether the clock follows system time (possibly shifted by an offset) rather than being frozen. */
    public synchronized boolean isRunning() {
        return frozen == null;
    }
}
