package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Datadog's recorded DORA exchanges (test resources {@code datadog-recordings/}), in one form. */
final class Recordings {

    /**
     * One recorded request and its answer.
     *
     * @param method       HTTP method
     * @param path         request path
     * @param requestBody  request body, empty for none
     * @param status       recorded status
     * @param contentType  recorded content type
     * @param responseBody recorded body
     */
    record Exchange(String method, String path, String requestBody, int status, String contentType,
                    String responseBody) {
    }

    /**
     * A recorded scenario: its exchanges in order, replayed at its frozen time.
     *
     * @param source    file (and scenario) it comes from
     * @param frozenAt  the clock of the recording, or {@code null} when none was recorded
     * @param exchanges the exchanges
     */
    record Scenario(String source, Instant frozenAt, List<Exchange> exchanges) {
        @Override
        public String toString() {
            return source;
        }
    }

    private Recordings() {
    }

    /** Every scenario of the go cassettes, the java cassettes and the test-server data. */
    static List<Scenario> all() {
        Path root = root();
        List<Scenario> scenarios = new ArrayList<>();
        for (Path file : files(root.resolve("go-cassettes"), ".yaml")) {
            scenarios.add(goCassette(file));
        }
        for (Path file : files(root.resolve("java-cassettes"), ".json")) {
            scenarios.add(javaCassette(file));
        }
        scenarios.addAll(testServerData(root.resolve("test-server-data-dora-metrics.json")));
        return scenarios;
    }

    /** The events the recordings show Datadog holding: the items of every successful list answer. */
    static Dataset seedData(List<Scenario> scenarios) {
        Map<String, ObjectNode> deployments = new LinkedHashMap<>();
        Map<String, ObjectNode> failures = new LinkedHashMap<>();
        for (Scenario scenario : scenarios) {
            for (Exchange exchange : scenario.exchanges()) {
                boolean list = exchange.method().equals("POST") && exchange.status() == 200
                        && (exchange.path().equals("/api/v2/dora/deployments") || exchange.path().equals("/api/v2/dora/failures"));
                if (list) {
                    Map<String, ObjectNode> target = exchange.path().endsWith("deployments") ? deployments : failures;
                    read(exchange.responseBody()).path("data")
                            .forEach(item -> target.put(item.get("id").asText(), (ObjectNode) item));
                }
            }
        }
        return new Dataset(List.copyOf(deployments.values()), List.copyOf(failures.values()));
    }

    @SuppressWarnings("unchecked")
    private static Scenario goCassette(Path file) {
        Map<String, Object> cassette = (Map<String, Object>) MiniYaml.parse(text(file));
        List<Exchange> exchanges = new ArrayList<>();
        for (Object entry : (List<Object>) cassette.get("interactions")) {
            Map<String, Object> interaction = (Map<String, Object>) entry;
            Map<String, Object> request = (Map<String, Object>) interaction.get("request");
            Map<String, Object> response = (Map<String, Object>) interaction.get("response");
            Map<String, Object> headers = (Map<String, Object>) response.get("headers");
            exchanges.add(new Exchange((String) request.get("method"), URI.create((String) request.get("url")).getPath(),
                    ((String) request.get("body")).trim(), Integer.parseInt((String) response.get("code")),
                    ((List<String>) headers.get("Content-Type")).get(0), (String) response.get("body")));
        }
        return new Scenario("go/" + file.getFileName(), freeze(file), exchanges);
    }

    private static Scenario javaCassette(Path file) {
        List<Exchange> exchanges = new ArrayList<>();
        for (JsonNode expectation : read(text(file))) {
            JsonNode request = expectation.get("httpRequest");
            JsonNode response = expectation.get("httpResponse");
            exchanges.add(new Exchange(request.get("method").asText(), request.get("path").asText(),
                    request.path("body").path("json").asText(""), response.get("statusCode").asInt(),
                    response.get("headers").get("Content-Type").get(0).asText(), response.get("body").asText()));
        }
        return new Scenario("java/" + file.getFileName(), freeze(file), exchanges);
    }

    private static List<Scenario> testServerData(Path file) {
        List<Scenario> scenarios = new ArrayList<>();
        for (JsonNode recording : read(text(file)).get("recordings")) {
            List<Exchange> exchanges = new ArrayList<>();
            for (JsonNode interaction : recording.get("interactions")) {
                JsonNode request = interaction.get("request");
                JsonNode response = interaction.get("response");
                JsonNode body = request.path("body").path("value");
                exchanges.add(new Exchange(request.get("method").asText(), request.get("path").asText(),
                        body.isMissingNode() ? "" : body.toString(), response.get("status").asInt(),
                        response.get("headers").get("content-type").asText(), response.get("body").get("value").asText()));
            }
            scenarios.add(new Scenario("test-server/" + recording.get("scenario").asText(),
                    Instant.parse(recording.get("frozen_at").asText()), exchanges));
        }
        return scenarios;
    }

    private static Instant freeze(Path file) {
        String name = file.getFileName().toString();
        Path freeze = file.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".freeze");
        return Files.exists(freeze) ? Instant.parse(text(freeze).trim()) : null;
    }

    static JsonNode read(String json) {
        try {
            return SimClient.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path root() {
        try {
            return Path.of(Recordings.class.getResource("/datadog-recordings").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> files(Path directory, String suffix) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
