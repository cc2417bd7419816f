package io.dorastream.connector;

import static io.restassured.RestAssured.given;

import java.util.List;

/**
 * Tests share one connector (and one simulator API key) per JVM: a connection left behind keeps
 * polling and spending the key's rate budget in the tests that follow. Each test class that
 * creates connections deletes them all after each test.
 */
public final class TestConnections {

    private static final String TOKEN = "Bearer test-internal-token";

    private TestConnections() {
    }

    /** Deletes every connection through the internal API (polling stops at once). */
    public static void deleteAll() {
        List<String> ids = given().header("Authorization", TOKEN)
                .when().get("/internal/connections")
                .then().statusCode(200).extract().jsonPath().getList("items.id", String.class);
        for (String id : ids) {
            // a connection left behind would fail a later test's create with a 409 (same key and query): fail here
            given().header("Authorization", TOKEN).when().delete("/internal/connections/" + id)
                    .then().statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(204), org.hamcrest.Matchers.is(404)));
        }
    }
}
