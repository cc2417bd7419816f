package io.dorastream.connector.datadog;

import java.time.Duration;

/**
 * Datadog's rate limit for a set of keys is used up (a 429, or a budget that stays empty longer
 * than someone waiting on the answer should wait): the call can be tried again after
 * {@link #retryAfter()}.
 */
public class DatadogRateLimitedException extends DatadogUnreachableException {
    private final Duration retryAfter;

    public DatadogRateLimitedException(String message, Duration retryAfter) {
        super(message, null);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
