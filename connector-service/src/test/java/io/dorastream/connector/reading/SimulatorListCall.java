package io.dorastream.connector.reading;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;


import io.dorastream.connector.datadog.DatadogClient;
import io.dorastream.connector.datadog.DatadogResponse;
import io.dorastream.connector.datadog.DatadogUnreachableException;
import io.dorastream.connector.datadog.RateLimit;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.events.Stream;

/** A {@link ListCall} over plain {@link HttpClient}, against the in-process Datadog simulator. */
final class SimulatorListCall implements ListCall {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final Duration timeout;
    private final AtomicInteger calls = new AtomicInteger();

    SimulatorListCall(URI base) {
        this(base, Duration.ofSeconds(10));
    }

    SimulatorListCall(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
    }

    int calls() {
        return calls.get();
    }

    @Override
    public DatadogResponse list(Stream stream, Instant from, Instant to, int limit, String query) {
        calls.incrementAndGet();
        String body = DatadogClient.listRequestBody(stream, from, to, limit, query);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v2/dora/" + stream.id()))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("DD-API-KEY", SimulatorConfig.DEFAULT_API_KEY)
                .header("DD-APPLICATION-KEY", SimulatorConfig.DEFAULT_APP_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new DatadogResponse(r.statusCode(), r.body(), new RateLimit(header(r, "X-RateLimit-Limit"),
                    header(r, "X-RateLimit-Period"), header(r, "X-RateLimit-Remaining"), header(r, "X-RateLimit-Reset"),
                    r.headers().firstValue("X-RateLimit-Name").orElse(null)));
        } catch (IOException e) {
            throw new DatadogUnreachableException("simulator did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Integer header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).map(v -> {
            try {
                return Integer.valueOf(v.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
    }
}
