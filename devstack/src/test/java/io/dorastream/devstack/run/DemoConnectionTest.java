package io.dorastream.devstack.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.dorastream.devstack.simulator.DatasetSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo connection against a stand-in gateway: created once, with the simulator's keys and the dataset's depth. */
class DemoConnectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> connections = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();
    private HttpServer gateway;
    private URI base;

    @BeforeEach
    void startGateway() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext("/api/v1/connections", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] answer;
            int status;
            if (exchange.getRequestMethod().equals("POST")) {
                idempotencyKeys.add(String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")));
                ObjectNode body = (ObjectNode) JSON.readTree(exchange.getRequestBody());
                body.put("id", "c-" + (connections.size() + 1));
                connections.add(body);
                status = 201;
                answer = JSON.writeValueAsBytes(body);
            } else {
                status = 200;
                answer = JSON.writeValueAsBytes(JSON.createObjectNode().set("items", JSON.valueToTree(connections)));
            }
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        gateway.start();
        base = URI.create("http://127.0.0.1:" + gateway.getAddress().getPort());
    }

    @AfterEach
    void stopGateway() {
        gateway.stop(0);
    }

    @Test
    void createsTheDemoConnectionOnceWithTheSimulatorsKeysAndACoveringBackfill() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<String> progress = new ArrayList<>();
        String firstKey = DemoConnection.idempotencyKey;
        String id = DemoConnection.ensure(http, base, "admin-t", "api-k", "app-k", DatasetSpec.demo(), progress::add);
        assertEquals("c-1", id);
        String again = DemoConnection.ensure(http, base, "admin-t", "api-k", "app-k", DatasetSpec.demo(), progress::add);
        assertEquals("c-1", again, "an existing demo connection is reused");
        assertEquals(1, connections.size());
        JsonNode created = connections.get(0);
        assertEquals(DemoConnection.NAME, created.path("name").asText());
        assertEquals("api-k", created.path("apiKey").asText());
        assertEquals("app-k", created.path("appKey").asText());
        assertEquals(DatasetSpec.demo().monthsBack() * 31 + 7, created.path("backfillDays").asInt());
        assertEquals(List.of("creating the demo connection"), progress);
        assertTrue(authorizations.stream().allMatch("Bearer admin-t"::equals), authorizations.toString());
        // a retried create (after a lost answer) is answered by the first one, never a second connection
        assertEquals(List.of(firstKey), idempotencyKeys);
        assertNotEquals(firstKey, DemoConnection.idempotencyKey,
                "once created, a later create (after a deletion) is a new request, not answered by this one");
    }

    @Test
    void anUnexpectedAnswerIsAnError() {
        gateway.removeContext("/api/v1/connections");
        gateway.createContext("/api/v1/connections", exchange -> {
            byte[] body = "{\"title\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DemoConnection.ensure(
                HttpClient.newHttpClient(), base, "wrong", "k", "a", DatasetSpec.demo(), m -> { }));
        assertTrue(e.getMessage().contains("401"), e.getMessage());
    }
}
