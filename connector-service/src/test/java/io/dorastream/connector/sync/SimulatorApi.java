package io.dorastream.connector.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.devstack.testing.SimulatorTestResource;
import io.dorastream.events.DoraJson;

/**
 * Changes the shared simulator's events the way Datadog's clients do, through its write endpoints,
 * and builds the small hand-made datasets of the sync tests.
 */
final class SimulatorApi {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SimulatorApi() {
    }

    static ObjectNode deployment(String id, String env, Instant started, Boolean changeFailure) {
        ObjectNode item = DoraJson.mapper().createObjectNode().put("id", id).put("type", "dora_deployment");
        ObjectNode a = item.putObject("attributes").put("service", "checkout").put("env", env).put("team", "payments")
                .put("version", "v" + started.getEpochSecond()).put("started_at", started.toString())
                .put("finished_at", started.plusSeconds(300).toString()).put("deployment_type", "standard");
        if (changeFailure == null) {
            a.putNull("change_failure");
        } else {
            a.put("change_failure", changeFailure);
        }
        return item;
    }

    static ObjectNode failure(String id, Instant started, Instant finished) {
        ObjectNode item = DoraJson.mapper().createObjectNode().put("id", id).put("type", "dora_failure");
        ObjectNode a = item.putObject("attributes").put("name", "checkout down").put("severity", "SEV-2")
                .put("env", "production").put("team", "payments").put("started_at", started.toString());
        a.putArray("services").add("checkout");
        if (finished != null) {
            a.put("finished_at", finished.toString());
        }
        return item;
    }

    /** Datadog's PATCH: a verdict, with a rollback as remediation when {@code rollbackId} is given. */
    static void judge(String deploymentId, boolean failed, String rollbackId) {
        ObjectNode body = DoraJson.mapper().createObjectNode();
        ObjectNode attributes = body.putObject("data").put("type", "dora_deployment_patch_request").put("id", deploymentId)
                .putObject("attributes").put("change_failure", failed);
        if (rollbackId != null) {
            attributes.putObject("remediation").put("id", rollbackId).put("type", "rollback");
        }
        send("PATCH", "/api/v2/dora/deployments/" + deploymentId, body);
    }

    /** Sends a deployment (a late one when {@code started} lies in the past). */
    static void sendDeployment(String id, Instant started) {
        ObjectNode body = DoraJson.mapper().createObjectNode();
        body.putObject("data").putObject("attributes").put("id", id).put("service", "checkout").put("env", "production")
                .put("team", "payments").put("started_at", started.getEpochSecond())
                .put("finished_at", started.getEpochSecond() + 120);
        send("POST", "/api/v2/dora/deployment", body);
    }

    /** Sends a failure again under its id, now resolved. */
    static void resolveFailure(String id, Instant started, Instant finished) {
        ObjectNode body = DoraJson.mapper().createObjectNode();
        ObjectNode a = body.putObject("data").putObject("attributes").put("id", id).put("name", "checkout down")
                .put("severity", "SEV-2").put("env", "production").put("team", "payments")
                .put("started_at", started.getEpochSecond()).put("finished_at", finished.getEpochSecond());
        a.putArray("services").add("checkout");
        send("POST", "/api/v2/dora/failure", body);
    }

    static void deleteDeployment(String id) {
        send("DELETE", "/api/v2/dora/deployment/" + id, null);
    }

    private static void send(String method, String path, ObjectNode body) {
        URI uri = SimulatorTestResource.simulator().baseUri().resolve(path);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("DD-API-KEY", SimulatorConfig.DEFAULT_API_KEY)
                .header("DD-APPLICATION-KEY", SimulatorConfig.DEFAULT_APP_KEY)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertTrue(r.statusCode() / 100 == 2, method + " " + path + " answered " + r.statusCode() + " " + r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
