package io.dorastream.connector.sync;

import static io.dorastream.connector.sync.SimulatorApi.deployment;
import static io.dorastream.connector.sync.SimulatorApi.failure;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.connector.ConnectorTestResources;
import io.dorastream.connector.TestConnections;
import io.dorastream.connector.TopicReader;
import io.dorastream.connector.connection.ConnectionService;
import io.dorastream.connector.connection.StreamStateEntity;
import io.dorastream.devstack.simulator.Dataset;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.devstack.testing.SimulatorTestResource;
import io.dorastream.events.DoraJson;
import io.dorastream.events.EventKey;
import io.dorastream.events.EventRecords;
import io.dorastream.events.Topics;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Events change in Datadog after they were published: the changes reach the topic as new versions or
 * tombstones in the first poll after they happen (look-back, settling), or through a re-read
 * (reconciliation, an operator's request, a query change); unchanged events are never published
 * again. Small hand-made datasets, mutated through the simulator's Datadog write endpoints; the test
 * profile's look-back is 6 h. The scheduled reconciliation is made due by moving its date.
 */
@QuarkusTest
@ConnectorTestResources
class SyncUpdatesTest {

    @AfterEach
    void deleteConnections() {
        TestConnections.deleteAll(); // a connection left polling would spend the shared key's rate budget
    }

    @Inject
    ConnectionService connections;

    @Inject
    DataSource dataSource;

    @Inject
    EventVersionStore versions;

    @Test
    void changesReachTheTopicInTheFirstPollAfterThemAndNothingElseIsRepublished() throws IOException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String p = prefix();
        String pendingOld = p + "pending-5d"; // older than the look-back: read again by settling
        String rollback = p + "rollback-5d";
        String pendingNew = p + "pending-2h";
        String doomed = p + "deleted-3h";
        String openOld = p + "open-4d"; // older than the look-back, still open
        String openNew = p + "open-1h";
        String late = p + "late-3h";
        SimulatorTestResource.simulator().load(new Dataset(List.of(
                deployment(p + "stable-20d", "production", now.minus(Duration.ofDays(20)), false),
                deployment(p + "stable-8d", "production", now.minus(Duration.ofDays(8)), false),
                deployment(pendingOld, "production", now.minus(Duration.ofDays(5)), null),
                deployment(rollback, "production", now.minus(Duration.ofDays(5)).plusSeconds(3600), false),
                deployment(doomed, "production", now.minus(Duration.ofHours(3)), false),
                deployment(pendingNew, "production", now.minus(Duration.ofHours(2)), null),
                deployment(p + "stable-1h", "production", now.minus(Duration.ofHours(1)), false)), List.of(
                        failure(p + "resolved-12d", now.minus(Duration.ofDays(12)), now.minus(Duration.ofDays(12)).plusSeconds(900)),
                        failure(openOld, now.minus(Duration.ofDays(4)), null),
                        failure(openNew, now.minus(Duration.ofHours(1)), null))));
        String id = create(30);
        awaitPublished(id, 7, 3);

        try (TopicReader reader = new TopicReader(Topics.DEPLOYMENTS, Topics.INCIDENTS)) {
            Predicate<ConsumerRecord<String, byte[]>> mine = r -> r.key().startsWith(id + ":");
            assertEquals(10, reader.readUntil(mine, rs -> rs.size() >= 10, Duration.ofSeconds(30)).size());

            SimulatorApi.judge(pendingOld, true, rollback);
            SimulatorApi.judge(pendingNew, false, null);
            SimulatorApi.deleteDeployment(doomed);
            SimulatorApi.sendDeployment(late, now.minus(Duration.ofHours(3)).plusSeconds(17));
            SimulatorApi.resolveFailure(openOld, now.minus(Duration.ofDays(4)), now.minus(Duration.ofDays(4)).plusSeconds(7200));
            awaitPollStartedAfter(id, Instant.now());

            Map<String, List<ConsumerRecord<String, byte[]>>> events = byEvent(reader.readUntil(mine, rs -> rs.size() >= 15,
                    Duration.ofSeconds(30)));
            assertEquals(List.of(1L, 2L), versions(events.get(pendingOld)));
            JsonNode failed = raw(events.get(pendingOld).get(1));
            assertTrue(failed.path("change_failure").asBoolean(), failed.toString());
            assertEquals(rollback, failed.path("remediation").path("id").asText());
            assertEquals(List.of(1L, 2L), versions(events.get(pendingNew)));
            assertFalse(raw(events.get(pendingNew).get(1)).path("change_failure").asBoolean(true));
            assertEquals(List.of(1L, 2L), versions(events.get(doomed)));
            assertNull(events.get(doomed).get(1).value(), "a deleted event becomes a tombstone");
            assertEquals(List.of(1L), versions(events.get(late)));
            assertEquals(List.of(1L, 2L), versions(events.get(openOld)));
            assertTrue(raw(events.get(openOld).get(1)).hasNonNull("finished_at"));
            events.forEach((event, records) -> {
                if (!Set.of(pendingOld, pendingNew, doomed, openOld).contains(event)) {
                    assertEquals(List.of(1L), versions(records), "unchanged events are not published again: " + event);
                }
            });

            // another complete poll of both streams: still nothing new
            awaitPollStartedAfter(id, Instant.now());
            assertEquals(15, reader.readUntil(mine, rs -> rs.size() > 15, Duration.ofSeconds(3)).size());
        }
    }

    @Test
    void reReadsCatchOlderChangesAndAQueryChangeTombstonesWhatLeftTheScope() throws IOException, SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String p = prefix();
        String judgedLate = p + "stable-12d";
        String deletedLate = p + "stable-11d";
        String stagingOld = p + "staging-9d";
        String stagingNew = p + "staging-1h";
        SimulatorTestResource.simulator().load(new Dataset(List.of(
                deployment(judgedLate, "production", now.minus(Duration.ofDays(12)), false),
                deployment(deletedLate, "production", now.minus(Duration.ofDays(11)), false),
                deployment(stagingOld, "staging", now.minus(Duration.ofDays(9)), false),
                deployment(p + "prod-8d", "production", now.minus(Duration.ofDays(8)), false),
                deployment(p + "prod-2d", "production", now.minus(Duration.ofDays(2)), false),
                deployment(stagingNew, "staging", now.minus(Duration.ofHours(1)), false)), List.of(
                        failure(p + "resolved-7d", now.minus(Duration.ofDays(7)), now.minus(Duration.ofDays(7)).plusSeconds(900)))));
        String id = create(14);
        awaitPublished(id, 6, 1);
        for (StreamStateEntity s : connections.streams(UUID.fromString(id))) {
            assertTrue(s.nextReconcileAt.isAfter(now.plus(Duration.ofHours(23))), "reconciliation scheduled a day ahead");
        }

        api().body(Map.of()).when().post("/internal/connections/" + UUID.randomUUID() + "/sync").then().statusCode(404);
        api().body(Map.of("from", now.minus(Duration.ofDays(15)).toString())).when().post("/internal/connections/" + id + "/sync")
                .then().statusCode(400).body("errors.from", notNullValue());
        api().body(Map.of("from", now.minus(Duration.ofDays(1)).toString(), "to", now.minus(Duration.ofDays(2)).toString()))
                .when().post("/internal/connections/" + id + "/sync").then().statusCode(400).body("errors.to", notNullValue());
        api().body(Map.of("to", now.plus(Duration.ofDays(1)).toString())).when().post("/internal/connections/" + id + "/sync")
                .then().statusCode(400).body("errors.to", notNullValue());

        try (TopicReader reader = new TopicReader(Topics.DEPLOYMENTS, Topics.INCIDENTS)) {
            Predicate<ConsumerRecord<String, byte[]>> mine = r -> r.key().startsWith(id + ":");
            assertEquals(7, reader.readUntil(mine, rs -> rs.size() >= 7, Duration.ofSeconds(30)).size());

            SimulatorApi.judge(judgedLate, true, null);
            SimulatorApi.deleteDeployment(deletedLate);
            awaitPollStartedAfter(id, Instant.now());
            assertEquals(7, reader.readUntil(mine, rs -> rs.size() > 7, Duration.ofSeconds(3)).size(),
                    "changes older than the look-back are left to re-reads");

            Instant from = now.minus(Duration.ofDays(13));
            Instant to = now.minus(Duration.ofDays(10));
            Instant requested = Instant.now();
            api().body(Map.of("from", from.toString(), "to", to.toString())).when().post("/internal/connections/" + id + "/sync")
                    .then().statusCode(202).body("connectionId", equalTo(id)).body("from", equalTo(from.toString()))
                    .body("to", equalTo(to.toString()));
            awaitRereadDone(id, requested);
            Map<String, List<ConsumerRecord<String, byte[]>>> events = byEvent(reader.readUntil(mine, rs -> rs.size() >= 9,
                    Duration.ofSeconds(30)));
            assertEquals(List.of(1L, 2L), versions(events.get(judgedLate)));
            assertTrue(raw(events.get(judgedLate).get(1)).path("change_failure").asBoolean());
            assertEquals(List.of(1L, 2L), versions(events.get(deletedLate)));
            assertNull(events.get(deletedLate).get(1).value());

            Instant changed = Instant.now();
            api().body(Map.of("query", "env:production")).when().patch("/internal/connections/" + id)
                    .then().statusCode(200).body("query", equalTo("env:production"));
            awaitRereadDone(id, changed);
            events = byEvent(reader.readUntil(mine, rs -> rs.size() >= 11, Duration.ofSeconds(30)));
            assertEquals(List.of(1L, 2L), versions(events.get(stagingOld)));
            assertNull(events.get(stagingOld).get(1).value(), "out of scope: tombstoned");
            assertEquals(List.of(1L, 2L), versions(events.get(stagingNew)));
            assertNull(events.get(stagingNew).get(1).value());
            assertEquals(11, reader.readUntil(mine, rs -> rs.size() > 11, Duration.ofSeconds(3)).size(),
                    "events still in scope are not published again");

            // the scheduled reconciliation, made due now, re-reads the whole backfill range by itself
            SimulatorApi.deleteDeployment(p + "prod-8d");
            Instant due = Instant.now();
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("UPDATE stream_state SET next_reconcile_at = ? WHERE connection_id = ?")) {
                ps.setTimestamp(1, Timestamp.from(due));
                ps.setObject(2, UUID.fromString(id));
                assertEquals(2, ps.executeUpdate());
            }
            awaitRereadDone(id, due);
            events = byEvent(reader.readUntil(mine, rs -> rs.size() >= 12, Duration.ofSeconds(30)));
            assertEquals(List.of(1L, 2L), versions(events.get(p + "prod-8d")));
            assertNull(events.get(p + "prod-8d").get(1).value());
            for (StreamStateEntity s : connections.streams(UUID.fromString(id))) {
                assertTrue(s.nextReconcileAt.isAfter(due.plus(Duration.ofHours(23))), "and schedules the next one");
            }
        }

        api().body(Map.of("paused", true)).when().patch("/internal/connections/" + id).then().statusCode(200);
        api().body(Map.of()).when().post("/internal/connections/" + id + "/sync").then().statusCode(409);
        api().body(Map.of("paused", false)).when().patch("/internal/connections/" + id).then().statusCode(200);
    }

    /**
     * A busy stream's deployments can overlap without a gap for hours, so a re-read step cannot always
     * end where no event straddles it after a few extensions: a step's end must reach the first
     * instant no known event straddles, however long the chain, or the event left across it is a
     * deletion candidate in neither step and is never tombstoned. Here 240 deployments, each lasting
     * 5 minutes and started a minute apart (pages of 100), all deleted, all tombstoned by one re-read.
     */
    @Test
    void aRereadTombstonesEveryVanishedEventOfAChainOfOverlappingOnes() throws IOException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String p = prefix();
        Instant first = now.minus(Duration.ofDays(3));
        List<ObjectNode> chain = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            chain.add(deployment(p + "chain-" + i, "production", first.plus(Duration.ofMinutes(i)), false));
        }
        SimulatorTestResource.simulator().load(new Dataset(chain, List.of()));
        String id = create(5);
        awaitPublished(id, chain.size(), 0);

        try (TopicReader reader = new TopicReader(Topics.DEPLOYMENTS)) {
            Predicate<ConsumerRecord<String, byte[]>> mine = r -> r.key().startsWith(id + ":");
            assertEquals(chain.size(), reader.readUntil(mine, rs -> rs.size() >= chain.size(), Duration.ofSeconds(30)).size());

            SimulatorTestResource.simulator().load(new Dataset(List.of(), List.of()));
            Instant requested = Instant.now();
            api().body(Map.of("from", first.minus(Duration.ofHours(1)).toString(), "to", now.minus(Duration.ofDays(1)).toString()))
                    .when().post("/internal/connections/" + id + "/sync").then().statusCode(202);
            awaitRereadDone(id, requested);
            Map<String, List<ConsumerRecord<String, byte[]>>> events = byEvent(reader.readUntil(mine,
                    rs -> rs.size() >= 2 * chain.size(), Duration.ofSeconds(10)));
            List<String> notTombstoned = events.entrySet().stream()
                    .filter(e -> e.getValue().get(e.getValue().size() - 1).value() != null).map(Map.Entry::getKey).toList();
            assertEquals(List.of(), notTombstoned, "every deleted event of the chain is tombstoned");
            assertEquals(chain.size(), events.size());
        }
    }

    /**
     * A poll that dies after Kafka acknowledged its records and before it saved them (a SIGKILL, a lost
     * lease, PostgreSQL failing the save: here the last) leaves versions the connector cannot know were
     * sent. When the event changes before the next poll it gets the next version, never its first number
     * again with other content (which every consumer keeps the first of); one deleted meanwhile is
     * tombstoned although its save was lost.
     */
    @Test
    void aVersionSentByAPollThatNeverSavedIsNeverReusedForOtherContent() throws IOException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String p = prefix();
        String judged = p + "pending-2h";
        String doomed = p + "deleted-3h";
        SimulatorTestResource.simulator().load(new Dataset(List.of(
                deployment(judged, "production", now.minus(Duration.ofHours(2)), null),
                deployment(doomed, "production", now.minus(Duration.ofHours(3)), false)), List.of()));
        OwnFailuresTest.FailingVersionStore failing = new OwnFailuresTest.FailingVersionStore(ClientProxy.unwrap(versions));
        failing.savesOnly = true;
        QuarkusMock.installMockForType(failing, EventVersionStore.class);
        String id = create(1);
        failing.target = UUID.fromString(id);

        try (TopicReader reader = new TopicReader(Topics.DEPLOYMENTS)) {
            Predicate<ConsumerRecord<String, byte[]>> mine = r -> r.key().startsWith(id + ":");
            // sent, acknowledged, never saved (every save of the stream fails)
            reader.readUntil(mine, rs -> byEvent(rs).size() >= 2, Duration.ofSeconds(30));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !failing.attempts.isEmpty());

            SimulatorApi.judge(judged, false, null);
            SimulatorApi.deleteDeployment(doomed);
            failing.failing = false;
            awaitPollStartedAfter(id, Instant.now());

            Map<String, List<ConsumerRecord<String, byte[]>>> events = byEvent(reader.readUntil(mine,
                    rs -> byEvent(rs).getOrDefault(doomed, List.of()).stream().anyMatch(r -> r.value() == null),
                    Duration.ofSeconds(30)));
            for (Map.Entry<String, List<ConsumerRecord<String, byte[]>>> e : events.entrySet()) {
                Map<Long, String> contents = new TreeMap<>();
                for (ConsumerRecord<String, byte[]> r : e.getValue()) {
                    String content = r.value() == null ? "tombstone" : raw(r).toString();
                    String before = contents.putIfAbsent(EventRecords.version(r.headers()), content);
                    assertTrue(before == null || before.equals(content), e.getKey() + ": version "
                            + EventRecords.version(r.headers()) + " published with two contents: " + before + " / " + content);
                }
            }
            List<ConsumerRecord<String, byte[]>> verdicts = events.get(judged);
            ConsumerRecord<String, byte[]> last = verdicts.get(verdicts.size() - 1);
            assertEquals(2L, EventRecords.version(last.headers()), "the verdict is the next version: " + versions(verdicts));
            assertFalse(raw(last).path("change_failure").asBoolean(true));
            List<ConsumerRecord<String, byte[]>> deleted = events.get(doomed);
            assertNull(deleted.get(deleted.size() - 1).value(), "tombstoned although its version was never saved");
            assertEquals(2L, EventRecords.version(deleted.get(deleted.size() - 1).headers()));
        }
    }

    private static String prefix() {
        return "sync-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    private static RequestSpecification api() {
        return given().header("Authorization", "Bearer test-internal-token").contentType(ContentType.JSON);
    }

    private static String create(int backfillDays) {
        return api().body(Map.of("name", "updates", "site", "datadoghq.com", "apiKey", SimulatorConfig.DEFAULT_API_KEY,
                "appKey", SimulatorConfig.DEFAULT_APP_KEY, "backfillDays", backfillDays))
                .when().post("/internal/connections").then().statusCode(201).extract().path("id");
    }

    private static void awaitPublished(String id, int deployments, int failures) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> api()
                .when().get("/internal/connections/" + id + "/sync").then()
                .body("streams.deployments.state", equalTo("live"))
                .body("streams.failures.state", equalTo("live"))
                .body("streams.deployments.eventsPublished", equalTo(deployments))
                .body("streams.failures.eventsPublished", equalTo(failures)));
    }

    /** Until a poll of each stream that began after {@code instant} completed (its records are then on the topic). */
    private static void awaitPollStartedAfter(String id, Instant instant) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            Map<String, Map<String, Object>> streams = api().when().get("/internal/connections/" + id + "/sync")
                    .then().statusCode(200).extract().path("streams");
            return streams.values().stream().allMatch(s -> s.get("lastSuccessAt") != null
                    && Instant.parse((String) s.get("lastSuccessAt")).isAfter(instant));
        });
    }

    /** Until every stream's re-read that was requested after {@code instant} read its whole range. */
    private void awaitRereadDone(String id, Instant instant) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> {
            List<StreamStateEntity> streams = connections.streams(UUID.fromString(id));
            return streams.stream().allMatch(s -> s.rereadCursor == null && s.rereadDoneAt != null
                    && !s.rereadDoneAt.isBefore(instant.truncatedTo(ChronoUnit.SECONDS)));
        });
    }

    private static Map<String, List<ConsumerRecord<String, byte[]>>> byEvent(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, List<ConsumerRecord<String, byte[]>>> out = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            out.computeIfAbsent(EventKey.parse(r.key()).eventId(), k -> new java.util.ArrayList<>()).add(r);
        }
        return out;
    }

    private static List<Long> versions(List<ConsumerRecord<String, byte[]>> records) {
        assertTrue(records != null && !records.isEmpty(), "published");
        return records.stream().map(r -> EventRecords.version(r.headers())).toList();
    }

    private static JsonNode raw(ConsumerRecord<String, byte[]> record) throws IOException {
        return DoraJson.mapper().readTree(record.value()).path("raw");
    }
}
