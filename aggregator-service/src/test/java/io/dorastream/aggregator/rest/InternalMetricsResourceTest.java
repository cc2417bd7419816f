package io.dorastream.aggregator.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** The internal API's guard (service token) and its parameter validation (RFC 9457 problems). */
@QuarkusTest
class InternalMetricsResourceTest extends AggregatorTestBase {

    private static final String PATH = "/internal/metrics/summary";
    private static final String FROM = "2026-03-01T00:00:00Z";
    private static final String TO = "2026-03-02T00:00:00Z";

    private static ValidatableResponse problem(ValidatableResponse r, int status) {
        return r.statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body("type", notNullValue());
    }

    @Test
    void withoutTheTokenIsUnauthorized() {
        problem(given().queryParam("from", FROM).queryParam("to", TO).when().get(PATH).then(), 401)
                .body("title", equalTo("Unauthorized"));
        problem(given().header("Authorization", "Bearer wrong-token").queryParam("from", FROM).queryParam("to", TO)
                .when().get(PATH).then(), 401);
        problem(given().header("Authorization", "test-internal-token").queryParam("from", FROM).queryParam("to", TO)
                .when().get(PATH).then(), 401);
        problem(given().header("Authorization", "Bearer test-internal-token-and-more").queryParam("from", FROM)
                .queryParam("to", TO).when().get(PATH).then(), 401);
        // refused before validation too
        problem(given().when().get(PATH).then(), 401);

        authorized().queryParam("from", FROM).queryParam("to", TO).when().get(PATH).then().statusCode(200);
    }

    @Test
    void missingOrInvalidInstantsAreBadRequests() {
        problem(authorized().queryParam("to", TO).when().get(PATH).then(), 400).body("detail", notNullValue());
        problem(authorized().queryParam("from", FROM).when().get(PATH).then(), 400);
        problem(authorized().queryParam("from", "").queryParam("to", TO).when().get(PATH).then(), 400);
        problem(authorized().queryParam("from", "yesterday").queryParam("to", TO).when().get(PATH).then(), 400);
        problem(authorized().queryParam("from", "2026-03-01").queryParam("to", TO).when().get(PATH).then(), 400);
        problem(authorized().queryParam("from", FROM).queryParam("to", "2026-13-01T00:00:00Z").when().get(PATH).then(), 400);
        // Instant.parse reads years of more than four digits, PostgreSQL's timestamps end at 294276: a 400, not a 500
        problem(authorized().queryParam("from", "+300000-01-01T00:00:00Z").queryParam("to", "+300000-01-01T12:00:00Z")
                .when().get(PATH).then(), 400);
        problem(authorized().queryParam("from", "9999-12-31T00:00:00Z").queryParam("to", "+10000-01-01T00:00:00Z")
                .when().get(PATH).then(), 400);
    }

    @Test
    void reversedOrEmptyWindowsAreBadRequests() {
        problem(authorized().queryParam("from", TO).queryParam("to", FROM).when().get(PATH).then(), 400)
                .body("errors.from", notNullValue());
        problem(authorized().queryParam("from", FROM).queryParam("to", FROM).when().get(PATH).then(), 400);
    }

    @Test
    void windowsLongerThan731DaysAreBadRequests() {
        problem(authorized().queryParam("from", "2024-01-01T00:00:00Z").queryParam("to", "2026-01-02T00:00:00Z")
                .when().get(PATH).then(), 400).body("errors.to", notNullValue());
        problem(authorized().queryParam("from", "2024-01-01T00:00:00Z").queryParam("to", "2026-01-01T00:00:00.001Z")
                .when().get(PATH).then(), 400);
        // 731 days exactly (2024 is a leap year: 366 + 365) is allowed
        authorized().queryParam("from", "2024-01-01T00:00:00Z").queryParam("to", "2026-01-01T00:00:00Z")
                .when().get(PATH).then().statusCode(200).body("window.days", equalTo(731.0f));
    }

    @Test
    void aConnectionFilterThatIsNotAUuidIsABadRequest() {
        problem(authorized().queryParam("from", FROM).queryParam("to", TO).queryParam("connection", "not-a-uuid")
                .when().get(PATH).then(), 400);
        problem(authorized().queryParam("from", FROM).queryParam("to", TO)
                .queryParam("connection", UUID.randomUUID().toString(), "nope").when().get(PATH).then(), 400);
        authorized().queryParam("from", FROM).queryParam("to", TO).queryParam("connection", UUID.randomUUID().toString())
                .when().get(PATH).then().statusCode(200).body("deploymentFrequency.count", equalTo(0));
    }

    @Test
    void aControlCharacterInAFilterIsAProblemNamingItNotADatabaseError() {
        for (String path : new String[] { PATH, "/internal/metrics/timeseries", "/internal/metrics/breakdown" }) {
            problem(authorized().queryParam("from", FROM).queryParam("to", TO).queryParam("interval", "day")
                    .queryParam("by", "service").queryParam("service", "a\u0000b").queryParam("team", "\u007f")
                    .when().get(path).then(), 400)
                    .body("errors.service", equalTo(io.dorastream.api.query.InputText.CONTROL_CHARACTER))
                    .body("errors.team", equalTo(io.dorastream.api.query.InputText.CONTROL_CHARACTER));
        }
    }

    @Test
    void frameworkRefusalsAreProblemsToo() {
        problem(authorized().when().get("/internal/nothing-here").then(), 404);
        problem(authorized().when().delete(PATH).then(), 405);
        problem(authorized().header("Accept", "image/png").queryParam("from", FROM).queryParam("to", TO)
                .when().get(PATH).then(), 406);
    }
}
