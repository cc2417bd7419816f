package io.dorastream.aggregator.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.dorastream.events.Deployment;
import io.dorastream.events.Incident;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** {@code /internal/events/*}: window and filters as the summary's, newest first, keyset pages, validation. */
@QuarkusTest
class InternalEventsResourceTest extends AggregatorTestBase {

    private static final String DEPLOYMENTS = "/internal/events/deployments";
    private static final String INCIDENTS = "/internal/events/incidents";
    private static final String FROM = "2026-04-01T00:00:00Z";
    private static final String TO = "2026-05-01T00:00:00Z";
    private static final Instant BASE = Instant.parse("2026-04-10T12:00:00Z");

    @Test
    void pagesListEveryEventOnceWhileNewEventsArrive() throws Exception {
        UUID connection = UUID.randomUUID();
        // 12 deployments, three per finish instant: ties are ordered by event id
        for (int i = 0; i < 12; i++) {
            sendDeployment(connection, String.format("d%02d", i), 1,
                    deployment("checkout", "production", "backend", BASE.plusSeconds(60L * (i / 3))));
        }
        sendDeployment(connection, "deleted", 1, deployment("checkout", "production", "backend", BASE.plusSeconds(90)));
        sendDeploymentTombstone(connection, "deleted", 2);
        awaitDeploymentsConsumed();

        List<String> seen = new ArrayList<>();
        JsonPath first = page(DEPLOYMENTS, connection, 5, null);
        assertEquals(List.of("d11", "d10", "d09", "d08", "d07"), first.getList("items.eventId"));
        seen.addAll(first.getList("items.eventId"));
        String cursor = first.getString("nextCursor");
        assertNotNull(cursor);

        // arriving between pages: newer than the first page (not listed any more), tied with the cursor's
        // instant before and after its position, and older than everything (listed on a later page)
        Instant tie = BASE.plusSeconds(120);
        sendDeployment(connection, "late-newest", 1, deployment("checkout", "production", "backend", BASE.plusSeconds(3600)));
        sendDeployment(connection, "d075", 1, deployment("checkout", "production", "backend", tie));
        sendDeployment(connection, "d065", 1, deployment("checkout", "production", "backend", tie));
        sendDeployment(connection, "late-oldest", 1, deployment("checkout", "production", "backend", BASE.minusSeconds(3600)));
        awaitDeploymentsConsumed();

        int pages = 1;
        while (cursor != null) {
            JsonPath next = page(DEPLOYMENTS, connection, 5, cursor);
            List<String> ids = next.getList("items.eventId");
            assertTrue(ids.size() <= 5);
            seen.addAll(ids);
            cursor = next.getString("nextCursor");
            pages++;
        }
        List<String> all = page(DEPLOYMENTS, connection, 500, null).getList("items.eventId");
        assertEquals(List.of("late-newest", "d11", "d10", "d09", "d08", "d075", "d07", "d065", "d06", "d05", "d04", "d03",
                "d02", "d01", "d00", "late-oldest"), all, "newest first, ties by event id, the deleted event nowhere");
        List<String> expected = new ArrayList<>(all);
        expected.removeAll(List.of("late-newest", "d075"));
        assertEquals(expected, seen, "no repeat, no gap");
        assertEquals(3, pages);
    }

    @Test
    void windowAndFiltersAreTheSummarys() throws Exception {
        UUID connection = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        Instant from = Instant.parse(FROM);
        Instant to = Instant.parse(TO);
        sendDeployment(connection, "at-from", 1, deployment("checkout", "production", "backend", from));
        sendDeployment(connection, "at-to", 1, deployment("checkout", "production", "backend", to));
        // no finish: placed by its start
        sendDeployment(connection, "unfinished", 1, deployment("cart", "staging", null, BASE, null));
        sendDeployment(connection, "updated", 1, deployment("search", "production", "frontend", BASE.plusSeconds(5)));
        sendDeployment(connection, "updated", 2, deployment("search", "production", "web", BASE.plusSeconds(7)));
        sendDeployment(other, "elsewhere", 1, deployment("checkout", "production", "backend", BASE.plusSeconds(8)));
        awaitDeploymentsConsumed();

        assertEquals(List.of("updated", "unfinished", "at-from"), ids(DEPLOYMENTS, connection));
        assertEquals(List.of("at-from"), ids(DEPLOYMENTS, connection, "service", "checkout"));
        assertEquals(List.of("unfinished", "at-from"), ids(DEPLOYMENTS, connection, "service", "checkout", "service", "cart"));
        assertEquals(List.of("updated", "at-from"), ids(DEPLOYMENTS, connection, "env", "production", "env", " "));
        assertEquals(List.of("updated"), ids(DEPLOYMENTS, connection, "team", "web"));
        assertEquals(List.of(), ids(DEPLOYMENTS, connection, "team", "frontend"), "the latest version counts");
        assertEquals(List.of("elsewhere", "updated", "unfinished", "at-from"),
                ids(DEPLOYMENTS, null, "connection", connection.toString(), "connection", other.toString()));

        JsonPath page = page(DEPLOYMENTS, connection, 100, null);
        Map<String, Object> updated = page.getMap("items[0]");
        assertEquals(connection.toString(), updated.get("connectionId"));
        assertEquals("updated", updated.get("eventId"));
        assertEquals(2, updated.get("version"));
        assertEquals("v1.0.0", updated.get("serviceVersion"));
        assertEquals("search", updated.get("service"));
        assertEquals("web", updated.get("team"));
        assertEquals(BASE.plusSeconds(7).toString(), updated.get("finishedAt"));
        assertEquals(BASE.plusSeconds(-3).toString(), updated.get("startedAt"));
        // No deployment in scope carries a verdict: the incident_link fallback judges every one (no failure: ok).
        assertEquals("ok", updated.get("changeFailure"));
        assertEquals("raw attributes", page.getString("items[0].raw.note"));
        assertNull(page.getString("items[1].finishedAt"));
        assertEquals(BASE.toString(), page.getString("items[1].startedAt"));
        assertTrue(page.getMap("items[1]").containsKey("finishedAt"), "null fields are written");
    }

    @Test
    void failedTrueListsOnlyFailedDeployments() throws Exception {
        UUID connection = UUID.randomUUID();
        sendDeployment(connection, "failed", 1, verdict(true, BASE));
        sendDeployment(connection, "stable", 1, verdict(false, BASE.plusSeconds(1)));
        sendDeployment(connection, "pending", 1, verdict(null, BASE.plusSeconds(2)));
        sendDeployment(connection, "failed-later", 1, verdict(null, BASE.plusSeconds(3)));
        sendDeployment(connection, "failed-later", 2, verdict(true, BASE.plusSeconds(3)));
        awaitDeploymentsConsumed();

        JsonPath all = page(DEPLOYMENTS, connection, 100, null);
        assertEquals(List.of("failed-later", "pending", "stable", "failed"), all.getList("items.eventId"));
        assertEquals(List.of("failed", "pending", "ok", "failed"), all.getList("items.changeFailure"));
        assertEquals(List.of("failed-later", "failed"), ids(DEPLOYMENTS, connection, "failed", "true"));
        assertEquals(List.of("failed-later", "pending", "stable", "failed"), ids(DEPLOYMENTS, connection, "failed", "false"));

        JsonPath firstFailed = page(DEPLOYMENTS, connection, 1, null, "failed", "true");
        assertEquals(List.of("failed-later"), firstFailed.getList("items.eventId"));
        JsonPath nextFailed = page(DEPLOYMENTS, connection, 1, firstFailed.getString("nextCursor"), "failed", "true");
        assertEquals(List.of("failed"), nextFailed.getList("items.eventId"));
        assertNull(nextFailed.getString("nextCursor"));
    }

    @Test
    void eachDeploymentSaysWhyItFailedOrNotAndEachFailureItsDeployments() throws Exception {
        // change_failure: Datadog's verdict and remediation
        UUID source = UUID.randomUUID();
        sendDeployment(source, "rolled-back", 1, new Deployment("checkout", "production", "backend", "v1", BASE.minusSeconds(10), BASE,
                List.of(), null, true, 600L, new Deployment.Remediation("r1", null, "rollback"), "standard", List.of(), List.of(), 0,
                0, 10.0, "ci", BASE, null));
        sendDeployment(source, "unjudged", 1, verdict(null, BASE.plusSeconds(60)));
        // incident_link: api/prod at 12:00 and 13:00; f1 (12:30) and f2 (12:40) fail the first, f3 (13:30, staging) nothing
        UUID linked = UUID.randomUUID();
        sendDeployment(linked, "a", 1, new Deployment("api", "prod", null, "v1", BASE.minusSeconds(10), BASE, List.of(), null, null,
                null, null, null, List.of(), List.of(), 0, 0, 10.0, "ci", BASE, null));
        sendDeployment(linked, "b", 1, new Deployment("api", "prod", null, "v2", BASE.plusSeconds(3590), BASE.plusSeconds(3600),
                List.of(), null, null, null, null, null, List.of(), List.of(), 0, 0, 10.0, "ci", BASE, null));
        awaitDeploymentsConsumed();
        sendIncident(linked, "f2", 1, new Incident("slow", "SEV-3", List.of("api", "web"), List.of("prod"), List.of(), "v1",
                BASE.plusSeconds(2400), null, null, List.of(), null));
        sendIncident(linked, "f1", 1, new Incident("down", "SEV-1", List.of("api"), List.of("prod"), List.of(), "v1",
                BASE.plusSeconds(1800), null, null, List.of(), null));
        sendIncident(linked, "f3", 1, new Incident("down", "SEV-1", List.of("api"), List.of("staging"), List.of(), "v1",
                BASE.plusSeconds(5400), null, null, List.of(), null));
        awaitIncidentsConsumed();

        JsonPath cf = page(DEPLOYMENTS, source, 100, null);
        assertEquals(List.of("unjudged", "rolled-back"), cf.getList("items.eventId"));
        assertEquals("change_failure", cf.getString("items[1].verdict.method"));
        assertEquals(true, cf.getBoolean("items[1].verdict.sourceVerdict"));
        assertEquals("rollback", cf.getString("items[1].verdict.remediation.type"));
        assertEquals("r1", cf.getString("items[1].verdict.remediation.id"));
        assertNull(cf.get("items[1].verdict.linkedFailures"));
        assertNull(cf.get("items[0].verdict.sourceVerdict"));
        assertNull(cf.get("items[0].verdict.remediation"));

        JsonPath link = page(DEPLOYMENTS, linked, 100, null);
        assertEquals(List.of("b", "a"), link.getList("items.eventId"));
        assertEquals(List.of("ok", "failed"), link.getList("items.changeFailure"));
        assertEquals("incident_link", link.getString("items[1].verdict.method"));
        assertEquals(List.of("f1", "f2"), link.getList("items[1].verdict.linkedFailures"), "by start");
        assertEquals(BASE.toString(), link.getString("items[1].verdict.interval.from"));
        assertEquals(BASE.plusSeconds(3600).toString(), link.getString("items[1].verdict.interval.to"));
        assertEquals(List.of(), link.getList("items[0].verdict.linkedFailures"));
        assertNull(link.get("items[0].verdict.interval.to"), "the last interval is open-ended");
        assertNull(link.get("items[0].verdict.sourceVerdict"));

        JsonPath failures = page(INCIDENTS, linked, 100, null);
        assertEquals(List.of("f3", "f2", "f1"), failures.getList("items.eventId"));
        assertEquals(List.of(), failures.getList("items[0].linkedDeployments"), "no deployment of api/staging");
        assertEquals(List.of(Map.of("eventId", "a", "service", "api", "env", "prod")), failures.getList("items[1].linkedDeployments"));
        assertEquals(List.of("a"), failures.getList("items[2].linkedDeployments.eventId"));
    }

    @Test
    void incidentsNewestFirstByStartWithTheirSetsFiltered() throws Exception {
        UUID connection = UUID.randomUUID();
        sendIncident(connection, "checkout-down", 1, incident("checkout", BASE, BASE.plusSeconds(600)));
        sendIncident(connection, "both", 1, new Incident("Both down", "SEV-1", List.of("cart", "search"),
                List.of("production", "staging"), List.of(), "v2", BASE.plusSeconds(60), null, null, List.of(), null));
        sendIncident(connection, "gone", 1, incident("checkout", BASE.plusSeconds(120), null));
        sendIncidentTombstone(connection, "gone", 2);
        sendIncident(connection, "before", 1, incident("checkout", Instant.parse(FROM).minusSeconds(1), null));
        awaitIncidentsConsumed();

        JsonPath all = page(INCIDENTS, connection, 100, null);
        assertEquals(List.of("both", "checkout-down"), all.getList("items.eventId"));
        assertEquals(List.of("cart", "search"), all.getList("items[0].services"));
        assertEquals("v2", all.getString("items[0].serviceVersion"));
        assertEquals(1, all.getInt("items[0].version"));
        assertEquals(BASE.plusSeconds(600).toString(), all.getString("items[1].finishedAt"));
        assertFalse(all.getMap("items[0]").containsKey("changeFailure"), "no verdict on failures");
        assertEquals(List.of("both"), ids(INCIDENTS, connection, "service", "search"));
        assertEquals(List.of("both"), ids(INCIDENTS, connection, "env", "staging"));
        assertEquals(List.of("both", "checkout-down"), ids(INCIDENTS, connection, "service", "search", "service", "checkout"));
        assertEquals(List.of("checkout-down"), ids(INCIDENTS, connection, "team", "backend"));

        JsonPath first = page(INCIDENTS, connection, 1, null);
        assertEquals(List.of("both"), first.getList("items.eventId"));
        JsonPath second = page(INCIDENTS, connection, 1, first.getString("nextCursor"));
        assertEquals(List.of("checkout-down"), second.getList("items.eventId"));
        assertNull(second.getString("nextCursor"));
    }

    @Test
    void badLimitsCursorsAndFlagsAreBadRequests() {
        UUID connection = UUID.randomUUID();
        for (String limit : List.of("0", "501", "-1", "ten", "1.5")) {
            problem(window().queryParam("limit", limit).when().get(DEPLOYMENTS).then()).body("errors.limit", notNullValue());
        }
        window().queryParam("limit", "500").when().get(DEPLOYMENTS).then().statusCode(200);
        window().queryParam("limit", "1").when().get(DEPLOYMENTS).then().statusCode(200);

        String json = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        String badInstant = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("[\"deployments.1\",\"+300000-01-01T00:00:00Z\",\"" + connection + "\",\"x\"]").getBytes(StandardCharsets.UTF_8));
        String futureFormat = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("[\"deployments.9\",\"2026-04-10T12:00:00Z\",\"" + connection + "\",\"x\"]").getBytes(StandardCharsets.UTF_8));
        for (String cursor : List.of("not a cursor!", "AAAA", json, badInstant, futureFormat)) {
            problem(window().queryParam("cursor", cursor).when().get(DEPLOYMENTS).then())
                    .body("errors.cursor", notNullValue());
        }
        String incidentsCursor = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("[\"incidents.1\",\"2026-04-10T12:00:00Z\",\"" + connection + "\",\"x\"]").getBytes(StandardCharsets.UTF_8));
        window().queryParam("cursor", incidentsCursor).when().get(INCIDENTS).then().statusCode(200);
        problem(window().queryParam("cursor", incidentsCursor).when().get(DEPLOYMENTS).then())
                .body("errors.cursor", notNullValue());

        problem(window().queryParam("failed", "maybe").when().get(DEPLOYMENTS).then()).body("errors.failed", notNullValue());
        problem(window().queryParam("benchmark", "dora-1999").when().get(INCIDENTS).then())
                .body("errors.benchmark", equalTo("'dora-1999' is not one of dora-2025, dora-2023, dora-2021"));
        problem(window().queryParam("connection", "not-a-uuid").when().get(INCIDENTS).then())
                .body("errors.connection", notNullValue());
        problem(authorized().queryParam("to", TO).when().get(INCIDENTS).then()).body("errors.from", notNullValue());
        problem(authorized().queryParam("from", TO).queryParam("to", FROM).when().get(DEPLOYMENTS).then())
                .body("errors.from", notNullValue());
        problem(authorized().queryParam("from", "2024-01-01T00:00:00Z").queryParam("to", "2026-01-02T00:00:00Z")
                .when().get(DEPLOYMENTS).then()).body("errors.to", notNullValue());
        given().queryParam("from", FROM).queryParam("to", TO).when().get(DEPLOYMENTS).then().statusCode(401);
    }

    @Test
    void theOpenApiDocumentDescribesBothListings() {
        JsonPath doc = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200).extract().jsonPath();
        List<String> common = List.of("from", "to", "connection", "service", "env", "team", "benchmark", "limit", "cursor");
        for (String path : List.of(DEPLOYMENTS, INCIDENTS)) {
            List<String> names = doc.getList("paths.'" + path + "'.get.parameters.name");
            assertTrue(names.containsAll(common), path + ": " + names);
            assertNotNull(doc.get("paths.'" + path + "'.get.responses.'400'"), path);
        }
        assertTrue(doc.getList("paths.'" + DEPLOYMENTS + "'.get.parameters.name").contains("failed"));
    }

    // ------------------------------------------------------------------ helpers

    private static Deployment verdict(Boolean changeFailure, Instant finishedAt) {
        return new Deployment("checkout", "production", "backend", "v1.0.0", finishedAt.minusSeconds(10), finishedAt, List.of(),
                null, changeFailure, null, null, "standard", List.of(), List.of(), 0, 0, 10.0, "ci", finishedAt, null);
    }

    private static RequestSpecification window() {
        return authorized().queryParam("from", FROM).queryParam("to", TO);
    }

    private static ValidatableResponse problem(ValidatableResponse r) {
        return r.statusCode(400).contentType(startsWith("application/problem+json")).body("status", equalTo(400))
                .body("detail", notNullValue());
    }

    /** The event ids of one page of up to 500; {@code connection} null for no connection filter. */
    private static List<String> ids(String path, UUID connection, String... params) {
        return page(path, connection, 500, null, params).getList("items.eventId");
    }

    private static JsonPath page(String path, UUID connection, int limit, String cursor, String... params) {
        RequestSpecification spec = window().queryParam("limit", limit);
        if (connection != null) {
            spec.queryParam("connection", connection.toString());
        }
        if (cursor != null) {
            spec.queryParam("cursor", cursor);
        }
        Map<String, List<String>> multi = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            multi.computeIfAbsent(params[i], k -> new ArrayList<>()).add(params[i + 1]);
        }
        multi.forEach((name, values) -> spec.queryParam(name, values));
        return spec.when().get(path).then().statusCode(200).contentType(startsWith("application/json")).extract().jsonPath();
    }
}
