package io.dorastream.devstack.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dorastream.devstack.simulator.DatasetSpec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The demo connection to the Datadog simulator, created through the gateway unless one named
 * {@value #NAME} exists: by {@code ./dorastream run}, and by docker-compose's {@code demo} profile as a
 * one-shot container ({@link #main}) running in the simulator's image.
 */
public final class DemoConnection {

    /** The demo connection's name. */
    public static final String NAME = "demo";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The environment variables {@link #main} reads (kept apart so that checks can read them without Jackson). */
    public static final class Environment {
        /** The gateway's base URL, e.g. {@code http://gateway:8080}. */
        public static final String GATEWAY_URL = "DORA_GATEWAY_URL";
        /** An admin token of the gateway. */
        public static final String ADMIN_TOKEN = "DORA_ADMIN_TOKEN";
        /** The API key the simulator accepts. */
        public static final String SIMULATOR_API_KEY = "DORA_SIMULATOR_API_KEY";
        /** The application key the simulator accepts. */
        public static final String SIMULATOR_APP_KEY = "DORA_SIMULATOR_APP_KEY";
        /** All of them. */
        public static final List<String> ALL = List.of(GATEWAY_URL, ADMIN_TOKEN, SIMULATOR_API_KEY, SIMULATOR_APP_KEY);

        private Environment() {
        }
    }

    private DemoConnection() {
    }

    /**
     * Returns the id of the connection named {@value #NAME}, creating it with the simulator's keys and a backfill
     * covering the dataset when there is none.
     *
     * @throws IllegalStateException when the gateway answers anything else than expected
     */
    public static String ensure(HttpClient http, URI gateway, String adminToken, String apiKey, String appKey,
                                DatasetSpec dataset, Consumer<String> progress) throws IOException, InterruptedException {
        return ensure(http, gateway, adminToken, apiKey, appKey, dataset, Instant.now(), progress);
    }

    /**
     * As {@link #ensure(HttpClient, URI, String, String, String, DatasetSpec, Consumer)} for a dataset generated back
     * from {@code datasetNow} (a simulator clock frozen in the past): the backfill also covers the days since then.
     */
    public static String ensure(HttpClient http, URI gateway, String adminToken, String apiKey, String appKey,
                                DatasetSpec dataset, Instant datasetNow, Consumer<String> progress)
            throws IOException, InterruptedException {
        JsonNode list = call(http, gateway, adminToken, "GET", "/api/v1/connections", null, 200);
        for (JsonNode c : list.path("items")) {
            if (NAME.equals(c.path("name").asText())) {
                return c.path("id").asText();
            }
        }
        progress.accept("creating the demo connection");
        ObjectNode body = JSON.createObjectNode();
        body.put("name", NAME);
        body.put("site", "datadoghq.com");
        body.put("apiKey", apiKey);
        body.put("appKey", appKey);
        long since = Math.max(0, Duration.between(datasetNow, Instant.now()).toDays());
        body.put("backfillDays", Math.min(730, since + dataset.monthsBack() * 31 + 7));
        body.put("pollIntervalSeconds", 10);
        // a retry after a lost answer (main tries again for two minutes) gets the first create's answer, not a 409
        String key = idempotencyKey;
        String id = call(http, gateway, adminToken, "POST", "/api/v1/connections", body.toString(), 201,
                "Idempotency-Key", key).path("id").asText();
        // created: a later create (after the connection was deleted, as the bench does between runs) is a new
        // request, which the stored answer of this one (the deleted connection's id) must not answer
        synchronized (DemoConnection.class) {
            if (idempotencyKey.equals(key)) {
                idempotencyKey = newIdempotencyKey();
            }
        }
        return id;
    }

    /**
     * The {@code Idempotency-Key} of the demo connection's next create: the same for the retries of one create,
     * a new one once it was created.
     */
    static volatile String idempotencyKey = newIdempotencyKey();

    private static String newIdempotencyKey() {
        return "dorastream-demo-connection-" + java.util.UUID.randomUUID();
    }

    /**
     * A call to the gateway with the admin token; fails unless it answers {@code expected}.
     *
     * @param headers further headers, name, value, name, value…
     */
    static JsonNode call(HttpClient http, URI gateway, String adminToken, String method, String path, String body,
                         int expected, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(90))
                .header("Authorization", "Bearer " + adminToken).header("Accept", "application/json");
        if (headers.length > 0) {
            rb = rb.headers(headers);
        }
        rb = body == null ? rb.method(method, HttpRequest.BodyPublishers.noBody())
                : rb.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    /**
     * Creates the demo connection from the {@link Environment} variables, for the simulator's default dataset
     * ({@link DatasetSpec#demo()}, what {@code SimulatorMain} serves without options). Tries again for up to two
     * minutes while the gateway or its connector is not reachable yet; exits with 1 on failure.
     */
    public static void main(String[] args) throws InterruptedException {
        URI gateway = URI.create(required(Environment.GATEWAY_URL));
        String token = required(Environment.ADMIN_TOKEN);
        String apiKey = required(Environment.SIMULATOR_API_KEY);
        String appKey = required(Environment.SIMULATOR_APP_KEY);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            try {
                String id = ensure(http, gateway, token, apiKey, appKey, DatasetSpec.demo(), System.out::println);
                System.out.println("demo connection " + id + " (" + gateway + "/api/v1/connections/" + id + "/sync)");
                return;
            } catch (IOException | IllegalStateException e) {
                if (Instant.now().isAfter(deadline)) {
                    System.err.println("cannot create the demo connection: " + e.getMessage());
                    System.exit(1);
                }
                System.out.println("gateway not ready (" + e.getMessage() + "); trying again");
                Thread.sleep(3000);
            }
        }
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            System.err.println("set " + name + " (" + String.join(", ", Environment.ALL) + " are needed)");
            System.exit(2);
        }
        return value;
    }
}
