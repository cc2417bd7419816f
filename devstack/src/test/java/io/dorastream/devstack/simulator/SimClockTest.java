package io.dorastream.devstack.simulator;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimClockTest {

    private static final Instant SYSTEM = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void followsSystemTimeUntilSetAndReturnsToIt() {
        SimClock clock = new SimClock(Clock.fixed(SYSTEM, ZoneOffset.UTC));
        assertEquals(SYSTEM, clock.now());
        assertTrue(clock.isRunning());
        clock.set(Instant.parse("2023-08-31T14:26:14Z"));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Instant.parse("2023-08-31T14:26:24Z"), clock.now());
        assertFalse(clock.isRunning());
        clock.useSystemTime();
        assertEquals(SYSTEM, clock.now());
    }

    @Test
    void advancingARunningClockShiftsIt() {
        SimClock clock = new SimClock(Clock.fixed(SYSTEM, ZoneOffset.UTC));
        clock.advance(Duration.ofHours(2));
        assertEquals(SYSTEM.plus(Duration.ofHours(2)), clock.now());
        assertTrue(clock.isRunning());
    }
}
