package io.dorastream.connector.sync;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.dorastream.connector.ConnectorTestResources;
import io.dorastream.connector.TestConnections;
import io.dorastream.connector.messaging.EventPublisher;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.events.EventEnvelope;
import io.dorastream.events.Stream;
import io.dorastream.events.SyncWatermark;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * DoraStream's own failures inside a poll — Kafka not acknowledging, PostgreSQL failing — are not
 * Datadog's: they never open the connection's circuit breaker nor mark it {@code failing}; the stream
 * shows them as its {@code lastError} with {@code source: dorastream}, they are counted in
 * {@code dora_sync_internal_errors_total} and retried with a doubling backoff (1 s up to 4 s in the
 * test profile), never in a tight loop; the stream resumes once they pass.
 */
@QuarkusTest
@ConnectorTestResources
class OwnFailuresTest {

    @Inject
    EventPublisher publisher;
    @Inject
    EventVersionStore versions;
    @Inject
    MeterRegistry meters;

    @AfterEach
    void deleteConnections() {
        TestConnections.deleteAll();
    }

    private static String create(String name, int backfillDays) {
        return given().header("Authorization", "Bearer test-internal-token").contentType(ContentType.JSON)
                .body(Map.of("name", name, "site", "datadoghq.com", "apiKey", SimulatorConfig.DEFAULT_API_KEY,
                        "appKey", SimulatorConfig.DEFAULT_APP_KEY, "backfillDays", backfillDays, "pollIntervalSeconds", 10))
                .when().post("/internal/connections").then().statusCode(201).extract().path("id");
    }

    private static ValidatableResponse sync(String id) {
        return given().header("Authorization", "Bearer test-internal-token").when().get("/internal/connections/" + id + "/sync")
                .then().statusCode(200);
    }

    private static String status(String id) {
        return given().header("Authorization", "Bearer test-internal-token").when().get("/internal/connections/" + id)
                .then().statusCode(200).extract().path("status");
    }

    private double internalErrors(String kind) {
        Counter c = meters.find("dora.sync.internal.errors").tag("stream", "deployments").tag("kind", kind).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aKafkaFailureIsOursAndNeverOpensTheBreaker() {
        Instant started = Instant.now().minus(Duration.ofHours(20));
        SimulatorApi.sendDeployment("own-failures-kafka-" + UUID.randomUUID(), started);
        FailingPublisher failing = new FailingPublisher(ClientProxy.unwrap(publisher));
        QuarkusMock.installMockForType(failing, EventPublisher.class);
        double before = internalErrors("kafka");
        String id = create("kafka-down", 2);

        // more failed polls than the breaker's window (4 at a failure ratio of 0.75): were they counted as
        // Datadog's, the breaker would be open by now and the stream would say so
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> internalErrors("kafka") >= before + 5);
        sync(id).body("streams.deployments.state", equalTo("failing"))
                .body("streams.deployments.lastError.source", equalTo("dorastream"))
                .body("streams.deployments.lastError.kind", equalTo("kafka"))
                .body("streams.deployments.lastError.message", org.hamcrest.Matchers.containsString("Kafka did not acknowledge"));
        assertEquals("active", status(id), "our outage is not the connection's");

        failing.failing = false;
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> sync(id)
                .body("streams.deployments.state", equalTo("live"))
                .body("streams.deployments.lastError", nullValue())
                .body("streams.deployments.eventsPublished", org.hamcrest.Matchers.greaterThan(0)));
    }

    @Test
    void aDatabaseErrorInAPollIsShownAndRetriedWithBackoff() {
        FailingVersionStore failing = new FailingVersionStore(ClientProxy.unwrap(versions));
        QuarkusMock.installMockForType(failing, EventVersionStore.class);
        double before = internalErrors("database");
        String id = create("postgres-down", 2);
        failing.target = UUID.fromString(id);

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> failing.attempts.size() >= 5);
        sync(id).body("streams.deployments.state", equalTo("failing"))
                .body("streams.deployments.lastError.source", equalTo("dorastream"))
                .body("streams.deployments.lastError.kind", equalTo("database"))
                .body("streams.deployments.lastError.message", equalTo(
                        "the connector's database failed (SQLState 08001); details in its log"));
        assertEquals("active", status(id));
        assertTrue(internalErrors("database") >= before + 5, "counted in dora_sync_internal_errors_total");
        // each retry waits at least the doubling backoff: 1 s, 2 s, 4 s, then 4 s (the test profile's maximum)
        List<Long> attempts = new ArrayList<>(failing.attempts);
        for (int i = 1; i < 5; i++) {
            long gap = attempts.get(i) - attempts.get(i - 1);
            long backoff = Math.min(4_000, 1_000L << (i - 1));
            assertTrue(gap >= backoff - 50, "retry " + i + " came " + gap + " ms after the one before, not after "
                    + backoff + " ms: " + attempts);
        }

        failing.failing = false;
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> sync(id)
                .body("streams.deployments.state", equalTo("live"))
                .body("streams.deployments.lastError", nullValue()));
    }

    /** Kafka refusing every record of the deployments stream while {@link #failing}. */
    static final class FailingPublisher extends EventPublisher {
        private final EventPublisher real;
        volatile boolean failing = true;
        volatile boolean savesOnly;

        FailingPublisher(EventPublisher real) {
            super(null, null, null, null, null);
            this.real = real;
        }

        private static CompletableFuture<Void> refused() {
            return CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException(
                    "Expiring 1 record(s) for dora.deployments.v1-0: 120000 ms has passed since batch creation"));
        }

        @Override
        public CompletableFuture<Void> publish(Stream stream, EventEnvelope<?> envelope) {
            return failing && stream == Stream.DEPLOYMENTS ? refused() : real.publish(stream, envelope);
        }

        @Override
        public CompletableFuture<Void> publishTombstone(Stream stream, UUID connectionId, String eventId, String site,
                long version, Instant observedAt) {
            return failing && stream == Stream.DEPLOYMENTS ? refused()
                    : real.publishTombstone(stream, connectionId, eventId, site, version, observedAt);
        }

        @Override
        public CompletableFuture<Void> publishRetirement(UUID connectionId, Stream stream) {
            return real.publishRetirement(connectionId, stream); // the deletion after the test
        }

        @Override
        public CompletableFuture<Void> publishWatermark(UUID connectionId, Stream stream, Instant watermark, Instant observedAt) {
            return failing && stream == Stream.DEPLOYMENTS ? refused()
                    : real.publishWatermark(connectionId, stream, watermark, observedAt);
        }
    }

    /**
     * PostgreSQL refusing connections to the deployments stream's version reads while {@link #failing}
     * (or, {@link #savesOnly}, only the save that ends a poll, after Kafka acknowledged its records),
     * recording when each poll met it.
     */
    static final class FailingVersionStore extends EventVersionStore {
        private final EventVersionStore real;
        final List<Long> attempts = new CopyOnWriteArrayList<>();
        volatile boolean failing = true;
        volatile boolean savesOnly;
        /** The connection whose polls are timed (set once created); a connection another test left polling is not. */
        volatile UUID target;

        FailingVersionStore(EventVersionStore real) {
            super(null);
            this.real = real;
        }

        private void check(UUID connectionId, Stream stream) {
            UUID timed = target;
            if (failing && stream == Stream.DEPLOYMENTS && (timed == null || timed.equals(connectionId))) {
                if (timed != null) {
                    attempts.add(System.nanoTime() / 1_000_000);
                }
                throw new JDBCConnectionException("Unable to acquire JDBC Connection",
                        new SQLException("Connection refused. Check that the hostname and port are correct", "08001"));
            }
        }

        @Override
        public Map<String, Stored> load(UUID connectionId, Stream stream, Collection<String> eventIds) {
            if (!savesOnly) {
                check(connectionId, stream);
            }
            return real.load(connectionId, stream, eventIds);
        }

        @Override
        public List<Live> live(UUID connectionId) {
            return real.live(connectionId);
        }

        @Override
        public List<Known> missing(UUID connectionId, Stream stream, Instant from, Instant to, Collection<String> present) {
            if (!savesOnly) {
                check(connectionId, stream);
            }
            return real.missing(connectionId, stream, from, to, present);
        }

        @Override
        public Unsettled unsettled(UUID connectionId, Stream stream, Instant from, Instant to) {
            return real.unsettled(connectionId, stream, from, to);
        }

        @Override
        public Instant nthStart(UUID connectionId, Stream stream, Instant from, Instant to, int n) {
            return real.nthStart(connectionId, stream, from, to, n);
        }

        @Override
        public Instant firstUnstraddled(UUID connectionId, Stream stream, Instant from, Instant atLeast, Instant before) {
            return real.firstUnstraddled(connectionId, stream, from, atLeast, before);
        }

        @Override
        public void reserve(UUID connectionId, Stream stream, List<Published> sending, Instant now) {
            real.reserve(connectionId, stream, sending, now);
        }

        @Override
        public void save(UUID connectionId, Stream stream, List<Published> published, Instant now) {
            if (savesOnly) {
                check(connectionId, stream);
            }
            real.save(connectionId, stream, published, now);
        }

        @Override
        public int rejectedOnce(UUID connectionId, Stream stream, Collection<String> keys, Instant now) {
            return real.rejectedOnce(connectionId, stream, keys, now);
        }
    }
}
