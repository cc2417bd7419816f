package io.dorastream.connector.sync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.connector.ConnectorTestResources;
import io.dorastream.connector.TestConnections;
import io.dorastream.devstack.simulator.Dataset;
import io.dorastream.devstack.simulator.DatasetSpec;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.devstack.simulator.SimulatorStats;
import io.dorastream.devstack.testing.SimulatorTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A backfill plans its windows from the stream's density: a sparse stream costs about ⌈events / page⌉ list requests,
 * not one per {@code backfill-step} (seven months in 7-day steps would be at least 31 requests per stream). The test
 * profile reads pages of 100.
 */
@QuarkusTest
@ConnectorTestResources
class SparseBackfillTest {

    private static final int PAGE = 100;

    @AfterEach
    void deleteConnections() {
        TestConnections.deleteAll();
    }

    @Test
    void listRequestsApproachTheFewestThatCoverTheStreams() {
        Dataset dataset = SimulatorTestResource.simulator()
                .generate(DatasetSpec.demo().withSeed(31).withServices(3).withEnvironments(1).withMonthsBack(7));
        int deployments = dataset.deployments().size();
        int failures = dataset.failures().size();
        long ideal = pages(dataset.deployments()) + pages(dataset.failures());
        SimulatorStats stats = SimulatorTestResource.simulator().stats();
        stats.reset();

        String id = given().header("Authorization", "Bearer test-internal-token").contentType(ContentType.JSON)
                .body(Map.of("name", "sparse", "site", "datadoghq.com", "apiKey", SimulatorConfig.DEFAULT_API_KEY,
                        "appKey", SimulatorConfig.DEFAULT_APP_KEY, "backfillDays", 7 * 31, "pollIntervalSeconds", 3600))
                .when().post("/internal/connections").then().statusCode(201).extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> given()
                .header("Authorization", "Bearer test-internal-token").when().get("/internal/connections/" + id + "/sync")
                .then().statusCode(200)
                .body("streams.deployments.state", Matchers.equalTo("live"))
                .body("streams.failures.state", Matchers.equalTo("live"))
                .body("streams.deployments.eventsPublished", Matchers.equalTo(deployments))
                .body("streams.failures.eventsPublished", Matchers.equalTo(failures)));

        long lists = stats.count("POST /api/v2/dora/deployments") + stats.count("POST /api/v2/dora/failures");
        System.out.printf("sparse backfill: %d deployments, %d failures: %d list requests, ideal %d%n", deployments, failures,
                lists, ideal);
        assertTrue(deployments > 3 * PAGE, "enough events to need several pages: " + deployments);
        // Fixed 7-day steps cost at least 31 requests per stream here. Planned windows hold about 90 % of a page; each
        // stream adds its 7-day probe and its first live read, and a window that still overflows is split.
        long fixedStepMinimum = 2 * (7 * 31 / 7);
        assertTrue(lists <= 2 * ideal && lists < fixedStepMinimum / 2,
                lists + " list requests where " + ideal + " could do (fixed steps: at least " + fixedStepMinimum + ")");
        assertEquals(0, stats.rateLimited());
    }

    private static long pages(List<ObjectNode> events) {
        return (events.size() + PAGE - 1) / PAGE;
    }
}
