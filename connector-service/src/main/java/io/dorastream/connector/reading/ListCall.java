package io.dorastream.connector.reading;

import java.time.Instant;

import io.dorastream.connector.datadog.DatadogResponse;
import io.dorastream.connector.datadog.DatadogUnreachableException;
import io.dorastream.events.Stream;

/**
 * One call of Datadog's cursor-less list endpoint ({@code POST /api/v2/dora/deployments} or
 * {@code /failures}) for one connection: site and keys are bound by whoever makes the lambda.
 * Production binds {@code DatadogClient.list}; tests call the simulator directly.
 */
@FunctionalInterface
public interface ListCall {

    /**
     * Lists {@code stream} between {@code from} and {@code to} (whole seconds), at most {@code limit} events.
     *
     * @param query Datadog event-search query, or null for all events
     * @return status, body and rate-limit headers, whatever the status
     * @throws DatadogUnreachableException when Datadog did not answer
     */
    DatadogResponse list(Stream stream, Instant from, Instant to, int limit, String query);
}
