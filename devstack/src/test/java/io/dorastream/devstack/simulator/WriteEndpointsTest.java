package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Send, patch and delete, and the export that reflects them. */
class WriteEndpointsTest {

    private DatadogSimulator simulator;
    private SimClient client;

    @BeforeEach
    void start() {
        simulator = DatadogSimulator.start(SimulatorConfig.defaults());
        simulator.clock().set(Instant.parse("2026-03-02T00:00:00Z"));
        client = new SimClient(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private SimClient.Reply sendDeployment(String attributes) {
        return client.post("/api/v2/dora/deployment", "{\"data\":{\"attributes\":" + attributes + "}}");
    }

    private JsonNode deployment(String id) {
        SimClient.Reply reply = client.get("/api/v2/dora/deployments/" + id);
        assertEquals(200, reply.status(), reply.body());
        return reply.json().get("data");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1772362800", "1772362800000", "1772362800000000000"})
    void timestampsInSecondsMillisOrNanosAreToldApartByMagnitude(String startedAt) {
        SimClient.Reply reply = sendDeployment("{\"service\":\"svc\",\"started_at\":" + startedAt
                + ",\"finished_at\":1772362900,\"id\":\"deploy-000000000001\"}");
        assertEquals(200, reply.status(), reply.body());
        assertEquals("application/vnd.api+json", reply.contentType());
        assertEquals("2026-03-01T11:00:00Z", deployment("deploy-000000000001").at("/attributes/started_at").asText());
    }

    @Test
    void idsAreEchoedOrMade() {
        JsonNode echoed = sendDeployment("{\"id\":\"release:checkout:2026.03.01\",\"service\":\"checkout\","
                + "\"started_at\":1772362800,\"finished_at\":1772362900}").json();
        assertEquals(Recordings.read("{\"data\":{\"id\":\"release:checkout:2026.03.01\",\"type\":\"dora_deployment\"}}"),
                echoed);
        assertEquals("checkout", deployment("release:checkout:2026.03.01").at("/attributes/service").asText());
        assertEquals("checkout", deployment("release%3Acheckout%3A2026.03.01").at("/attributes/service").asText());

        String made = sendDeployment("{\"service\":\"checkout\",\"started_at\":1772362801,\"finished_at\":1772362900}")
                .json().at("/data/id").asText();
        assertTrue(made.matches("[0-9a-f]{16}"), made);

        for (String path : List.of("/api/v2/dora/failure", "/api/v2/dora/incident")) {
            JsonNode failure = client.post(path, "{\"data\":{\"attributes\":{\"services\":[\"checkout\"],"
                    + "\"started_at\":1772362800}}}").json().get("data");
            assertEquals("dora_failure", failure.get("type").asText());
            assertTrue(failure.get("id").asText().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"id\":\"short\",\"service\":\"s\",\"started_at\":1772362800,\"finished_at\":1772362900}",
            "{\"id\":\"has spaces in the id!\",\"service\":\"s\",\"started_at\":1772362800,\"finished_at\":1772362900}",
            "{\"started_at\":1772362800,\"finished_at\":1772362900}",
            "{\"service\":\"s\",\"finished_at\":1772362900}",
            "{\"service\":\"s\",\"started_at\":1772362800}",
            "{\"service\":\"s\",\"started_at\":\"2026-03-01T11:00:00Z\",\"finished_at\":1772362900}",
            "{\"service\":\"s\",\"started_at\":1772362900,\"finished_at\":1772362800}",
            "{\"service\":\"s\",\"started_at\":1772362800,\"finished_at\":1772362900,\"custom_tags\":[\"notatag\"]}",
            "{\"service\":\"s\",\"started_at\":1772362800,\"finished_at\":1772362900,\"git\":{\"commit_sha\":\"abc\"}}"})
    void invalidSendsAreRefused(String attributes) {
        SimClient.Reply reply = sendDeployment(attributes);
        assertEquals(400, reply.status(), attributes);
        assertEquals("Bad Request", reply.json().at("/errors/0/title").asText());
    }

    @Test
    void aServiceCannotDeployTwiceInOneSecondOtherServicesCan() {
        assertEquals(200, sendDeployment("{\"service\":\"a\",\"started_at\":1772362800,\"finished_at\":1772362900,"
                + "\"id\":\"first-deployment-a\"}").status());
        SimClient.Reply twin = sendDeployment("{\"service\":\"a\",\"started_at\":1772362800500,\"finished_at\":1772362900}");
        assertEquals(400, twin.status());
        assertTrue(twin.json().at("/errors/0/detail").asText().contains("first-deployment-a"));
        assertEquals(200, sendDeployment("{\"service\":\"b\",\"started_at\":1772362800,\"finished_at\":1772362900}").status());
        assertEquals(200, sendDeployment("{\"service\":\"a\",\"started_at\":1772362800,\"finished_at\":1772362999,"
                + "\"id\":\"first-deployment-a\"}").status(), "re-sending the same id replaces it");
        assertEquals("2026-03-01T11:03:19Z", deployment("first-deployment-a").at("/attributes/finished_at").asText());
    }

    @Test
    void sendBodiesBecomeListItems() {
        sendDeployment("{\"id\":\"deploy-with-git-0001\",\"service\":\"checkout\",\"env\":\"production\",\"team\":\"backend\","
                + "\"version\":\"v1.2.3\",\"custom_tags\":[\"language:java\"],\"started_at\":1772362800,"
                + "\"finished_at\":1772362900,\"git\":{\"commit_sha\":\"66adc93\","
                + "\"repository_url\":\"https://github.com/organization/example-repository.git\"}}");
        assertEquals(Recordings.read("""
                {"service":"checkout","started_at":"2026-03-01T11:00:00Z","finished_at":"2026-03-01T11:01:40Z",
                 "env":"production","team":"backend","version":"v1.2.3","custom_tags":["language:java"],
                 "git":{"commit_sha":"66adc93","repository_id":"github.com/organization/example-repository"}}"""),
                deployment("deploy-with-git-0001").get("attributes"));
    }

    @Test
    void patchSetsTheVerdictRemediationAndRecoveryTime() {
        sendDeployment("{\"id\":\"failed-deployment-1\",\"service\":\"a\",\"env\":\"prod\",\"started_at\":1772362800,"
                + "\"finished_at\":1772362900}");
        sendDeployment("{\"id\":\"rollback-deployment\",\"service\":\"a\",\"env\":\"prod\",\"version\":\"v1\","
                + "\"started_at\":1772363000,\"finished_at\":1772363500}");
        client.patch("/api/v2/dora/deployments/failed-deployment-1", patch("failed-deployment-1",
                "{\"remediation\":{\"id\":\"rollback-deployment\",\"type\":\"rollback\"}}"));
        assertFalse(deployment("failed-deployment-1").get("attributes").has("change_failure"),
                "a remediation alone leaves an unevaluated deployment pending");
        SimClient.Reply patched = client.patch("/api/v2/dora/deployments/failed-deployment-1", patch("failed-deployment-1",
                "{\"change_failure\":true,\"remediation\":{\"id\":\"rollback-deployment\",\"type\":\"rollback\"}}"));
        assertEquals(202, patched.status());
        assertEquals(Recordings.read("{\"data\":null}"), patched.json());
        JsonNode attributes = deployment("failed-deployment-1").get("attributes");
        assertTrue(attributes.get("change_failure").asBoolean());
        assertEquals(Recordings.read("{\"id\":\"rollback-deployment\",\"type\":\"rollback\"}"), attributes.get("remediation"));
        assertEquals(600, attributes.get("recovery_time_sec").asInt());

        client.patch("/api/v2/dora/deployments/failed-deployment-1", patch("failed-deployment-1",
                "{\"change_failure\":true,\"remediation\":{\"version\":\"v1\",\"type\":\"rollforward\"}}"));
        assertEquals(600, deployment("failed-deployment-1").at("/attributes/recovery_time_sec").asInt(), "by version");

        client.patch("/api/v2/dora/deployments/failed-deployment-1", patch("failed-deployment-1", "{\"change_failure\":false}"));
        attributes = deployment("failed-deployment-1").get("attributes");
        assertFalse(attributes.get("change_failure").asBoolean());
        assertFalse(attributes.has("remediation") || attributes.has("recovery_time_sec"));
    }

    @Test
    void invalidPatchesAreRefused() {
        sendDeployment("{\"id\":\"some-deployment-01\",\"service\":\"a\",\"started_at\":1772362800,\"finished_at\":1772362900}");
        String path = "/api/v2/dora/deployments/some-deployment-01";
        SimClient.Reply badType = client.patch(path, patch("some-deployment-01",
                "{\"change_failure\":true,\"remediation\":{\"id\":\"x\",\"type\":\"wrong_type\"}}"));
        assertEquals(Recordings.read("{\"errors\":[{\"status\":\"400\",\"title\":\"Bad Request\","
                + "\"detail\":\"attribute \\\"type\\\" must be one of \\\"rollback rollforward\\\"\"}]}"), badType.json());
        assertEquals(400, client.patch(path, "{\"data\":{\"id\":\"some-deployment-01\",\"attributes\":{}}}").status());
        assertEquals(400, client.patch(path, patch("another-deployment", "{\"change_failure\":true}")).status());
        assertEquals(400, client.patch(path, patch("some-deployment-01", "{\"change_failure\":\"yes\"}")).status());
        SimClient.Reply unknown = client.patch("/api/v2/dora/deployments/nope", patch("nope", "{\"change_failure\":true}"));
        assertEquals(404, unknown.status());
        assertEquals(Recordings.read("{\"errors\":[\"Not found\"]}"), unknown.json());
    }

    @Test
    void deletesAreGoneFromReadsAndExport() {
        sendDeployment("{\"id\":\"to-be-deleted-0001\",\"service\":\"a\",\"started_at\":1772362800,\"finished_at\":1772362900}");
        sendDeployment("{\"id\":\"to-be-kept-000001\",\"service\":\"a\",\"started_at\":1772362801,\"finished_at\":1772362900}");
        String failureId = client.post("/api/v2/dora/failure", "{\"data\":{\"attributes\":{\"team\":\"backend\","
                + "\"started_at\":1772362800}}}").json().at("/data/id").asText();
        client.patch("/api/v2/dora/deployments/to-be-kept-000001", patch("to-be-kept-000001", "{\"change_failure\":true}"));

        SimClient.Reply deleted = client.delete("/api/v2/dora/deployment/to-be-deleted-0001");
        assertEquals(202, deleted.status());
        assertEquals("", deleted.body());
        assertEquals(202, client.delete("/api/v2/dora/failure/" + failureId).status());
        assertEquals(404, client.delete("/api/v2/dora/failure/" + failureId).status());
        assertEquals(404, client.get("/api/v2/dora/deployments/to-be-deleted-0001").status());
        assertEquals(List.of("to-be-kept-000001"), TestEvents.ids(client.listDeployments("{}").json()));

        Dataset export = simulator.export();
        assertEquals(1, export.deployments().size());
        assertTrue(export.deployments().get(0).at("/attributes/change_failure").asBoolean(), "latest state");
        assertTrue(export.failures().isEmpty());
    }

    private static String patch(String id, String attributes) {
        return "{\"data\":{\"type\":\"dora_deployment_patch_request\",\"id\":\"" + id + "\",\"attributes\":" + attributes + "}}";
    }
}
