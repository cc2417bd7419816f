package io.dorastream.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The per-address limit of failed authentications, on a clock the test moves. */
class FailedAuthenticationsTest {

    private static final String ATTACKER = "203.0.113.7";
    private static final String OTHER = "198.51.100.20";

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

    /** 3 failures within a minute block for 5 minutes. */
    private FailedAuthentications limiter() {
        return limiter(3, FailedAuthentications.MAX_ADDRESSES);
    }

    private FailedAuthentications limiter(int limit, int maxAddresses) {
        return new FailedAuthentications(limit, Duration.ofMinutes(1), Duration.ofMinutes(5), maxAddresses, nanos::get);
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void theFailureThatReachesTheLimitBlocksTheAddressForTheBlockTime() {
        FailedAuthentications f = limiter();
        assertFalse(f.failed(ATTACKER));
        assertTrue(f.check(ATTACKER).allowed());
        advance(Duration.ofSeconds(10));
        assertFalse(f.failed(ATTACKER));
        assertTrue(f.check(ATTACKER).allowed());
        advance(Duration.ofSeconds(10));
        assertTrue(f.failed(ATTACKER), "the third failure blocks");

        RateLimiter.Decision blocked = f.check(ATTACKER);
        assertFalse(blocked.allowed());
        assertEquals(300, blocked.retryAfterSeconds());
        advance(Duration.ofSeconds(100).plusMillis(1));
        assertEquals(200, f.check(ATTACKER).retryAfterSeconds(), "Retry-After: the rest of the block, rounded up");
        advance(Duration.ofSeconds(200).minusMillis(2));
        assertEquals(1, f.check(ATTACKER).retryAfterSeconds());
        advance(Duration.ofMillis(1));
        assertTrue(f.check(ATTACKER).allowed(), "the block ends on time");
    }

    @Test
    void failuresDuringABlockNeitherCountNorLengthenIt() {
        FailedAuthentications f = limiter();
        for (int i = 0; i < 3; i++) {
            f.failed(ATTACKER);
        }
        advance(Duration.ofMinutes(4));
        for (int i = 0; i < 10; i++) {
            assertFalse(f.failed(ATTACKER), "already blocked");
        }
        assertEquals(60, f.check(ATTACKER).retryAfterSeconds());
        advance(Duration.ofMinutes(1));
        assertTrue(f.check(ATTACKER).allowed());
        // after a block the count starts over: it takes the whole limit again
        assertFalse(f.failed(ATTACKER));
        assertFalse(f.failed(ATTACKER));
        assertTrue(f.check(ATTACKER).allowed());
        assertTrue(f.failed(ATTACKER));
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowDoNotBlock() {
        FailedAuthentications f = limiter();
        f.failed(ATTACKER);
        f.failed(ATTACKER);
        advance(Duration.ofMinutes(1)); // the window (from the first failure) is over: a new one starts
        assertFalse(f.failed(ATTACKER));
        assertFalse(f.failed(ATTACKER));
        assertTrue(f.check(ATTACKER).allowed());
        advance(Duration.ofSeconds(59));
        assertTrue(f.failed(ATTACKER), "three within the new window");
    }

    @Test
    void anotherAddressIsNeverAffected() {
        FailedAuthentications f = limiter();
        for (int i = 0; i < 3; i++) {
            f.failed(ATTACKER);
        }
        assertFalse(f.check(ATTACKER).allowed());
        assertTrue(f.check(OTHER).allowed());
        assertFalse(f.failed(OTHER), "its own count: one failure");
        assertTrue(f.check(OTHER).allowed());
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64AndAMappedIpv4ByItsIpv4Address() {
        assertEquals("2001:db8:1:2::/64", FailedAuthentications.key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        assertEquals("2001:db8:1:2::/64", FailedAuthentications.key("[2001:0db8:0001:0002::1]"));
        assertEquals("fe80:0:0:0::/64", FailedAuthentications.key("fe80::1%eth0"));
        assertEquals("192.0.2.1", FailedAuthentications.key("::ffff:192.0.2.1"));
        assertEquals("192.0.2.1", FailedAuthentications.key("192.0.2.1"));
        // not an address (an obfuscated Forwarded for=): kept as given, bounded, never looked up
        assertEquals("_hidden", FailedAuthentications.key("_hidden"));
        assertEquals(64, FailedAuthentications.key("x".repeat(500)).length());

        FailedAuthentications f = limiter();
        f.failed("2001:db8:1:2::a");
        f.failed("2001:db8:1:2::b");
        f.failed("2001:db8:1:2::c");
        assertFalse(f.check("2001:db8:1:2::d").allowed(), "another address of the same /64 is the same client");
        assertTrue(f.check("2001:db8:1:3::a").allowed(), "the next /64 is another client");
    }

    @Test
    void aLimitOfZeroTurnsItOff() {
        FailedAuthentications f = new FailedAuthentications(0, Duration.ZERO, Duration.ZERO, 10, nanos::get);
        assertFalse(f.enabled());
        for (int i = 0; i < 1000; i++) {
            assertFalse(f.failed(ATTACKER));
        }
        assertTrue(f.check(ATTACKER).allowed());
        assertEquals(0, f.addresses());
    }

    @Test
    void anUnknownAddressIsNeitherCountedNorRefused() {
        FailedAuthentications f = limiter(1, 10);
        assertFalse(f.failed(null));
        assertTrue(f.check(null).allowed());
        assertEquals(0, f.addresses());
    }

    @Test
    void settingsThatCannotWorkAreRefusedNamingTheProperty() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> new FailedAuthentications(-1, Duration.ofMinutes(1), Duration.ofMinutes(5), 10, nanos::get));
        assertTrue(negative.getMessage().contains("dorastream.auth.failed-limit"), negative.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> new FailedAuthentications(5, Duration.ofMinutes(1), Duration.ZERO, 10, nanos::get));
        assertTrue(zero.getMessage().contains("dorastream.auth.failed-block"), zero.getMessage());
    }

    @Test
    void addressesAreForgottenWhenTheirWindowOrBlockEndsAndTheTableIsBounded() {
        FailedAuthentications f = limiter(3, 50);
        for (int i = 0; i < 500; i++) {
            f.failed("10.0." + (i / 250) + "." + (i % 250));
        }
        assertTrue(f.addresses() <= 50, "bounded: " + f.addresses());
        for (int i = 0; i < 3; i++) {
            f.failed(ATTACKER);
        }
        advance(Duration.ofMinutes(5).plusSeconds(2)); // past every window and the block (plus Caffeine's sweep step)
        assertEquals(0, f.addresses());
        assertTrue(f.check(ATTACKER).allowed());
    }
}
