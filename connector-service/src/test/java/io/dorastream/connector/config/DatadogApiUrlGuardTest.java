package io.dorastream.connector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatadogApiUrlGuardTest {

    @ParameterizedTest
    @ValueSource(strings = { "https://api.datadoghq.eu", "https://datadog-proxy.internal:8443/", "http://127.0.0.1:8089",
            "http://localhost:8089", "http://127.5.0.1", "http://[::1]:8089", "HTTP://LOCALHOST:1" })
    void httpsOrLoopbackIsAllowed(String url) {
        assertEquals(Optional.empty(), DatadogApiUrlGuard.refusal(Optional.of(url), false));
    }

    @Test
    void noOverrideIsAllowed() {
        assertEquals(Optional.empty(), DatadogApiUrlGuard.refusal(Optional.empty(), false));
        assertEquals(Optional.empty(), DatadogApiUrlGuard.refusal(Optional.of(" "), false));
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://simulator:8089", "http://datadog-simulator:8089", "http://10.0.0.7:8089",
            "http://127.0.0.1.nip.io:8089", "http://localhost.example.com", "http://[::ffff:10.0.0.1]" })
    void plainHttpToAnotherHostIsRefusedNamingTheWayOut(String url) {
        Optional<String> refusal = DatadogApiUrlGuard.refusal(Optional.of(url), false);
        assertTrue(refusal.isPresent(), url);
        assertTrue(refusal.get().contains("https://") && refusal.get().contains("allow-insecure-api-url"), refusal.get());
        assertEquals(Optional.empty(), DatadogApiUrlGuard.refusal(Optional.of(url), true), "allowed for a demo");
    }

    @ParameterizedTest
    @ValueSource(strings = { "ftp://api.datadoghq.com", "api.datadoghq.com", "https://", "http://exa mple.com" })
    void whatIsNoHttpUrlIsRefusedEvenForADemo(String url) {
        assertTrue(DatadogApiUrlGuard.refusal(Optional.of(url), true).isPresent(), url);
    }
}
