package io.dorastream.devstack.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which keys each endpoint accepts, and how Datadog words a refusal. */
class AuthTest {

    private static final String LIST_BODY = "{\"data\":{\"type\":\"dora_deployments_list_request\",\"attributes\":{}}}";
    private static final String SEND_BODY = "{\"data\":{\"attributes\":{\"service\":\"svc\",\"started_at\":1772362800,"
            + "\"finished_at\":1772362900}}}";
    private static final String PATCH_BODY = "{\"data\":{\"type\":\"dora_deployment_patch_request\",\"id\":\"d1\","
            + "\"attributes\":{\"change_failure\":false}}}";
    private static DatadogSimulator simulator;

    @BeforeAll
    static void start() {
        simulator = DatadogSimulator.start(SimulatorConfig.builder()
                .apiKeys("good-api").appKeys("good-app")
                .appKeysWithoutRead("app-no-read").appKeysWithoutWrite("app-no-write").build());
        simulator.clock().set(Instant.parse("2026-03-02T00:00:00Z"));
        simulator.load(new Dataset(List.of(TestEvents.deployment("d1", "svc", "prod", "2026-03-01T10:00:00Z", null)),
                List.of()));
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private static SimClient client(String api, String app) {
        return new SimClient(simulator).withKeys(nullIfDash(api), nullIfDash(app));
    }

    private static String nullIfDash(String key) {
        return key.equals("-") ? null : key;
    }

    @ParameterizedTest(name = "v1 validate with API key {0} -> {1}")
    @CsvSource({"good-api, 200, '{\"valid\":true}'",
            "-,        403, '{\"errors\":[\"API key required\"]}'",
            "bad,      403, '{\"errors\":[\"Forbidden\"]}'"})
    void validateChecksTheApiKeyOnly(String api, int status, String body) {
        SimClient.Reply reply = client(api, "-").get("/api/v1/validate");
        assertEquals(status, reply.status());
        assertEquals(Recordings.read(body), reply.json());
        assertEquals("application/json", reply.contentType());
    }

    @ParameterizedTest(name = "validate_keys {0}/{1} -> {2}")
    @CsvSource({"good-api, good-app,    200, '{\"status\":\"ok\"}'",
            "good-api, app-no-read, 200, '{\"status\":\"ok\"}'",
            "bad,      good-app,    403, '{\"errors\":[\"Forbidden\"]}'",
            "good-api, bad,         401, '{\"errors\":[\"Unauthorized\"]}'",
            "good-api, -,           401, '{\"errors\":[\"Unauthorized\"]}'",
            "-,        good-app,    401, '{\"errors\":[\"Unauthorized\"]}'",
            "-,        -,           401, '{\"errors\":[\"Unauthorized\"]}'"})
    void validateKeysChecksBothKeys(String api, String app, int status, String body) {
        SimClient.Reply reply = client(api, app).get("/api/v2/validate_keys");
        assertEquals(status, reply.status());
        assertEquals(Recordings.read(body), reply.json());
    }

    @Test
    void withoutValidateKeysTheEndpointIsNotFoundWhateverTheKeysAndComesBack() {
        simulator.validateKeys(false);
        try {
            assertEquals(404, client("good-api", "good-app").get("/api/v2/validate_keys").status());
            assertEquals(404, client("good-api", "bad").get("/api/v2/validate_keys").status());
            assertEquals(404, client("-", "-").get("/api/v2/validate_keys").status());
            assertEquals(200, client("good-api", "-").get("/api/v1/validate").status());
        } finally {
            simulator.validateKeys(true);
        }
        assertEquals(200, client("good-api", "good-app").get("/api/v2/validate_keys").status());
        try (DatadogSimulator older = DatadogSimulator.start(SimulatorConfig.builder().apiKeys("good-api")
                .appKeys("good-app").validateKeys(false).build())) {
            assertEquals(404, new SimClient(older).withKeys("good-api", "good-app").get("/api/v2/validate_keys").status());
        }
    }

    @ParameterizedTest(name = "{0} {1} with {2}/{3} -> {4}")
    @CsvSource({
            "POST,   /api/v2/dora/deployments,    good-api, good-app,     200",
            "POST,   /api/v2/dora/deployments,    good-api, app-no-write, 200",
            "POST,   /api/v2/dora/deployments,    bad,      good-app,     403",
            "POST,   /api/v2/dora/deployments,    -,        good-app,     401",
            "POST,   /api/v2/dora/deployments,    -,        -,            401",
            "POST,   /api/v2/dora/deployment,     -,        -,            401",
            "POST,   /api/v2/dora/deployments,    good-api, bad,          403",
            "POST,   /api/v2/dora/deployments,    good-api, -,            401",
            "POST,   /api/v2/dora/deployments,    good-api, app-no-read,  403",
            "GET,    /api/v2/dora/deployments/d1, good-api, app-no-read,  403",
            "GET,    /api/v2/dora/deployments/d1, good-api, good-app,     200",
            "POST,   /api/v2/dora/deployment,     good-api, -,            200",
            "POST,   /api/v2/dora/deployment,     bad,      good-app,     403",
            "PATCH,  /api/v2/dora/deployments/d1, good-api, app-no-write, 403",
            "PATCH,  /api/v2/dora/deployments/d1, good-api, -,            401",
            "PATCH,  /api/v2/dora/deployments/d1, good-api, app-no-read,  202",
            "DELETE, /api/v2/dora/failure/nope,   good-api, app-no-write, 403",
            "DELETE, /api/v2/dora/failure/nope,   good-api, good-app,     404"})
    void doraEndpoints(String method, String path, String api, String app, int status) {
        String body = switch (method) {
            case "POST" -> path.endsWith("deployments") ? LIST_BODY : SEND_BODY;
            case "PATCH" -> PATCH_BODY;
            default -> null;
        };
        SimClient.Reply reply = client(api, app).send(method, path, body);
        assertEquals(status, reply.status(), reply.body());
    }

    @Test
    void missingPermissionNamesTheFailedCheckInAJsonApiError() {
        SimClient.Reply reply = client("good-api", "app-no-read").post("/api/v2/dora/deployments", LIST_BODY);
        assertEquals(Recordings.read("{\"errors\":[{\"status\":\"403\",\"title\":\"Forbidden\","
                + "\"detail\":\"Failed permission authorization checks\"}]}"), reply.json());
        SimClient.Reply badKey = client("bad", "good-app").post("/api/v2/dora/deployments", LIST_BODY);
        assertEquals(Recordings.read("{\"errors\":[\"Forbidden\"]}"), badKey.json());
    }
}
