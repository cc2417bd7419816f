package io.dorastream.connector.datadog;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

/**
 * Datadog did not answer (connection refused, DNS failure, timeout). The message is what callers
 * see (a 503 problem's detail, a stream's {@code lastError}): a stable code and a fixed sentence —
 * never the base URL or the underlying exception's text, which go to the log only.
 */
public class DatadogUnreachableException extends RuntimeException {

    /** Why Datadog did not answer, each with its stable code and sentence. */
    public enum Reason {
        TIMEOUT("datadog-timeout", "Datadog did not answer in time"),
        CONNECTION_REFUSED("datadog-connection-refused", "Datadog refused the connection"),
        UNKNOWN_HOST("datadog-unknown-host", "Datadog's host name could not be resolved"),
        TLS("datadog-tls", "the TLS handshake with Datadog failed"),
        UNREACHABLE("datadog-unreachable", "Datadog could not be reached");

        private final String code;
        private final String sentence;

        Reason(String code, String sentence) {
            this.code = code;
            this.sentence = sentence;
        }

        public String code() {
            return code;
        }

        /** The reason of a failed call, from its cause chain. */
        public static Reason of(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof SocketTimeoutException || t instanceof TimeoutException
                        || t.getClass().getSimpleName().contains("Timeout")) {
                    return TIMEOUT;
                }
                if (t instanceof UnknownHostException) {
                    return UNKNOWN_HOST;
                }
                if (t instanceof SSLException) {
                    return TLS;
                }
                if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                    return CONNECTION_REFUSED;
                }
            }
            return UNREACHABLE;
        }
    }

    public DatadogUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A call that got no answer, e.g. {@code datadog-timeout: Datadog did not answer in time (list deployments)};
     * {@code what} names the call, never its URL.
     */
    public static DatadogUnreachableException noAnswer(String what, Throwable cause) {
        Reason reason = Reason.of(cause);
        return new DatadogUnreachableException(reason.code + ": " + reason.sentence + " (" + what + ")", cause);
    }
}
