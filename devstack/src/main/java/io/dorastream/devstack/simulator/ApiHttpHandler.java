package io.dorastream.devstack.simulator;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Serves {@code /api/...}: draws the request's fault, applies the rate limit, checks the keys,
 * runs the endpoint, adds the rate-limit headers and counts the answer.
 */
final class ApiHttpHandler implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(ApiHttpHandler.class.getName());

    private final DoraApi api;
    private final Authenticator authenticator;
    private final FaultInjector faults;
    private final RateLimiter rateLimiter;
    private final SimulatorStats stats;
    private final CountDownLatch closing;

    ApiHttpHandler(DoraApi api, Authenticator authenticator, FaultInjector faults, RateLimiter rateLimiter,
                   SimulatorStats stats, CountDownLatch closing) {
        this.api = api;
        this.authenticator = authenticator;
        this.faults = faults;
        this.rateLimiter = rateLimiter;
        this.stats = stats;
        this.closing = closing;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = HttpIo.body(exchange);
            Optional<Endpoint.Route> route = Endpoint.match(exchange.getRequestMethod(), HttpIo.segments(exchange))
                    .filter(r -> r.endpoint() != Endpoint.VALIDATE_KEYS || api.validateKeys());
            String label = route.map(r -> r.endpoint().label()).orElse(Endpoint.UNKNOWN);
            Headers headers = exchange.getRequestHeaders();
            String apiKey = headers.getFirst("DD-API-KEY");
            String bucket = rateLimiter.bucket(route.map(Endpoint.Route::endpoint).orElse(null));
            FaultInjector.Decision decision = faults.decide();
            if (decision.latencyMillis() > 0 && closing.await(decision.latencyMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            switch (decision.fault()) {
                case TIMEOUT -> {
                    stats.recordTimeout();
                    stats.holdStarted();
                    try {
                        closing.await(decision.holdMillis(), TimeUnit.MILLISECONDS);
                    } finally {
                        stats.holdEnded();
                    }
                    return;
                }
                case ERROR_5XX -> {
                    answer(exchange, label, serverError(decision.status()), rateLimiter.peek(apiKey, bucket));
                    return;
                }
                case RATE_LIMITED -> {
                    stats.recordInjectedRateLimited();
                    answer(exchange, label, tooManyRequests(), rateLimiter.peek(apiKey, bucket).exhausted());
                    return;
                }
                default -> {
                    // served below, possibly with a damaged body
                }
            }
            RateLimiter.Quota quota = rateLimiter.acquire(apiKey, bucket);
            if (!quota.allowed()) {
                stats.recordRateLimited();
                answer(exchange, label, tooManyRequests(), quota);
                return;
            }
            ApiResponse response = route.map(r -> serve(r, headers, body))
                    .orElseGet(() -> ApiResponse.errors(404, ApiResponse.JSON, "Not found"));
            answer(exchange, label, damage(response, decision.fault()), quota);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // Ends the exchange; without an answer sent, this drops the connection.
            exchange.close();
        }
    }

    private ApiResponse serve(Endpoint.Route route, Headers headers, byte[] body) {
        try {
            return authenticator.refuse(route.endpoint(), headers.getFirst("DD-API-KEY"),
                    headers.getFirst("DD-APPLICATION-KEY")).orElseGet(() -> api.handle(route, body));
        } catch (ApiException e) {
            return e.response();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "simulator failed on " + route, e);
            return serverError(500);
        }
    }

    private void answer(HttpExchange exchange, String label, ApiResponse response, RateLimiter.Quota quota)
            throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("X-RateLimit-Limit", Integer.toString(quota.limit()));
        headers.set("X-RateLimit-Period", Integer.toString(quota.period()));
        headers.set("X-RateLimit-Remaining", Integer.toString(quota.remaining()));
        headers.set("X-RateLimit-Reset", Long.toString(quota.resetSeconds()));
        headers.set("X-RateLimit-Name", quota.name());
        stats.recordAnswer(label, response.status());
        HttpIo.send(exchange, response);
    }

    private static ApiResponse serverError(int status) {
        String message = switch (status) {
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Internal Server Error";
        };
        return ApiResponse.errors(status, ApiResponse.JSON, message);
    }

    private static ApiResponse tooManyRequests() {
        return ApiResponse.errors(429, ApiResponse.JSON, "Too many requests");
    }

    /**
     * A malformed body replaces the first {@code :} with {@code ;}; a truncated one keeps the
     * first half. Empty bodies stay empty.
     */
    private static ApiResponse damage(ApiResponse response, FaultInjector.Fault fault) {
        byte[] body = response.body();
        if (body.length == 0) {
            return response;
        }
        return switch (fault) {
            case MALFORMED_JSON -> {
                String text = new String(body, StandardCharsets.UTF_8);
                int colon = text.indexOf(':');
                String broken = colon >= 0 ? text.substring(0, colon) + ";" + text.substring(colon + 1) : "<" + text;
                yield new ApiResponse(response.status(), response.contentType(), broken.getBytes(StandardCharsets.UTF_8));
            }
            case TRUNCATED_JSON -> new ApiResponse(response.status(), response.contentType(),
                    Arrays.copyOf(body, Math.max(1, body.length / 2)));
            default -> response;
        };
    }
}
