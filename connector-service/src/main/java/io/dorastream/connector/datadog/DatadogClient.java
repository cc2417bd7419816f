package io.dorastream.connector.datadog;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.connector.config.ConnectorConfig;
import io.dorastream.events.DoraJson;
import io.dorastream.events.Stream;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * Calls Datadog for a connection's site (or the configured override URL). One REST client per
 * base URL; every call returns status, body and rate-limit headers, or throws
 * {@link DatadogUnreachableException}. Keys are only ever put in headers, never in messages.
 */
@ApplicationScoped
public class DatadogClient {

    private static final Logger LOG = Logger.getLogger(DatadogClient.class);

    private final ConnectorConfig config;
    private final MeterRegistry meters;
    private final Map<String, DatadogApi> clients = new ConcurrentHashMap<>();

    private final RateBudget budget;
    /** Runs the calls of live validations, so that their caller can stop waiting at the deadline. */
    private final ExecutorService validations = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "datadog-validation");
        t.setDaemon(true);
        return t;
    });

    public DatadogClient(ConnectorConfig config, MeterRegistry meters, RateBudget budget) {
        this.config = config;
        this.meters = meters;
        this.budget = budget;
    }

    /** The base URL a site's calls go to. */
    public String baseUrl(DatadogSite site) {
        return config.datadog().apiUrl().orElse(site.apiBaseUrl());
    }

    /** {@code GET /api/v1/validate}: the API key alone, within what remains of the validation's deadline. */
    public DatadogResponse validate(DatadogSite site, String apiKey, ValidationDeadline deadline) {
        return within(deadline, () -> call(site, "validate", "validate", api -> api.validate(apiKey)));
    }

    /**
     * {@code GET /api/v2/validate_keys}: both keys, within what remains of the validation's deadline; 404 where the
     * site does not offer it yet.
     */
    public DatadogResponse validateKeys(DatadogSite site, Credentials keys, ValidationDeadline deadline) {
        return within(deadline,
                () -> call(site, "validate keys", "validate_keys", api -> api.validateKeys(keys.apiKey(), keys.appKey())));
    }

    /**
     * A validation's {@code limit}-event read of a stream ({@link Priority#INTERACTIVE}), within what remains of its
     * deadline: the wait for the rate budget included (at most {@code interactive-max-wait}).
     */
    public DatadogResponse list(DatadogSite site, Credentials keys, Stream stream, Instant from, Instant to, int limit,
            String query, ValidationDeadline deadline) {
        Duration maxWait = min(config.datadog().interactiveMaxWait(), deadline.remaining());
        return within(deadline, () -> list(site, keys, stream, from, to, limit, query, Priority.INTERACTIVE, maxWait));
    }

    /**
     * Lists one stream's events in {@code [from, to)}; {@code query} may be null. {@code priority}
     * says whose share of the rate budget the call uses: that of the organisation's
     * bucket ({@code X-RateLimit-Name}) this stream's answers name.
     */
    public DatadogResponse list(DatadogSite site, Credentials keys, Stream stream, Instant from, Instant to, int limit,
            String query, Priority priority) {
        return list(site, keys, stream, from, to, limit, query, priority,
                priority == Priority.INTERACTIVE ? config.datadog().interactiveMaxWait() : null);
    }

    /** @param maxWait the longest wait for the rate budget (null: as long as it takes) */
    private DatadogResponse list(DatadogSite site, Credentials keys, Stream stream, Instant from, Instant to, int limit,
            String query, Priority priority, Duration maxWait) {
        String json = listRequestBody(stream, from, to, limit, query);
        String org = RateBudget.key(baseUrl(site), keys.apiKey());
        String endpoint = "list_" + stream.id();
        long waitStart = System.nanoTime();
        RateBudget.Call call;
        try {
            call = budget.acquire(org, endpoint, priority, maxWait);
        } catch (RateBudget.Exhausted e) {
            throw new DatadogRateLimitedException(e.getMessage(), e.retryAfter());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatadogUnreachableException("interrupted while waiting for Datadog's rate budget", e);
        }
        meters.timer("dora.datadog.budget.wait", "priority", priority.name().toLowerCase(java.util.Locale.ROOT))
                .record(System.nanoTime() - waitStart, TimeUnit.NANOSECONDS);
        DatadogResponse r = null;
        try {
            r = call(site, "list " + stream.id(), endpoint, api -> api.list(stream.id(), keys.apiKey(), keys.appKey(), json));
            return r;
        } finally {
            call.done(r == null ? null : r.rateLimit(), r == null ? 0 : r.status());
        }
    }

    /**
     * Runs one call of a validation and waits for it at most the time that remains of the deadline. Past it the
     * call is cancelled (its answer, should one still come, is dropped) and the validation fails.
     *
     * @throws ValidationDeadline.ValidationTimeoutException the deadline passed first
     */
    private <T> T within(ValidationDeadline deadline, java.util.function.Supplier<T> call) {
        Duration left = deadline.remaining();
        if (left.isZero()) {
            throw deadline.expired();
        }
        Future<T> running = validations.submit(call::get);
        try {
            return running.get(left.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            throw deadline.expired();
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            throw new DatadogUnreachableException("interrupted while waiting for Datadog's answer", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @PreDestroy
    void stop() {
        validations.shutdownNow();
    }

    /** The JSON:API body of a list request; the {@code type} is required by Datadog, the query optional. */
    public static String listRequestBody(Stream stream, Instant from, Instant to, int limit, String query) {
        ObjectNode body = DoraJson.mapper().createObjectNode();
        ObjectNode data = body.putObject("data");
        data.put("type", stream == Stream.DEPLOYMENTS ? "dora_deployments_list_request" : "dora_failures_list_request");
        ObjectNode attributes = data.putObject("attributes");
        attributes.put("from", from.toString());
        attributes.put("to", to.toString());
        attributes.put("limit", limit);
        if (query != null && !query.isBlank()) {
            attributes.put("query", query);
        }
        return body.toString();
    }

    /**
     * One request; counted in {@code dora.datadog.requests} by endpoint and status ({@code none}
     * when Datadog did not answer), labels of bounded cardinality only.
     */
    private DatadogResponse call(DatadogSite site, String what, String endpoint,
            java.util.function.Function<DatadogApi, Response> request) {
        String base = baseUrl(site);
        DatadogApi api = clients.computeIfAbsent(base, this::build);
        try (Response r = request.apply(api)) {
            String body = r.hasEntity() ? r.readEntity(String.class) : "";
            meters.counter("dora.datadog.requests", "endpoint", endpoint, "status", Integer.toString(r.getStatus())).increment();
            if (r.getStatus() == 429) {
                meters.counter("dora.datadog.rate_limited", "endpoint", endpoint).increment();
            }
            return new DatadogResponse(r.getStatus(), body, RateLimit.of(r));
        } catch (ProcessingException e) {
            meters.counter("dora.datadog.requests", "endpoint", endpoint, "status", "none").increment();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            // the details (base URL, the exception's text) for operators only; callers get a stable code and sentence
            LOG.infof("Datadog (%s) did not answer %s: %s", base, what, cause.toString());
            throw DatadogUnreachableException.noAnswer(what, e);
        }
    }

    private DatadogApi build(String baseUrl) {
        long timeout = config.datadog().requestTimeout().toMillis();
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(baseUrl))
                .connectTimeout(Math.min(timeout, 10_000), TimeUnit.MILLISECONDS)
                .readTimeout(timeout, TimeUnit.MILLISECONDS)
                .build(DatadogApi.class);
    }

    /** A connection's decrypted keys, held only for the duration of the calls. */
    public record Credentials(String apiKey, String appKey) {
        @Override
        public String toString() {
            return "Credentials[redacted]";
        }
    }
}
