package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Serves the unauthenticated control endpoints under {@code /_sim/}: faults, clock, dataset,
 * mutations and stats. Faults and rate limits never apply here.
 */
final class AdminHttpHandler implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(AdminHttpHandler.class.getName());
    private static final int MAX_MUTATIONS = 10_000;

    private final DatadogSimulator simulator;

    AdminHttpHandler(DatadogSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = HttpIo.body(exchange);
            List<String> path = HttpIo.segments(exchange);
            String resource = path.size() == 2 ? path.get(1) : "";
            HttpIo.send(exchange, serve(exchange.getRequestMethod(), resource, exchange.getRequestURI().getRawQuery(),
                    body));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            HttpIo.send(exchange, ApiResponse.errors(400, ApiResponse.JSON, e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "simulator control request failed", e);
            HttpIo.send(exchange, ApiResponse.errors(500, ApiResponse.JSON, "Internal Server Error"));
        } finally {
            exchange.close();
        }
    }

    private ApiResponse serve(String method, String resource, String query, byte[] body) {
        return switch (method + " " + resource) {
            case "GET faults" -> ok(Json.MAPPER.valueToTree(simulator.faults()));
            case "PUT faults" -> {
                simulator.faults(faultConfig(body));
                yield ok(Json.MAPPER.valueToTree(simulator.faults()));
            }
            case "GET clock" -> ok(clock());
            case "PUT clock" -> {
                setClock(object(body));
                yield ok(clock());
            }
            case "GET dataset" -> ok(simulator.export().toJsonNode());
            case "PUT dataset" -> {
                Dataset dataset = Dataset.fromJson(object(body));
                simulator.load(dataset);
                yield ok(Json.object().put("deployments", dataset.deployments().size())
                        .put("failures", dataset.failures().size()));
            }
            case "POST mutations" -> ok(mutations(count(query)));
            case "GET stats" -> ok(simulator.stats().toJson());
            case "DELETE stats" -> {
                simulator.stats().reset();
                yield ok(simulator.stats().toJson());
            }
            default -> ApiResponse.errors(404, ApiResponse.JSON, "Not found");
        };
    }

    /** A fault configuration from JSON; absent fields keep the values of {@link FaultConfig#none()}. */
    private static FaultConfig faultConfig(byte[] body) {
        ObjectNode merged = Json.MAPPER.valueToTree(FaultConfig.none());
        merged.setAll(object(body));
        try {
            return Json.MAPPER.treeToValue(merged, FaultConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid fault configuration: " + e.getOriginalMessage());
        }
    }

    private ObjectNode clock() {
        return Json.object()
                .put("now", Timestamps.format(simulator.clock().now()))
                .put("system", simulator.clock().isRunning());
    }

    /** {@code {"now": "…"}} freezes, {@code {"advance": "PT1H"}} moves, {@code {"system": true}} releases. */
    private void setClock(ObjectNode request) {
        SimClock clock = simulator.clock();
        if (request.path("system").asBoolean(false)) {
            clock.useSystemTime();
        }
        String now = Json.string(request, "now");
        if (now != null) {
            clock.set(Timestamps.parseRfc3339(now));
        }
        String advance = Json.string(request, "advance");
        if (advance != null) {
            clock.advance(Duration.parse(advance));
        }
        if (!request.has("system") && now == null && advance == null) {
            throw new IllegalArgumentException("expected \"now\", \"advance\" or \"system\"");
        }
    }

    private ObjectNode mutations(int count) {
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray("mutations");
        simulator.mutator().apply(count).forEach(m -> list.add(Json.MAPPER.valueToTree(m)));
        return answer;
    }

    private static int count(String query) {
        if (query == null) {
            return 1;
        }
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("count=")) {
                int count = Integer.parseInt(parameter.substring("count=".length()));
                if (count < 0 || count > MAX_MUTATIONS) {
                    throw new IllegalArgumentException("count must be within 0.." + MAX_MUTATIONS);
                }
                return count;
            }
        }
        return 1;
    }

    private static ObjectNode object(byte[] body) {
        JsonNode node;
        try {
            node = Json.parse(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("body is not valid JSON");
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    private static ApiResponse ok(JsonNode body) {
        return ApiResponse.of(200, ApiResponse.JSON, body);
    }
}
