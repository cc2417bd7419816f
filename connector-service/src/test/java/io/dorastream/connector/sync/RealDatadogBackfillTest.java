package io.dorastream.connector.sync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.connector.ConnectorTestResources;
import io.dorastream.connector.TestConnections;
import io.dorastream.connector.TopicReader;
import io.dorastream.devstack.simulator.Dataset;
import io.dorastream.devstack.simulator.DatadogSimulator;
import io.dorastream.devstack.simulator.DatasetSpec;
import io.dorastream.devstack.simulator.EventStream;
import io.dorastream.devstack.simulator.ListQuirks;
import io.dorastream.devstack.simulator.Mutation;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.devstack.testing.SharedInfra;
import io.dorastream.devstack.testing.SimulatorTestResource;
import io.dorastream.events.EventKey;
import io.dorastream.events.EventRecords;
import io.dorastream.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A backfill against a Datadog that behaves as the real one: pages of 1000 asked, silently capped
 * at 500; 2026's live item shapes; 5 % of events with a malformed optional attribute (an
 * out-of-range integer among them); the two list endpoints counted in separate rate-limit
 * buckets; running deployments and open failures whose unset
 * {@code finished_at} is written as year 1; PostgreSQL down for a while in the middle of the
 * backfill; then Datadog's changes after the fact (verdicts, resolutions, late arrivals, deletions)
 * and a re-read. The topics then hold exactly the simulator's events, no event was tombstoned that
 * Datadog did not delete, and the connection was never marked failing for our own outage.
 *
 * <p>In CI it reads 6 months of 20 services; {@code -Pcombined-24-months} reads 24
 * (system property {@code combined.months}).
 */
@QuarkusTest
@ConnectorTestResources
@TestProfile(RealDatadogBackfillTest.PagesOf1000.class)
class RealDatadogBackfillTest {

    /**
     * The connector asks for pages of 1000, Datadog's documented maximum (the other tests read pages
     * of 100). Re-read steps may span a month (they still end after about a page of known events):
     * the re-read after the mutations takes one step per poll (every 10 s), and weekly steps would
     * spend over four minutes on six months.
     */
    public static class PagesOf1000 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dorastream.datadog.page-limit", "1000", "dorastream.sync.backfill-step", "P30D");
        }
    }

    /**
     * The real Datadog's quirks this test reads under; the test also counts the two list endpoints
     * in separate rate-limit buckets ({@link DatadogSimulator#separateBuckets(boolean)}).
     */
    static ListQuirks realDatadog() {
        return ListQuirks.defaults().withPageCap(500).withZeroTimes(true).withMalformedShare(0.05);
    }

    private static final int MONTHS = Integer.getInteger("combined.months", 6);
    private static final int RUNNING = 3;

    @AfterEach
    void restore() {
        TestConnections.deleteAll();
        SimulatorTestResource.simulator().listQuirks(ListQuirks.defaults());
        SimulatorTestResource.simulator().separateBuckets(false);
    }

    @Test
    void theTopicsEqualTheDatasetWhateverDatadogDoes() throws Exception {
        DatadogSimulator sim = SimulatorTestResource.simulator();
        sim.listQuirks(realDatadog());
        sim.separateBuckets(true);
        long refusedBefore = sim.stats().rateLimited();
        Dataset generated = sim.generate(DatasetSpec.demo().withSeed(13).withServices(20).withMonthsBack(MONTHS));
        sim.load(withRunningDeployments(generated, sim.clock().now()));
        Dataset loaded = sim.export();
        int total = loaded.deployments().size() + loaded.failures().size();
        assertTrue(loaded.failures().stream().anyMatch(f -> !f.path("attributes").has("finished_at")), "open failures");

        String id = given().header("Authorization", "Bearer test-internal-token").contentType(ContentType.JSON)
                .body(Map.of("name", "real-datadog", "site", "datadoghq.com", "apiKey", SimulatorConfig.DEFAULT_API_KEY,
                        "appKey", SimulatorConfig.DEFAULT_APP_KEY, "backfillDays", Math.min(730, MONTHS * 31)))
                .when().post("/internal/connections").then().statusCode(201).extract().path("id");

        try (TopicReader reader = new TopicReader(Topics.DEPLOYMENTS, Topics.INCIDENTS)) {
            // PostgreSQL goes down once a third of the events are on the topics
            reader.readUntil(r -> r.key().startsWith(id + ":"), rs -> rs.size() >= total / 3, Duration.ofSeconds(300));
            SharedInfra.restartPostgres(Duration.ofSeconds(10));

            Awaitility.await().atMost(Duration.ofSeconds(600)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> given()
                    .header("Authorization", "Bearer test-internal-token").when().get("/internal/connections/" + id + "/sync")
                    .then().statusCode(200)
                    .body("streams.deployments.state", Matchers.equalTo("live"))
                    .body("streams.failures.state", Matchers.equalTo("live")));
            assertNotFailing(id);

            List<Mutation> mutations = sim.mutator().apply(40);
            given().header("Authorization", "Bearer test-internal-token").contentType(ContentType.JSON).body(Map.of())
                    .when().post("/internal/connections/" + id + "/sync").then().statusCode(Matchers.lessThan(300));
            Set<String> deleted = mutations.stream().filter(m -> m.kind() == Mutation.Kind.DELETED)
                    .map(m -> key(m.stream(), m.id())).collect(Collectors.toSet());

            Dataset end = sim.export();
            Set<String> expected = new TreeSet<>();
            end.deployments().forEach(e -> expected.add(key(EventStream.DEPLOYMENTS, e.get("id").asText())));
            end.failures().forEach(e -> expected.add(key(EventStream.FAILURES, e.get("id").asText())));

            Map<String, ConsumerRecord<String, byte[]>> latest = new HashMap<>();
            Set<String> tombstoned = new HashSet<>();
            Awaitility.await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                List<ConsumerRecord<String, byte[]>> records = reader.readUntil(r -> r.key().startsWith(id + ":"),
                        rs -> false, Duration.ofSeconds(1)); // whatever arrives within a second
                latest.clear();
                tombstoned.clear();
                for (ConsumerRecord<String, byte[]> r : records) {
                    String k = key(r.topic(), EventKey.parse(r.key()).eventId());
                    ConsumerRecord<String, byte[]> before = latest.get(k);
                    if (before == null || EventRecords.version(r.headers()) > EventRecords.version(before.headers())) {
                        latest.put(k, r);
                    }
                    if (r.value() == null) {
                        tombstoned.add(k);
                    }
                }
                return live(latest).equals(expected);
            });
            Set<String> falseTombstones = new TreeSet<>(tombstoned);
            falseTombstones.removeAll(deleted);
            assertTrue(falseTombstones.isEmpty(), "tombstoned although Datadog never deleted them: " + falseTombstones);
            assertEquals(expected, live(latest));
        }
        assertNotFailing(id);
        assertEquals(refusedBefore, sim.stats().rateLimited(), "each stream paced by its own bucket met no 429");
    }

    /** Adds deployments still running (no {@code finished_at}: written as year 1 by the zero-time quirk). */
    private static Dataset withRunningDeployments(Dataset data, Instant now) {
        List<ObjectNode> deployments = new ArrayList<>(data.deployments());
        for (int i = 0; i < RUNNING; i++) {
            ObjectNode running = deployments.get(i).deepCopy();
            running.put("id", "running-" + i);
            ObjectNode a = (ObjectNode) running.get("attributes");
            a.remove("finished_at");
            a.put("started_at", now.minusSeconds(300 + 17L * i).toString());
            deployments.add(running);
        }
        return new Dataset(deployments, data.failures());
    }

    private static Set<String> live(Map<String, ConsumerRecord<String, byte[]>> latest) {
        return latest.entrySet().stream().filter(e -> e.getValue().value() != null).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Our own outage (the database) never marks the connection failing: that is for Datadog's. */
    private static void assertNotFailing(String id) {
        given().header("Authorization", "Bearer test-internal-token").when().get("/internal/connections/" + id)
                .then().statusCode(200).body("status", Matchers.equalTo("active"));
    }

    private static String key(EventStream stream, String id) {
        return (stream == EventStream.DEPLOYMENTS ? Topics.DEPLOYMENTS : Topics.INCIDENTS) + "/" + id;
    }

    private static String key(String topic, String id) {
        return topic + "/" + id;
    }
}
