package io.dorastream.connector.datadog;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DATADOG_API_URL cannot ship every connection's keys in clear text from a production connector. */
class ApiUrlGuardTest {

    @ParameterizedTest
    @ValueSource(strings = { "https://api.datadoghq.com", "https://datadog-proxy.internal:8443/", "http://localhost:8089",
            "http://127.0.0.1:8089", "http://127.8.9.10", "http://[::1]:8089" })
    void httpsOrLoopbackIsAccepted(String url) {
        assertDoesNotThrow(() -> ApiUrlGuard.check(Optional.of(url), false, true));
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://simulator:8089", "http://10.0.0.7:8089", "http://api.datadoghq.com", "ftp://x",
            "http://localhost.evil.io", "http://127.0.0.1.nip.io", "https:///nohost", "not a url" })
    void anythingElseStopsTheStartInProduction(String url) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ApiUrlGuard.check(Optional.of(url), false, true));
        assertTrue(e.getMessage().contains("DATADOG_API_URL"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://simulator:8089", "http://10.0.0.7:8089" })
    void demoSetUpsOptInAndDevAndTestAreNotProduction(String url) {
        assertDoesNotThrow(() -> ApiUrlGuard.check(Optional.of(url), true, true));
        assertDoesNotThrow(() -> ApiUrlGuard.check(Optional.of(url), false, false));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "  " })
    void noOverrideIsDatadogItself(String url) {
        assertDoesNotThrow(() -> ApiUrlGuard.check(Optional.of(url), false, true));
        assertDoesNotThrow(() -> ApiUrlGuard.check(Optional.empty(), false, true));
    }

    @ParameterizedTest
    @ValueSource(strings = { "localhost.evil.io", "example.com", "10.0.0.1", "" })
    void loopbackIsDecidedByTheTextNeverByDns(String host) {
        assertFalse(ApiUrlGuard.loopback(host));
    }
}
