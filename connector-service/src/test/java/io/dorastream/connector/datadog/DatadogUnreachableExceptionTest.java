package io.dorastream.connector.datadog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import javax.net.ssl.SSLHandshakeException;

import jakarta.ws.rs.ProcessingException;

import org.junit.jupiter.api.Test;

class DatadogUnreachableExceptionTest {

    private static String message(Throwable cause) {
        return DatadogUnreachableException.noAnswer("list deployments", new ProcessingException(cause)).getMessage();
    }

    @Test
    void callersGetAStableCodeAndSentenceNeverTheUrlOrTheExceptionText() {
        String refused = message(new ConnectException("Connection refused: datadog.internal.example/10.1.2.3:443"));
        assertEquals("datadog-connection-refused: Datadog refused the connection (list deployments)", refused);
        assertEquals("datadog-timeout: Datadog did not answer in time (list deployments)",
                message(new SocketTimeoutException("Read timed out after 30000 ms to https://api.datadoghq.eu")));
        assertEquals("datadog-unknown-host: Datadog's host name could not be resolved (list deployments)",
                message(new UnknownHostException("api.nowhere.example")));
        assertEquals("datadog-tls: the TLS handshake with Datadog failed (list deployments)",
                message(new SSLHandshakeException("PKIX path building failed")));
        assertEquals("datadog-unreachable: Datadog could not be reached (list deployments)",
                message(new IllegalStateException("http://10.1.2.3:8089 closed")));
        for (String m : new String[] { refused, message(new IllegalStateException("http://10.1.2.3:8089 closed")) }) {
            assertFalse(m.contains("10.1.2.3") || m.contains("example") || m.contains("http"), m);
        }
    }
}
