package io.dorastream.gateway.openapi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.gateway.testing.Fixtures;
import io.dorastream.gateway.testing.GatewayTestBase;
import io.dorastream.gateway.testing.OpenApiValidator;
import io.dorastream.gateway.testing.WireMockBackends;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The OpenAPI document describes every endpoint, parameter, schema and error; and the validator
 * that checks every contract test's response against it does reject what breaks it.
 */
@QuarkusTest
@WithTestResource(value = WireMockBackends.class, scope = TestResourceScope.GLOBAL)
class OpenApiDocumentTest extends GatewayTestBase {

    private static JsonNode doc() {
        return OpenApiValidator.document("http://localhost:" + RestAssured.port);
    }

    private static final Map<String, Set<String>> OPERATIONS = Map.ofEntries(
            Map.entry("/api/v1/connections", Set.of("get", "post")),
            Map.entry("/api/v1/connections/{id}", Set.of("get", "patch", "delete")),
            Map.entry("/api/v1/connections/{id}/sync", Set.of("get", "post")),
            Map.entry("/api/v1/metrics/dora", Set.of("get")),
            Map.entry("/api/v1/metrics/dora/timeseries", Set.of("get")),
            Map.entry("/api/v1/metrics/dora/breakdown", Set.of("get")),
            Map.entry("/api/v1/metrics/benchmarks", Set.of("get")),
            Map.entry("/api/v1/deployments", Set.of("get")),
            Map.entry("/api/v1/incidents", Set.of("get")),
            Map.entry("/api/v1/status", Set.of("get")),
            Map.entry("/api/v1/me", Set.of("get")));

    @Test
    void everyEndpointIsDescribedAndNothingElse() {
        JsonNode paths = doc().path("paths");
        Set<String> documented = new TreeSet<>();
        paths.fieldNames().forEachRemaining(documented::add);
        assertEquals(new TreeSet<>(OPERATIONS.keySet()), documented);
        OPERATIONS.forEach((path, methods) -> {
            Set<String> found = new TreeSet<>();
            paths.path(path).fieldNames().forEachRemaining(f -> {
                if (Set.of("get", "post", "put", "patch", "delete").contains(f)) {
                    found.add(f);
                }
            });
            assertEquals(new TreeSet<>(methods), found, path);
        });
    }

    @Test
    void everyOperationDeclaresItsErrorsAsProblems() {
        JsonNode paths = doc().path("paths");
        OPERATIONS.forEach((path, methods) -> methods.forEach(method -> {
            JsonNode responses = paths.path(path).path(method).path("responses");
            List<String> expected = new ArrayList<>(List.of("400", "401", "403", "429", "503"));
            if (path.contains("{id}")) {
                expected.add("404");
            }
            for (String status : expected) {
                assertEquals("#/components/schemas/Problem",
                        responses.path(status).path("content").path("application/problem+json").path("schema").path("$ref").asText(),
                        method + " " + path + " " + status);
            }
            assertTrue(responses.path("429").path("headers").has("Retry-After"), method + " " + path);
            assertTrue(responses.fieldNames().hasNext() && responses.has(successOf(path, method)), method + " " + path);
        }));
        assertTrue(paths.path("/api/v1/connections").path("post").path("responses").has("422"));
        assertTrue(paths.path("/api/v1/connections/{id}").path("patch").path("responses").has("422"));
    }

    private static String successOf(String path, String method) {
        return switch (method) {
            case "post" -> path.endsWith("/sync") ? "202" : "201";
            case "delete" -> "204";
            default -> "200";
        };
    }

    @Test
    void parametersAreDescribed() {
        JsonNode paths = doc().path("paths");
        assertEquals(Set.of("from", "to", "connection", "service", "env", "team", "benchmark", "industry", "orgSize", "If-None-Match"),
                parameterNames(paths.path("/api/v1/metrics/dora").path("get")));
        assertEquals(Set.of("from", "to", "connection", "service", "env", "team", "benchmark", "industry", "orgSize", "interval", "If-None-Match"),
                parameterNames(paths.path("/api/v1/metrics/dora/timeseries").path("get")));
        assertEquals(Set.of("from", "to", "connection", "service", "env", "team", "benchmark", "industry", "orgSize", "by", "limit", "If-None-Match"),
                parameterNames(paths.path("/api/v1/metrics/dora/breakdown").path("get")));
        assertEquals(Set.of("from", "to", "connection", "service", "env", "team", "limit", "cursor", "failed"),
                parameterNames(paths.path("/api/v1/deployments").path("get")));
        assertEquals(Set.of("from", "to", "connection", "service", "env", "team", "limit", "cursor"),
                parameterNames(paths.path("/api/v1/incidents").path("get")));
        for (JsonNode p : paths.path("/api/v1/metrics/dora/breakdown").path("get").path("parameters")) {
            if (!p.path("in").asText().equals("header")) {
                assertFalse(p.path("description").asText().isBlank(), p.toString());
            }
        }
        // the values of the benchmark and group parameters are the contract's one definition
        JsonNode summary = paths.path("/api/v1/metrics/dora").path("get");
        for (JsonNode p : summary.path("parameters")) {
            switch (p.path("name").asText()) {
                case "benchmark" -> assertEquals("[\"dora-2025\",\"dora-2023\",\"dora-2021\"]", p.path("schema").path("enum").toString());
                case "industry" -> assertTrue(p.path("schema").path("enum").toString().startsWith("[\"all\",\"consumer\","), p.toString());
                case "orgSize" -> assertTrue(p.path("schema").path("enum").toString().contains("\"fewer_than_100\""), p.toString());
                default -> { }
            }
        }
        JsonNode breakdown = paths.path("/api/v1/metrics/dora/breakdown").path("get");
        assertTrue(breakdown.path("responses").path("200").path("content").has("text/csv"));
        assertTrue(breakdown.path("responses").path("200").path("headers").has("ETag"));
        assertTrue(breakdown.path("responses").has("304"));
    }

    private static Set<String> parameterNames(JsonNode operation) {
        Set<String> names = new TreeSet<>();
        operation.path("parameters").forEach(p -> names.add(p.path("name").asText()));
        return names;
    }

    @Test
    void theResponseShapesHaveRealSchemas() {
        JsonNode schemas = doc().path("components").path("schemas");
        for (String name : List.of("Summary", "TimeSeries", "Breakdown", "DeploymentPage", "IncidentPage", "Connection",
                "ConnectionList", "SyncStatus", "SyncAccepted", "StatusReport", "Problem", "NewConnection", "ConnectionUpdate",
                "BenchmarkList", "Benchmark", "Profile", "ProfileScore", "Position")) {
            assertTrue(schemas.has(name), name + " in " + schemas.fieldNames());
            assertTrue(schemas.path(name).path("properties").size() > 0, name);
        }
    }

    @Test
    void theValidatorChecksResponsesOfTheContractTests() {
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_SUMMARY)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.SUMMARY)));
        int before = OpenApiValidator.validatedBodies();
        asViewer().queryParam("from", "2026-03-01").queryParam("to", "2026-04-01").when().get(METRICS).then().statusCode(200);
        assertEquals(before + 1, OpenApiValidator.validatedBodies());
    }

    /** Bodies that break the contract in one place each: the validator must refuse every one. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "\"changeLeadTime\":{\"n\":110,", // n becomes a string below
            "\"perDay\":1.3333",
            "\"dataAsOf\":\"2026-03-31T23:00:00Z\"",
            "\"level\":\"high\""})
    void theValidatorRefusesABrokenSummary(String breakage) {
        String body = switch (breakage) {
            case "{}" -> "{}";
            case "\"changeLeadTime\":{\"n\":110," -> Fixtures.SUMMARY.replace(breakage, "\"changeLeadTime\":{\"n\":\"110\",");
            case "\"perDay\":1.3333" -> Fixtures.SUMMARY.replace(breakage, "\"perDay\":\"fast\"");
            case "\"dataAsOf\":\"2026-03-31T23:00:00Z\"" -> Fixtures.SUMMARY.replace(breakage, "\"dataAsOf\":\"yesterday\"");
            default -> Fixtures.SUMMARY.replace(breakage, "\"level\":\"superb\"");
        };
        String base = "http://localhost:" + RestAssured.port;
        assertThrows(AssertionError.class,
                () -> OpenApiValidator.validate(base, "GET", "/api/v1/metrics/dora", 200, "application/json", body));
        OpenApiValidator.validate(base, "GET", "/api/v1/metrics/dora", 200, "application/json", Fixtures.SUMMARY);
    }

    /**
     * Under dora-2025 a figure without a score has {@code "position": null}, and an aggregate without inputs is
     * null: the document allows null for every such reference (the generator left some as plain objects).
     */
    @Test
    void nullPositionsAndAggregatesFollowTheDocument() {
        String nulls = Fixtures.SCORED_SUMMARY
                .replaceFirst("(\"changeFailureRate\":\\{[^}]*\"score\":)9\\.5,\"position\":\\{[^}]*}", "$1null,\"position\":null")
                .replaceFirst("\"performanceAverage\":\\{\"score\":8\\.375,[^}]*\\{[^}]*}}", "\"performanceAverage\":null");
        assertTrue(nulls.contains("\"level\":null,\"lowSample\":false,\"score\":null,\"position\":null}")
                && nulls.contains("\"performanceAverage\":null"), nulls);
        String base = "http://localhost:" + RestAssured.port;
        OpenApiValidator.validate(base, "GET", "/api/v1/metrics/dora", 200, "application/json", nulls);
        assertThrows(AssertionError.class, () -> OpenApiValidator.validate(base, "GET", "/api/v1/metrics/dora", 200,
                "application/json", nulls.replace("\"performanceAverage\":null", "\"performanceAverage\":\"none\"")));
    }

    /** The connect checklist is part of the contract, in a creation's answer and in its refusal. */
    @Test
    void theValidatorRefusesABrokenChecklist() {
        String base = "http://localhost:" + RestAssured.port;
        OpenApiValidator.validate(base, "POST", "/api/v1/connections", 201, "application/json", Fixtures.CONNECTION_CREATED);
        OpenApiValidator.validate(base, "POST", "/api/v1/connections", 422, "application/problem+json", Fixtures.REFUSED_APP_KEY);
        assertThrows(AssertionError.class, () -> OpenApiValidator.validate(base, "POST", "/api/v1/connections", 201,
                "application/json", Fixtures.CONNECTION_CREATED.replace("\"hasEvents\":true", "\"hasEvents\":\"yes\"")));
        assertThrows(AssertionError.class, () -> OpenApiValidator.validate(base, "POST", "/api/v1/connections", 201,
                "application/json", Fixtures.CONNECTION_CREATED.replace("\"checks\":[", "\"checks\":{\"x\":").replace("}]}", "}}}")));
        assertThrows(AssertionError.class, () -> OpenApiValidator.validate(base, "POST", "/api/v1/connections", 422,
                "application/problem+json", Fixtures.REFUSED_APP_KEY.replace("\"name\":\"appKey\"", "\"name\":\"secretKey\"")));
        assertThrows(AssertionError.class, () -> OpenApiValidator.validate(base, "PATCH", "/api/v1/connections/" + Fixtures.CONNECTION_ID,
                422, "application/problem+json", Fixtures.REFUSED_APP_KEY.replace("\"ok\":false", "\"ok\":null")));
    }

    @Test
    void theValidatorRefusesUndeclaredStatusesAndTypes() {
        String base = "http://localhost:" + RestAssured.port;
        assertThrows(AssertionError.class,
                () -> OpenApiValidator.validate(base, "GET", "/api/v1/status", 200, "text/plain", "ok"));
        assertThrows(AssertionError.class,
                () -> OpenApiValidator.validate(base, "GET", "/api/v1/metrics/dora", 400, "application/json", "{}"));
        assertThrows(AssertionError.class,
                () -> OpenApiValidator.validate(base, "GET", "/api/v1/unknown", 200, "application/json", "{}"));
    }
}
