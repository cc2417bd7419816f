package io.dorastream.connector.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class UnauthorizedReprobeBackoffTest {

    @Test
    void doublesFromTheInitialWaitUpToTheMax() {
        Duration initial = Duration.ofMinutes(5);
        Duration max = Duration.ofHours(1);
        assertEquals(Duration.ofMinutes(5), UnauthorizedReprobe.backoff(0, initial, max));
        assertEquals(Duration.ofMinutes(10), UnauthorizedReprobe.backoff(1, initial, max));
        assertEquals(Duration.ofMinutes(40), UnauthorizedReprobe.backoff(3, initial, max));
        assertEquals(Duration.ofHours(1), UnauthorizedReprobe.backoff(4, initial, max), "80 min capped at the hour");
        assertEquals(Duration.ofHours(1), UnauthorizedReprobe.backoff(Integer.MAX_VALUE, initial, max), "never overflows");
    }
}
