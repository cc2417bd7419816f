package io.dorastream.systemtests.contract;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.devstack.run.LocalStack;
import io.dorastream.devstack.simulator.DatasetSpec;
import io.dorastream.devstack.simulator.FaultConfig;
import io.dorastream.events.DoraJson;
import io.dorastream.gateway.testing.OpenApiValidator;
import io.dorastream.systemtests.Stacks;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The public contract of issue #5 through the real system: the packaged gateway, connector and
 * aggregator as processes, Kafka, PostgreSQL and the Datadog simulator serving a demo dataset.
 * Every row of the contract tables, every error class and the auth matrix; every answer is checked
 * against the gateway's live OpenAPI document by {@link OpenApiValidator}. The gateway's own
 * contract tests prove the same against stubbed backends; these prove the backends really answer so.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayContractIT {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String CONNECTIONS = "/api/v1/connections";
    private static final String METRICS = "/api/v1/metrics/dora";
    private static final String TIMESERIES = METRICS + "/timeseries";
    private static final String BREAKDOWN = METRICS + "/breakdown";
    private static final String DEPLOYMENTS = "/api/v1/deployments";
    private static final String INCIDENTS = "/api/v1/incidents";
    private static final String STATUS = "/api/v1/status";
    private static final String ME = "/api/v1/me";

    private static final String ADMIN_TOKEN = "it-contract-admin-token";
    private static final String VIEWER_TOKEN = "it-contract-viewer-token";
    /** A viewer with a bucket of {@value #LIMITED_BURST} that practically never refills: the rate-limit row. */
    private static final String LIMITED_TOKEN = "it-contract-limited-token";
    private static final int LIMITED_BURST = 3;

    private static LocalStack stack;
    private static Properties secrets;
    private static String demoId;
    /** The whole demo window, whole UTC days: {@code [from, to)}. */
    private static LocalDate from;
    private static LocalDate to;
    private static long expectedDeployments;

    @BeforeAll
    static void start() throws IOException {
        Map<String, String> gateway = new LinkedHashMap<>();
        Stacks.token(gateway, "it-viewer", VIEWER_TOKEN, "viewer");
        Stacks.token(gateway, "it-limited", LIMITED_TOKEN, "viewer");
        gateway.put("dorastream.auth.tokens.it-limited.requests-per-second", "0.0001");
        gateway.put("dorastream.auth.tokens.it-limited.burst", Integer.toString(LIMITED_BURST));
        // the paging walks make many calls in a few seconds with the admin and viewer tokens
        gateway.put("dorastream.rate-limit.requests-per-second", "1000");
        gateway.put("dorastream.rate-limit.burst", "1000");
        // the authorization rows send about twenty missing or wrong tokens, all from 127.0.0.1
        gateway.put("dorastream.auth.failed-limit", "1000");
        LocalStack.Options options = Stacks.options("contract", ADMIN_TOKEN,
                DatasetSpec.demo().withSeed(23).withServices(4).withMonthsBack(2)).withGatewaySettings(gateway);
        stack = LocalStack.start(options);
        secrets = new Properties();
        try (Reader r = Files.newBufferedReader(options.dataDir().resolve("secrets.properties"))) {
            secrets.load(r);
        }
        demoId = stack.demoConnectionId();
        RestAssured.baseURI = "http://localhost";
        RestAssured.port = stack.gatewayUri().getPort();
        RestAssured.filters(new OpenApiValidator());
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();

        to = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        from = to.minusDays(100);
        expectedDeployments = stack.expectedDeployments(day(from), day(to));
        assertTrue(expectedDeployments > 50, "a demo dataset of some size: " + expectedDeployments);
        // the metrics rows assert on the demo data: wait until all of it went through Kafka to PostgreSQL
        Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2))
                .until(() -> demoWindow(admin()).get(METRICS).then().statusCode(200).extract()
                        .jsonPath().getLong("deploymentFrequency.count") == expectedDeployments);
    }

    @AfterAll
    static void stop() {
        RestAssured.reset();
        Stacks.stop(stack);
        // the filter really ran: every JSON body above (problems included) was checked against the document
        assertTrue(OpenApiValidator.validatedBodies() > 100, "validated: " + OpenApiValidator.validatedBodies());
    }

    // ------------------------------------------------------------------ connections

    @Test
    void connectionLifecycleThroughConnectorAndSimulator() {
        String apiKey = secrets.getProperty("simulator.api-key");
        String appKey = secrets.getProperty("simulator.app-key");
        String body = "{\"name\":\"contract-a\",\"site\":\"datadoghq.com\",\"apiKey\":\"" + apiKey + "\",\"appKey\":\""
                + appKey + "\",\"query\":\"-contract_test:a\",\"backfillDays\":1,\"pollIntervalSeconds\":300}";
        Response created = admin().contentType("application/json").body(body).post(CONNECTIONS);
        created.then().statusCode(201)
                .contentType("application/json")
                .body("name", equalTo("contract-a"))
                .body("site", equalTo("datadoghq.com"))
                .body("apiKeyHint", equalTo("…" + apiKey.substring(apiKey.length() - 4)))
                .body("appKeyHint", equalTo("…" + appKey.substring(appKey.length() - 4)))
                .body("backfillDays", equalTo(1))
                .body("pollIntervalSeconds", equalTo(300))
                .body("status", equalTo("active"))
                .body("sources.deployments.available", equalTo(true))
                .body("sources.failures.available", equalTo(true))
                .body("$", not(hasKey("apiKey"))).body("$", not(hasKey("appKey")));
        assertFalse(created.asString().contains(apiKey) || created.asString().contains(appKey), created.asString());
        String id = created.path("id");
        String one = CONNECTIONS + "/" + id;
        // the same site, API key and query again: refused, naming the first
        admin().contentType("application/json").body(body.replace("\"contract-a\"", "\"contract-a-again\"")).post(CONNECTIONS)
                .then().statusCode(409).contentType(PROBLEM_JSON)
                .body("connection.id", equalTo(id)).body("connection.name", equalTo("contract-a"));
        assertKeys(created.jsonPath().getMap("$"), CONNECTION_FIELDS);
        assertKeys(created.jsonPath().getMap("sources.deployments"), List.of("available", "detail"));

        viewer().get(one).then().statusCode(200).body("id", equalTo(id)).body("name", equalTo("contract-a"))
                .body("createdAt", notNullValue()).body("updatedAt", notNullValue());
        viewer().get(CONNECTIONS).then().statusCode(200)
                .body("items.id", hasItem(id)).body("items.id", hasItem(demoId))
                .body("items", everyItem(not(hasKey("apiKey"))));

        admin().contentType("application/json").body("{\"name\":\"contract-a2\"}").patch(one)
                .then().statusCode(200).body("id", equalTo(id)).body("name", equalTo("contract-a2"));
        admin().contentType("application/json").body("{\"apiKey\":\"" + "0".repeat(32) + "\"}").patch(one)
                .then().statusCode(422).contentType(PROBLEM_JSON).body("checks", notNullValue());
        viewer().get(one).then().statusCode(200).body("apiKeyHint", equalTo("…" + apiKey.substring(apiKey.length() - 4)));
        admin().contentType("application/json").body("{\"paused\":true}").patch(one)
                .then().statusCode(200).body("status", equalTo("paused"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> viewer().get(one + "/sync").then().statusCode(200).extract().jsonPath()
                        .getString("streams.deployments.state").equals("paused"));
        admin().post(one + "/sync").then().statusCode(409).contentType(PROBLEM_JSON).body("status", equalTo(409));
        admin().contentType("application/json").body("{\"paused\":false,\"pollIntervalSeconds\":120}").patch(one)
                .then().statusCode(200).body("status", equalTo("active")).body("pollIntervalSeconds", equalTo(120))
                .body("name", equalTo("contract-a2"));

        viewer().get(one + "/sync").then().statusCode(200)
                .body("connectionId", equalTo(id))
                .body("streams", hasKey("deployments")).body("streams", hasKey("failures"));
        // within the backfill range (one day): the connector refuses to re-read before it
        Instant rereadFrom = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(6));
        Instant rereadTo = rereadFrom.plus(Duration.ofHours(3));
        admin().contentType("application/json").body("{\"from\":\"" + rereadFrom + "\",\"to\":\"" + rereadTo + "\"}")
                .post(one + "/sync")
                .then().statusCode(202).body("connectionId", equalTo(id))
                .body("from", equalTo(rereadFrom.toString())).body("to", equalTo(rereadTo.toString()));
        admin().contentType("application/json").body("{\"from\":\"" + LocalDate.now(ZoneOffset.UTC).minusDays(30) + "\"}")
                .post(one + "/sync")
                .then().statusCode(400).contentType(PROBLEM_JSON).body("errors", hasKey("from"));
        admin().post(one + "/sync").then().statusCode(202).body("connectionId", equalTo(id));

        admin().delete(one).then().statusCode(204);
        viewer().get(one).then().statusCode(404).contentType(PROBLEM_JSON);
        admin().delete(one).then().statusCode(404).contentType(PROBLEM_JSON);
        viewer().get(CONNECTIONS).then().statusCode(200).body("items.id", not(hasItem(id))).body("items.id", hasItem(demoId));
    }

    @Test
    void theDemoConnectionsSyncStatusHasEveryContractField() {
        JsonPath sync = viewer().get(CONNECTIONS + "/" + demoId + "/sync").then().statusCode(200)
                .body("connectionId", equalTo(demoId)).extract().jsonPath();
        for (String stream : List.of("deployments", "failures")) {
            assertKeys(sync.getMap("streams." + stream), STREAM_FIELDS);
            assertEquals("live", sync.getString("streams." + stream + ".state"), sync.prettify());
            assertTrue(sync.getLong("streams." + stream + ".eventsPublished") > 0, sync.prettify());
        }
        assertKeys(viewer().get(CONNECTIONS + "/" + demoId).then().statusCode(200).extract().jsonPath().getMap("$"),
                CONNECTION_FIELDS);
    }

    @Test
    void aCreateRepeatedWithItsIdempotencyKeyAnswersTheFirstAnswer() {
        String body = "{\"name\":\"contract-idem\",\"site\":\"datadoghq.com\",\"apiKey\":\"" + secrets.getProperty("simulator.api-key")
                + "\",\"appKey\":\"" + secrets.getProperty("simulator.app-key") + "\",\"query\":\"-contract_test:idem\",\"backfillDays\":1}";
        Response first = admin().header("Idempotency-Key", "contract-idem-1").contentType("application/json").body(body).post(CONNECTIONS);
        first.then().statusCode(201).header("Idempotent-Replayed", nullValue());
        String id = first.path("id");
        try {
            admin().header("Idempotency-Key", "contract-idem-1").contentType("application/json").body(body).post(CONNECTIONS)
                    .then().statusCode(201).header("Idempotent-Replayed", equalTo("true")).body("id", equalTo(id));
            admin().header("Idempotency-Key", "contract-idem-1").contentType("application/json")
                    .body(body.replace("contract-idem", "contract-idem-other")).post(CONNECTIONS)
                    .then().statusCode(422).contentType(PROBLEM_JSON);
            admin().header("Idempotency-Key", "x".repeat(256)).contentType("application/json").body(body).post(CONNECTIONS)
                    .then().statusCode(400).contentType(PROBLEM_JSON).body("errors", hasKey("Idempotency-Key"));
        } finally {
            admin().delete(CONNECTIONS + "/" + id).then().statusCode(204);
        }
    }

    @Test
    void deleteWithPurgeForgetsTheConnection() {
        String body = "{\"name\":\"contract-purge\",\"site\":\"datadoghq.com\",\"apiKey\":\"" + secrets.getProperty("simulator.api-key")
                + "\",\"appKey\":\"" + secrets.getProperty("simulator.app-key") + "\",\"query\":\"-contract_test:purge\",\"backfillDays\":1}";
        String id = admin().contentType("application/json").body(body).post(CONNECTIONS).then().statusCode(201).extract().path("id");

        admin().queryParam("purge", "true").delete(CONNECTIONS + "/" + id).then().statusCode(204);
        viewer().get(CONNECTIONS + "/" + id).then().statusCode(404).contentType(PROBLEM_JSON);
        viewer().get(CONNECTIONS + "/" + id + "/sync").then().statusCode(404).contentType(PROBLEM_JSON);
    }

    @Test
    void keysDatadogRefusesAre422NamingTheCheck() {
        String body = "{\"name\":\"contract-bad-key\",\"site\":\"datadoghq.com\",\"apiKey\":\"" + "0".repeat(32)
                + "\",\"appKey\":\"" + secrets.getProperty("simulator.app-key") + "\"}";
        admin().contentType("application/json").body(body).post(CONNECTIONS)
                .then().statusCode(422)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(422))
                .body("detail", notNullValue())
                .body("checks", notNullValue());
        viewer().get(CONNECTIONS).then().statusCode(200).body("items.name", not(hasItem("contract-bad-key")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[1]",
            "{\"name\":",
            "{}",
            "{\"name\":\"x\",\"site\":\"example.com\",\"apiKey\":\"k\",\"appKey\":\"a\"}",
            "{\"name\":\"x\",\"site\":\"datadoghq.com\",\"apiKey\":\"k\",\"appKey\":\"a\",\"backfillDays\":5000}"})
    void badConnectionBodiesAre400(String body) {
        admin().contentType("application/json").body(body).post(CONNECTIONS)
                .then().statusCode(400).contentType(PROBLEM_JSON).body("status", equalTo(400));
    }

    @Test
    void badPatchAndSyncBodiesAre400() {
        String one = CONNECTIONS + "/" + demoId;
        admin().contentType("application/json").body("{\"pollIntervalSeconds\":-5}").patch(one)
                .then().statusCode(400).contentType(PROBLEM_JSON).body("errors", hasKey("pollIntervalSeconds"));
        admin().contentType("application/json").body("{\"from\":\"last week\"}").post(one + "/sync")
                .then().statusCode(400).contentType(PROBLEM_JSON).body("errors", hasKey("from"));
        admin().contentType("application/json").body("{\"from\":\"2026-03-08\",\"to\":\"2026-03-01\"}").post(one + "/sync")
                .then().statusCode(400).contentType(PROBLEM_JSON).body("errors.from", equalTo("must be before to"));
        viewer().get(one).then().statusCode(200).body("status", equalTo("active")).body("name", equalTo(LocalStack.DEMO_CONNECTION_NAME));
    }

    @Test
    void unknownConnectionIdsAre404() {
        for (String id : List.of(UUID.randomUUID().toString(), "not-an-id")) {
            String one = CONNECTIONS + "/" + id;
            admin().get(one).then().statusCode(404).contentType(PROBLEM_JSON).body("status", equalTo(404));
            admin().contentType("application/json").body("{\"name\":\"x\"}").patch(one).then().statusCode(404).contentType(PROBLEM_JSON);
            admin().delete(one).then().statusCode(404).contentType(PROBLEM_JSON);
            admin().get(one + "/sync").then().statusCode(404).contentType(PROBLEM_JSON);
            admin().post(one + "/sync").then().statusCode(404).contentType(PROBLEM_JSON);
        }
    }

    // ------------------------------------------------------------------ metrics

    @Test
    void summaryCountsTheSimulatorsDeployments() {
        JsonPath s = demoWindow(viewer()).get(METRICS).then().statusCode(200)
                .contentType("application/json")
                .header("ETag", matchesPattern("\"[0-9a-f]{32}\""))
                .header("Cache-Control", startsWith("private, max-age="))
                .body("window.from", equalTo(day(from).toString()))
                .body("window.to", equalTo(day(to).toString()))
                .body("window.days", equalTo(100.0f))
                .body("filters.connection", equalTo(List.of(demoId)))
                .body("filters.service", equalTo(List.of()))
                .body("benchmark", equalTo("dora-2025")) // the default
                .body("dataAsOf", notNullValue())
                .extract().jsonPath();
        assertEquals(expectedDeployments, s.getLong("deploymentFrequency.count"));
        assertTrue(s.getLong("changeFailureRate.deployments") == expectedDeployments, s.prettify());
        assertTrue(s.getLong("changeFailureRate.failed") > 0, "the demo data has failed deployments: " + s.prettify());
        assertTrue(s.getLong("timeToRestore.n") + s.getLong("timeToRestore.open") > 0, "the demo data has incidents");

        String etag = demoWindow(viewer()).get(METRICS).then().statusCode(200).extract().header("ETag");
        demoWindow(viewer()).header("If-None-Match", etag).get(METRICS).then().statusCode(304).header("ETag", etag);
        demoWindow(viewer()).accept("text/csv").get(METRICS).then().statusCode(406).contentType(PROBLEM_JSON);

        demoWindow(viewer()).queryParam("benchmark", "dora-2021").get(METRICS).then().statusCode(200)
                .body("benchmark", equalTo("dora-2021"))
                .body("deploymentFrequency.count", equalTo((int) expectedDeployments));
    }

    /** The benchmarks from the one definition, and dora-2025's scores in its comparison groups, by the document. */
    @Test
    void theBenchmarksAndTheirComparisonGroupsFollowTheContract() {
        viewer().get("/api/v1/metrics/benchmarks").then().statusCode(200)
                .contentType("application/json")
                .body("default", equalTo("dora-2025"))
                .body("benchmarks.name", hasItem("dora-2025"))
                .body("benchmarks.find { it.name == 'dora-2025' }.groups.orgSize", hasItem("fewer_than_100"));
        demoWindow(viewer()).queryParam("benchmark", "dora-2025").queryParam("orgSize", "fewer_than_100").get(METRICS)
                .then().statusCode(200)
                .body("benchmark", equalTo("dora-2025"))
                .body("deploymentFrequency.level", org.hamcrest.Matchers.nullValue())
                .body("deploymentFrequency.score", notNullValue())
                .body("deploymentFrequency.position.family", equalTo("orgSize"))
                .body("deploymentFrequency.position.group", equalTo("fewer_than_100"))
                .body("profile.performanceAverage.position.edition", equalTo("2025"));
        // the default is dora-2025 (scores); dora-2023 levels and has no score field at all
        demoWindow(viewer()).get(METRICS).then().statusCode(200)
                .body("benchmark", equalTo("dora-2025"))
                .body("profile", notNullValue())
                .body("changeLeadTime", hasKey("score"));
        demoWindow(viewer()).queryParam("benchmark", "dora-2023").get(METRICS).then().statusCode(200)
                .body("$", not(hasKey("profile")))
                .body("changeLeadTime", not(hasKey("score")));
        demoWindow(viewer()).queryParam("benchmark", "dora-2025").queryParam("industry", "all").queryParam("orgSize", "all")
                .get(METRICS).then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.orgSize", startsWith("not with industry"));
        demoWindow(viewer()).queryParam("benchmark", "dora-2023").queryParam("industry", "technology").get(METRICS)
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.industry", containsString("dora-2025"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"day", "week", "month"})
    void timeseriesPointsAddUpToTheSummary(String interval) {
        JsonNode ts = json(demoWindow(viewer()).queryParam("interval", interval).get(TIMESERIES).then().statusCode(200)
                .contentType("application/json")
                .body("interval", equalTo(interval))
                .extract().asString());
        JsonNode points = ts.path("points");
        assertFalse(points.isEmpty());
        if (interval.equals("day")) {
            assertEquals(100, points.size());
            assertEquals(day(from).toString(), points.get(0).path("start").asText());
            assertEquals(day(to).toString(), points.get(points.size() - 1).path("end").asText());
        }
        long sum = 0;
        String previousEnd = null;
        for (JsonNode point : points) {
            if (previousEnd != null) {
                assertEquals(previousEnd, point.path("start").asText(), "points are contiguous");
            }
            previousEnd = point.path("end").asText();
            sum += point.path("deploymentFrequency").path("count").asLong();
            assertTrue(point.path("changeFailureRate").has("method"), "a point carries its own method: " + point);
        }
        assertEquals(expectedDeployments, sum);

        String csv = demoWindow(viewer()).queryParam("interval", interval).accept("text/csv").get(TIMESERIES)
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        List<String> lines = List.of(csv.split("\r\n"));
        assertTrue(lines.get(0).startsWith("start,end,deploymentFrequency.count,"), lines.get(0));
        assertEquals(points.size() + 1, lines.size(), csv);
        long csvSum = lines.stream().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[2])).sum();
        assertEquals(expectedDeployments, csvSum);
    }

    @ParameterizedTest
    @CsvSource({"service,", "team,", "env,", "service,1", "team,2"})
    void breakdownItemsAddUpToTheSummary(String by, Integer limit) {
        RequestSpecification spec = demoWindow(viewer()).queryParam("by", by);
        if (limit != null) {
            spec.queryParam("limit", limit);
        }
        JsonPath b = spec.get(BREAKDOWN).then().statusCode(200)
                .contentType("application/json")
                .body("by", equalTo(by))
                .extract().jsonPath();
        List<String> keys = b.getList("items.key", String.class);
        assertFalse(keys.isEmpty());
        assertEquals(keys.size(), new HashSet<>(keys).size(), "distinct keys: " + keys);
        List<Long> counts = b.getList("items.deploymentFrequency.count", Long.class);
        assertEquals(keys.size(), b.getList("items.changeFailureRate.method").size(), "each item carries its own method");
        if (limit == null) {
            if (by.equals("service")) {
                assertEquals(simulatorServices(), new TreeSet<>(keys));
            }
            assertEquals(expectedDeployments, counts.stream().mapToLong(Long::longValue).sum());
        } else {
            assertTrue(keys.size() <= limit, keys.toString());
        }

        RequestSpecification csvSpec = demoWindow(viewer()).queryParam("by", by).accept("text/csv");
        if (limit != null) {
            csvSpec.queryParam("limit", limit);
        }
        String csv = csvSpec.get(BREAKDOWN).then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        List<String> lines = List.of(csv.split("\r\n"));
        assertTrue(lines.get(0).startsWith("key,deploymentFrequency.count,"), lines.get(0));
        assertEquals(keys.size() + 1, lines.size(), csv);
        for (int i = 0; i < keys.size(); i++) {
            assertEquals(keys.get(i) + "," + counts.get(i), String.join(",", List.of(lines.get(i + 1).split(",")).subList(0, 2)));
        }
    }

    @Test
    void repeatedFiltersAreEchoedAndCountWhatTheirBreakdownRowsCount() {
        JsonPath b = demoWindow(viewer()).queryParam("by", "service").get(BREAKDOWN).then().statusCode(200).extract().jsonPath();
        List<String> keys = b.getList("items.key", String.class);
        assertTrue(keys.size() >= 2, keys.toString());
        List<Long> counts = b.getList("items.deploymentFrequency.count", Long.class);
        List<String> two = new ArrayList<>(new TreeSet<>(keys.subList(0, 2)));
        demoWindow(viewer()).queryParam("service", two.get(1), two.get(0), two.get(1)).get(METRICS).then().statusCode(200)
                .body("filters.service", equalTo(two))
                .body("filters.connection", equalTo(List.of(demoId)))
                .body("deploymentFrequency.count", equalTo((int) (counts.get(0) + counts.get(1))));
    }

    @Test
    void aWindowOfExactly731DaysIsAllowed() {
        viewer().queryParam("from", to.minusDays(731).toString()).queryParam("to", to.toString()).get(METRICS)
                .then().statusCode(200).body("window.days", equalTo(731.0f));
        viewer().queryParam("from", to.minusDays(732).toString()).queryParam("to", to.toString()).get(METRICS)
                .then().statusCode(400).contentType(PROBLEM_JSON).body("errors", hasKey("to"));
    }

    // ------------------------------------------------------------------ events

    @Test
    void deploymentPagesCoverTheWindowOnceNewestFirst() {
        List<JsonNode> pages = walk(DEPLOYMENTS, 37, false);
        List<String> ids = ids(pages, false);
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no deployment twice");
        assertEquals(expectedDeployments, ids.size());
        assertTrue(pages.size() > 2, "several pages: " + pages.size());
        // the same deployments with the largest pages
        assertEquals(new HashSet<>(ids), new HashSet<>(ids(walk(DEPLOYMENTS, 500, false), false)));

        List<JsonNode> failed = walk(DEPLOYMENTS, 5, true);
        List<String> failedIds = ids(failed, false);
        assertEquals(failedIds.size(), new HashSet<>(failedIds).size(), "no failed deployment twice");
        assertFalse(failedIds.isEmpty());
        for (JsonNode page : failed) {
            page.path("items").forEach(d -> assertEquals("failed", d.path("changeFailure").asText(), d.toString()));
        }
        long failedInSummary = demoWindow(viewer()).get(METRICS).then().statusCode(200).extract().jsonPath()
                .getLong("changeFailureRate.failed");
        assertEquals(failedInSummary, failedIds.size());
    }

    @Test
    void incidentPagesCoverTheWindowOnce() {
        List<JsonNode> pages = walk(INCIDENTS, 3, false);
        List<String> ids = ids(pages, true);
        assertFalse(ids.isEmpty());
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no incident twice");
        assertEquals(new HashSet<>(ids), new HashSet<>(ids(walk(INCIDENTS, 500, false), true)));
        for (JsonNode page : pages) {
            page.path("items").forEach(i -> assertEquals(demoId, i.path("connectionId").asText(), i.toString()));
        }
    }

    // ------------------------------------------------------------------ status

    @Test
    void statusNamesEachBackendAndConnection() {
        viewer().get(STATUS).then().statusCode(200)
                .contentType("application/json")
                .body("status", equalTo("ok"))
                .body("backends.name", equalTo(List.of("connector-service", "aggregator-service")))
                .body("backends.status", everyItem(equalTo("up")))
                .body("connections.connectionId", hasItem(demoId))
                .body("connections.find { it.connectionId == '" + demoId + "' }.name", equalTo(LocalStack.DEMO_CONNECTION_NAME))
                .body("connections.find { it.connectionId == '" + demoId + "' }.streams", hasKey("deployments"));
    }

    // ------------------------------------------------------------------ error classes

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // path | query | offending parameter
            METRICS + "|from=2026-02-30&to=2026-03-01|from",
            METRICS + "|from=yesterday&to=2026-03-01|from",
            METRICS + "|to=2026-03-01|from",
            METRICS + "|from=2026-03-08&to=2026-03-01|from",
            METRICS + "|from=2024-01-01&to=2026-01-02|to",
            METRICS + "|from=2026-03-01&to=2026-04-01&benchmark=dora-2024|benchmark",
            METRICS + "|from=2026-03-01&to=2026-04-01&connection=not-a-uuid|connection",
            TIMESERIES + "|from=2026-03-01&to=2026-04-01|interval",
            TIMESERIES + "|from=2026-03-01&to=2026-04-01&interval=hour|interval",
            TIMESERIES + "|from=2026-03-01&to=2026-04-01&interval=week&benchmark=elite|benchmark",
            BREAKDOWN + "|from=2026-03-01&to=2026-04-01|by",
            BREAKDOWN + "|from=2026-03-01&to=2026-04-01&by=region|by",
            BREAKDOWN + "|from=2026-03-01&to=2026-04-01&by=team&limit=0|limit",
            BREAKDOWN + "|from=2026-03-01&to=2026-04-01&by=team&limit=ten|limit",
            DEPLOYMENTS + "|from=2026-03-01&to=2026-04-01&limit=501|limit",
            DEPLOYMENTS + "|from=2026-03-01&to=2026-04-01&limit=-1|limit",
            DEPLOYMENTS + "|from=2026-03-01&to=2026-04-01&cursor=not-a-cursor|cursor",
            DEPLOYMENTS + "|from=2026-03-01&to=2026-04-01&cursor=eyJ4IjoxfQ|cursor",
            DEPLOYMENTS + "|from=2026-03-01&to=2026-04-01&failed=maybe|failed",
            DEPLOYMENTS + "|from=2026-04-01&to=2026-03-01|from",
            INCIDENTS + "|from=2026-03-01&to=2026-04-01&cursor=%25%25%25|cursor",
            INCIDENTS + "|from=2026-03-01&to=2026-04-01&limit=1000|limit",
            INCIDENTS + "|from=2020-01-01&to=2026-04-01|to"})
    void badQueriesAre400ProblemsNamingTheParameter(String path, String query, String parameter) {
        given().urlEncodingEnabled(false).header("Authorization", "Bearer " + VIEWER_TOKEN)
                .get(path + "?" + query)
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", notNullValue())
                .body("title", notNullValue())
                .body("status", equalTo(400))
                .body("detail", notNullValue())
                .body("errors", hasKey(parameter));
    }

    @Test
    void aBodyOver64KiBIs413() {
        String name = "x".repeat(70 * 1024);
        admin().contentType("application/json").body("{\"name\":\"" + name + "\"}").post(CONNECTIONS)
                .then().statusCode(413).contentType(PROBLEM_JSON).body("status", equalTo(413));
        viewer().get(CONNECTIONS).then().statusCode(200).body("items.name", not(hasItem(name)));
    }

    @Test
    void aChunkedBodyOver64KiBIs413Too() throws Exception {
        // no Content-Length: the HTTP layer's own limit refuses it while reading
        byte[] body = ("{\"name\":\"" + "x".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(stack.gatewayUri().resolve(CONNECTIONS))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, r.statusCode(), r.body());
        // issue #5: every error is application/problem+json, this one too
        assertEquals(Optional.of(PROBLEM_JSON), r.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim()),
                "413 for a chunked body: " + r.headers().map() + " " + r.body());
        OpenApiValidator.validate("http://localhost:" + stack.gatewayUri().getPort(), "POST", CONNECTIONS, r.statusCode(),
                r.headers().firstValue("Content-Type").orElse(null), r.body());
    }

    @Test
    void pathsAndMethodsOutsideTheContractAreProblems() {
        admin().get("/api/v1/nothing-here").then().statusCode(404).contentType(PROBLEM_JSON);
        admin().contentType("application/json").body("{}").put(CONNECTIONS).then().statusCode(405).contentType(PROBLEM_JSON);
        admin().contentType("text/plain").body("name=x").post(CONNECTIONS).then().statusCode(415).contentType(PROBLEM_JSON);
    }

    @Test
    void aConnectionFilterOfAnUnknownIdCountsNothing() {
        given().header("Authorization", "Bearer " + VIEWER_TOKEN).queryParam("from", from.toString()).queryParam("to", to.toString())
                .queryParam("connection", UUID.randomUUID().toString()).get(METRICS)
                .then().statusCode(200).body("deploymentFrequency.count", equalTo(0));
    }

    // ------------------------------------------------------------------ auth matrix

    @ParameterizedTest
    @ValueSource(strings = {CONNECTIONS, METRICS + "?from=2026-03-01&to=2026-04-01", DEPLOYMENTS + "?from=2026-03-01&to=2026-04-01",
            INCIDENTS + "?from=2026-03-01&to=2026-04-01", STATUS, ME})
    void readsNeedAValidToken(String path) {
        given().urlEncodingEnabled(false).get(path).then().statusCode(401).contentType(PROBLEM_JSON).body("status", equalTo(401));
        given().urlEncodingEnabled(false).header("Authorization", "Bearer wrong-token").get(path)
                .then().statusCode(401).contentType(PROBLEM_JSON);
        given().urlEncodingEnabled(false).header("Authorization", "Basic " + VIEWER_TOKEN).get(path)
                .then().statusCode(401).contentType(PROBLEM_JSON);
        given().urlEncodingEnabled(false).header("Authorization", "Bearer " + VIEWER_TOKEN).get(path).then().statusCode(200);
        given().urlEncodingEnabled(false).header("Authorization", "Bearer " + ADMIN_TOKEN).get(path).then().statusCode(200);
    }

    @Test
    void writesNeedAnAdmin() {
        String one = CONNECTIONS + "/" + demoId;
        String create = "{\"name\":\"by-viewer\",\"site\":\"datadoghq.com\",\"apiKey\":\"k\",\"appKey\":\"a\"}";
        viewer().contentType("application/json").body(create).post(CONNECTIONS).then().statusCode(403).contentType(PROBLEM_JSON);
        viewer().contentType("application/json").body("{\"paused\":true}").patch(one).then().statusCode(403).contentType(PROBLEM_JSON);
        viewer().delete(one).then().statusCode(403).contentType(PROBLEM_JSON);
        viewer().queryParam("purge", "true").delete(one).then().statusCode(403).contentType(PROBLEM_JSON);
        viewer().post(one + "/sync").then().statusCode(403).contentType(PROBLEM_JSON);
        given().contentType("application/json").body(create).post(CONNECTIONS).then().statusCode(401).contentType(PROBLEM_JSON);
        given().header("Authorization", "Bearer wrong-token").delete(one).then().statusCode(401).contentType(PROBLEM_JSON);
        // nothing changed
        viewer().get(one).then().statusCode(200).body("status", equalTo("active"));
        viewer().get(CONNECTIONS).then().statusCode(200).body("items.name", not(hasItem("by-viewer")));
    }

    @Test
    void aTokenOverItsRateIs429WithRetryAfter() {
        RequestSpecification limited = given().header("Authorization", "Bearer " + LIMITED_TOKEN);
        for (int i = 0; i < LIMITED_BURST; i++) {
            limited.get(STATUS).then().statusCode(200);
        }
        limited.get(STATUS).then().statusCode(429)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(429))
                .header("Retry-After", matchesPattern("[1-9][0-9]*"));
        limited.get(CONNECTIONS).then().statusCode(429).header("Retry-After", notNullValue());
        // other tokens have buckets of their own
        viewer().get(STATUS).then().statusCode(200);
    }

    /** Last: Datadog failing every call leaves the demo connection's streams failing for a while. */
    @Test
    @Order(Integer.MAX_VALUE)
    void createAnswers503NamingDatadogWhenItCannotBeReached() {
        String body = "{\"name\":\"contract-no-datadog\",\"site\":\"datadoghq.com\",\"apiKey\":\"" + secrets.getProperty("simulator.api-key")
                + "\",\"appKey\":\"" + secrets.getProperty("simulator.app-key") + "\",\"query\":\"-contract_test:no-datadog\",\"backfillDays\":1}";
        stack.simulator().faults(FaultConfig.none().withError5xx(1.0));
        try {
            admin().contentType("application/json").body(body).post(CONNECTIONS)
                    .then().statusCode(503).contentType(PROBLEM_JSON).body("detail", containsString("Datadog"));
        } finally {
            stack.simulator().faults(FaultConfig.none());
        }
        viewer().get(CONNECTIONS).then().statusCode(200).body("items.name", not(hasItem("contract-no-datadog")));
    }

    // ------------------------------------------------------------------ helpers

    private static final List<String> CONNECTION_FIELDS = List.of("id", "name", "site", "apiKeyHint", "appKeyHint", "query",
            "backfillDays", "pollIntervalSeconds", "status", "sources", "createdAt", "updatedAt");
    private static final List<String> STREAM_FIELDS = List.of("state", "backfillProgress", "position", "lagSeconds",
            "lastSuccessAt", "lastError", "nextProbeAt", "eventsPublished", "eventsRejected", "rateLimitRemaining");

    /** The contract's fields are all there (null where no value exists), not merely allowed by the schema. */
    private static void assertKeys(Map<String, Object> object, List<String> keys) {
        for (String k : keys) {
            assertTrue(object.containsKey(k), "missing " + k + " in " + object);
        }
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    private static RequestSpecification viewer() {
        return given().header("Authorization", "Bearer " + VIEWER_TOKEN);
    }

    /** The demo connection's whole window. */
    private static RequestSpecification demoWindow(RequestSpecification spec) {
        return spec.queryParam("from", from.toString()).queryParam("to", to.toString()).queryParam("connection", demoId);
    }

    /** Every page of a list, following {@code nextCursor} until it is null. */
    private static List<JsonNode> walk(String path, int limit, boolean failed) {
        List<JsonNode> pages = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification spec = demoWindow(viewer()).queryParam("limit", limit);
            if (failed) {
                spec.queryParam("failed", "true");
            }
            if (cursor != null) {
                spec.queryParam("cursor", cursor);
            }
            JsonNode page = json(spec.get(path).then().statusCode(200).contentType("application/json").extract().asString());
            assertTrue(page.has("nextCursor"), "nextCursor is always there, null on the last page");
            assertTrue(page.path("items").size() <= limit, "at most limit items");
            pages.add(page);
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
            if (cursor != null) {
                assertEquals(limit, page.path("items").size(), "only the last page is short");
            }
            assertTrue(pages.size() < 1000, "paging ends");
        } while (cursor != null);
        return pages;
    }

    /**
     * The event ids of pages, in order, checking that each item lies in the window and comes no later than
     * the one before: by its finishedAt (else startedAt) for deployments, by its startedAt for incidents.
     */
    private static List<String> ids(List<JsonNode> pages, boolean byStart) {
        List<String> ids = new ArrayList<>();
        Instant previous = null;
        for (JsonNode page : pages) {
            for (JsonNode item : page.path("items")) {
                ids.add(item.path("eventId").asText());
                JsonNode at = byStart || item.path("finishedAt").isNull() ? item.path("startedAt") : item.path("finishedAt");
                Instant instant = Instant.parse(at.asText());
                assertFalse(instant.isBefore(day(from)) || !instant.isBefore(day(to)), "in the window: " + item);
                if (previous != null) {
                    assertFalse(instant.isAfter(previous), "newest first: " + instant + " after " + previous);
                }
                previous = instant;
            }
        }
        return ids;
    }

    private static JsonNode json(String body) {
        try {
            return DoraJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static Set<String> simulatorServices() {
        Set<String> services = new TreeSet<>();
        stack.simulator().export().deployments().forEach(d -> {
            JsonNode a = d.path("attributes");
            String at = a.hasNonNull("finished_at") ? a.get("finished_at").asText() : a.get("started_at").asText();
            Instant i = Instant.parse(at);
            if (!i.isBefore(day(from)) && i.isBefore(day(to))) {
                services.add(a.path("service").asText());
            }
        });
        return services;
    }

    private static Instant day(LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
