package io.dorastream.connector.sync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.sql.DataSource;

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
import io.dorastream.devstack.simulator.DatasetSpec;
import io.dorastream.devstack.simulator.FaultConfig;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.devstack.simulator.SimulatorStats;
import io.dorastream.devstack.testing.SimulatorTestResource;
import io.dorastream.events.EventKey;
import io.dorastream.events.EventRecords;
import io.dorastream.events.Stream;
import io.dorastream.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * A stream claimed for its backfill reads its windows back to back within the claim
 * ({@code dorastream.sync.backfill-chain}, 20 by default): a backfill of a dozen windows takes one claim of the
 * lease (one tick), not one per window, and publishes exactly the simulator's events. The chain stops as soon as
 * the lease is lost or the connection paused, and nothing is saved after that. Each claim raises the stream's
 * lease epoch, so the epoch counts the claims; each saved window publishes a watermark, so the watermarks count
 * the windows. The test profile reads pages of 100.
 */
@QuarkusTest
@ConnectorTestResources
class ChainedBackfillTest {

    private static final String TOKEN = "Bearer test-internal-token";
    private static final String LIST_DEPLOYMENTS = "POST /api/v2/dora/deployments";

    @Inject
    DataSource dataSource;

    @AfterEach
    void restore() {
        SimulatorTestResource.simulator().faults(FaultConfig.none());
        TestConnections.deleteAll();
    }

    @Test
    void aBackfillReadsItsWindowsWithinOneClaim() {
        Dataset dataset = generate();
        Set<String> deployments = ids(dataset.deployments());
        Set<String> failures = ids(dataset.failures());
        SimulatorStats stats = SimulatorTestResource.simulator().stats();
        stats.reset();

        String id = create();
        try (TopicReader events = new TopicReader(Topics.DEPLOYMENTS, Topics.INCIDENTS)) {
            List<ConsumerRecord<String, byte[]>> records = events.readUntil(r -> r.key().startsWith(id + ":"),
                    rs -> rs.size() >= deployments.size() + failures.size(), Duration.ofSeconds(120));
            Set<String> seenDeployments = new HashSet<>();
            Set<String> seenFailures = new HashSet<>();
            for (ConsumerRecord<String, byte[]> r : records) {
                String eventId = EventKey.parse(r.key()).eventId();
                assertTrue((r.topic().equals(Topics.DEPLOYMENTS) ? seenDeployments : seenFailures).add(eventId),
                        "published once: " + r.key());
                assertEquals(1, EventRecords.version(r.headers()), r.key());
            }
            assertEquals(deployments, seenDeployments);
            assertEquals(failures, seenFailures);
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().header("Authorization", TOKEN)
                .when().get("/internal/connections/" + id + "/sync").then().statusCode(200)
                .body("streams.deployments.state", Matchers.equalTo("live"))
                .body("streams.failures.state", Matchers.equalTo("live"))
                .body("streams.deployments.eventsPublished", Matchers.equalTo(deployments.size()))
                .body("streams.failures.eventsPublished", Matchers.equalTo(failures.size())));

        int windows = watermarks(id, Stream.DEPLOYMENTS, 0).size();
        long claims = row(id, Stream.DEPLOYMENTS).epoch();
        System.out.printf("chained backfill of %d deployments: %d windows in %d claims, %d list requests%n",
                deployments.size(), windows, claims, stats.total());
        assertTrue(windows >= 8, "a backfill of several windows: " + windows);
        assertTrue(claims <= 2, windows + " windows took " + claims + " claims of the lease");
        assertEquals(0, stats.rateLimited(), "no request met a 429");
    }

    @Test
    void aChainStopsWhenItsLeaseIsTakenOverAndSavesNothingMore() {
        SimulatorStats stats = slowBackfill();
        String id = create();
        UUID connection = UUID.fromString(id);
        awaitFirstWindow(id);

        // Another replica takes the lease over (as if this one had stalled past it); it never polls.
        StreamLeases other = new StreamLeases("replica-b", Duration.ofMinutes(5));
        List<SyncStateRepository.Due> taken = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            // the row is skipped while the chain saves a window: try again
            for (SyncStateRepository.Due d : other.claim(Instant.now().plus(Duration.ofMinutes(5)), false, 10)) {
                if (d.connectionId().equals(connection)) {
                    taken.add(d);
                } else {
                    other.release(d);
                }
            }
            return taken.stream().anyMatch(d -> d.stream() == Stream.DEPLOYMENTS);
        });
        try {
            Row atTakeover = row(id, Stream.DEPLOYMENTS);
            awaitNoMoreRequests(stats);
            Row after = row(id, Stream.DEPLOYMENTS);
            assertEquals(atTakeover, after, "nothing saved after the lease was lost");
            assertEquals("replica-b", after.owner());
            assertEquals("backfilling", after.state(), "the chain stopped before the backfill ended");
        } finally {
            taken.forEach(other::release);
        }
    }

    @Test
    void aChainStopsWhenItsConnectionIsPaused() {
        SimulatorStats stats = slowBackfill();
        String id = create();
        awaitFirstWindow(id);

        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(Map.of("paused", true))
                .when().patch("/internal/connections/" + id).then().statusCode(200);
        long paused = System.currentTimeMillis();
        // the next renewal of the lease (between two windows of the chain, at the latest a tick's) is refused
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> row(id, Stream.DEPLOYMENTS).owner() == null);
        System.out.printf("chain ended %d ms after the pause%n", System.currentTimeMillis() - paused);
        Row released = row(id, Stream.DEPLOYMENTS);
        awaitNoMoreRequests(stats);
        assertEquals(released, row(id, Stream.DEPLOYMENTS), "nothing saved once the chain ended");
        assertEquals("backfilling", released.state(), "the chain stopped before the backfill ended");
        List<ConsumerRecord<String, byte[]>> late = watermarks(id, Stream.DEPLOYMENTS, paused);
        assertTrue(late.size() <= 1, "at most the window read when the pause came was saved: " + late.size());
    }

    /** 7 months of 3 services in one environment: about a thousand deployments, a dozen windows of a page. */
    private static Dataset generate() {
        return SimulatorTestResource.simulator()
                .generate(DatasetSpec.demo().withSeed(43).withServices(3).withEnvironments(1).withMonthsBack(7));
    }

    /** {@link #generate()}'s backfill with every Datadog answer slowed down, so that a test can act between windows. */
    private static SimulatorStats slowBackfill() {
        generate();
        SimulatorTestResource.simulator().faults(FaultConfig.none().withLatencyMillis(300));
        SimulatorStats stats = SimulatorTestResource.simulator().stats();
        stats.reset();
        return stats;
    }

    /** Creates the connection (its live polls an hour apart, so that they never count as claims here). */
    private static String create() {
        return given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(Map.of("name", "chained", "site", "datadoghq.com", "apiKey", SimulatorConfig.DEFAULT_API_KEY,
                        "appKey", SimulatorConfig.DEFAULT_APP_KEY, "backfillDays", 7 * 31, "pollIntervalSeconds", 3600))
                .when().post("/internal/connections").then().statusCode(201).extract().path("id");
    }

    /** Waits until the deployments stream saved its first window (and is still backfilling). */
    private void awaitFirstWindow(String id) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> row(id, Stream.DEPLOYMENTS).position() != null);
        assertEquals("backfilling", row(id, Stream.DEPLOYMENTS).state(), "caught while backfilling");
    }

    /** Waits until no deployments list request was made for a second: the chain (and its last window) ended. */
    private static void awaitNoMoreRequests(SimulatorStats stats) {
        long[] last = {-1};
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            long now = stats.count(LIST_DEPLOYMENTS);
            boolean still = now == last[0];
            last[0] = now;
            return still;
        });
    }

    /** The watermarks of the stream published at or after {@code since} (epoch millis): one per saved window. */
    private static List<ConsumerRecord<String, byte[]>> watermarks(String id, Stream stream, long since) {
        try (TopicReader sync = new TopicReader(Topics.SYNC)) {
            return sync.readUntil(r -> r.key().equals(id + ":" + stream.id()) && r.timestamp() >= since, rs -> false,
                    Duration.ofSeconds(3)); // whatever is there
        }
    }

    private record Row(Instant position, String state, String owner, long epoch, long published) {
    }

    private Row row(String id, Stream stream) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT position, state, lease_owner, lease_epoch, events_published FROM stream_state"
                        + " WHERE connection_id = ? AND stream = ?")) {
            ps.setObject(1, UUID.fromString(id));
            ps.setString(2, stream.id());
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "stream " + stream.id() + " of " + id);
                Timestamp position = rs.getTimestamp(1);
                return new Row(position == null ? null : position.toInstant(), rs.getString(2), rs.getString(3),
                        rs.getLong(4), rs.getLong(5));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> ids(List<ObjectNode> events) {
        return events.stream().map(e -> e.get("id").asText()).collect(Collectors.toSet());
    }
}
