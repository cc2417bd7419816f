package io.dorastream.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class ServiceTokensTest {

    static final String NEW = "n".repeat(32);
    static final String OLD = "o".repeat(40);

    @Test
    void acceptsTheCurrentAndDuringARotationThePreviousToken() {
        ServiceTokens tokens = ServiceTokens.accepting(NEW, Optional.of(OLD), true);
        assertTrue(tokens.accepts("Bearer " + NEW));
        assertTrue(tokens.accepts("Bearer " + OLD));
        assertFalse(tokens.accepts("Bearer " + NEW.substring(1)));
        assertFalse(tokens.accepts(NEW), "the scheme is part of the header");
        assertFalse(tokens.accepts(null));
        assertFalse(tokens.accepts("Bearer "));
        ServiceTokens rotated = ServiceTokens.accepting(NEW, Optional.empty(), true);
        assertFalse(rotated.accepts("Bearer " + OLD), "once the previous token is removed, it is refused");
        assertFalse(ServiceTokens.accepting(NEW, Optional.of("  "), true).accepts("Bearer "), "a blank previous token is none");
    }

    @Test
    void productionRefusesShortTokensAndNamesTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceTokens.accepting("x".repeat(31), Optional.empty(), true));
        assertTrue(e.getMessage().contains("dorastream.internal-token") && e.getMessage().contains("32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ServiceTokens.accepting(NEW, Optional.of("short"), true));
        assertTrue(e.getMessage().contains("dorastream.internal-token-previous"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ServiceTokens.presented("short", true));
        assertEquals(NEW, ServiceTokens.presented(NEW, true));
    }

    @Test
    void devAndTestAcceptShortTokensButNeverAnEmptyOne() {
        assertTrue(ServiceTokens.accepting("test-internal-token", Optional.empty(), false).accepts("Bearer test-internal-token"));
        assertThrows(IllegalArgumentException.class, () -> ServiceTokens.accepting(" ", Optional.empty(), false));
        assertThrows(IllegalArgumentException.class, () -> ServiceTokens.presented(null, false));
    }
}
