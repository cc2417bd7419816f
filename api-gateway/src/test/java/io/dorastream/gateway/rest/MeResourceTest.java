package io.dorastream.gateway.rest;

import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.dorastream.gateway.testing.GatewayTestBase;
import io.dorastream.gateway.testing.WireMockBackends;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** {@code /api/v1/me}: the caller's name and role, without asking any backend. */
@QuarkusTest
@WithTestResource(value = WireMockBackends.class, scope = TestResourceScope.GLOBAL)
class MeResourceTest extends GatewayTestBase {

    @Test
    void namesTheCallerAndItsRole() {
        asAdmin().when().get("/api/v1/me").then().statusCode(200).body("name", equalTo("test-admin")).body("role", equalTo("admin"));
        asViewer().when().get("/api/v1/me").then().statusCode(200).body("name", equalTo("test-viewer")).body("role", equalTo("viewer"));
        verifyNoBackendCall();
    }

    @Test
    void refusesAnUnknownToken() {
        RestAssured.given().header("Authorization", "Bearer nope").when().get("/api/v1/me")
                .then().statusCode(401).contentType(PROBLEM_JSON);
        RestAssured.given().when().get("/api/v1/me").then().statusCode(401).contentType(PROBLEM_JSON);
    }
}
