package io.dorastream.aggregator.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.dorastream.events.EventHeaders;
import io.dorastream.events.Stream;
import io.dorastream.events.Topics;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A record that cannot be applied goes to {@code <topic>.dlq} unchanged, with the error in the
 * {@code dead-letter-*} headers, and consumption goes on with the records after it.
 */
@QuarkusTest
class PoisonRecordTest extends AggregatorTestBase {

    private static final Instant NOON = Instant.parse("2026-02-15T12:00:00Z");

    @Test
    void poisonDeploymentsGoToTheDlqAndLaterRecordsAreStillApplied() throws Exception {
        UUID connection = UUID.randomUUID();
        String c = connection.toString();

        String badJson = c + ":bad-json";
        byte[] badJsonValue = utf8("{\"eventId\": \"bad-json\", not json");
        send(Topics.DEPLOYMENTS, badJson, badJsonValue, headers(Stream.DEPLOYMENTS, connection, "bad-json", 1, false));

        String notAKey = "not-a-key-" + UUID.randomUUID();
        byte[] notAKeyValue = json(envelope(connection, "other", 1, deployment("checkout", "production", "backend", NOON)));
        send(Topics.DEPLOYMENTS, notAKey, notAKeyValue, headers(Stream.DEPLOYMENTS, connection, "other", 1, false));

        String upperCaseKey = c.toUpperCase(Locale.ROOT) + ":upper";
        byte[] upperCaseValue = json(envelope(connection, "upper", 1, deployment("checkout", "production", "backend", NOON)));
        send(Topics.DEPLOYMENTS, upperCaseKey, upperCaseValue, headers(Stream.DEPLOYMENTS, connection, "upper", 1, false));

        String mismatch = c + ":mismatch";
        byte[] mismatchValue = json(envelope(connection, "mismatch", 2, deployment("checkout", "production", "backend", NOON)));
        send(Topics.DEPLOYMENTS, mismatch, mismatchValue, headers(Stream.DEPLOYMENTS, connection, "mismatch", 1, false));

        String noService = c + ":no-service";
        byte[] noServiceValue = json(envelope(connection, "no-service", 1, deployment(null, "production", "backend", NOON)));
        send(Topics.DEPLOYMENTS, noService, noServiceValue, headers(Stream.DEPLOYMENTS, connection, "no-service", 1, false));

        // readable, but PostgreSQL refuses it (NUL in text): the batch falls back to one record at a time
        String rejected = c + ":rejected";
        byte[] rejectedValue = json(envelope(connection, "rejected", 1, deployment("check\u0000out", "production", "backend", NOON)));
        send(Topics.DEPLOYMENTS, rejected, rejectedValue, headers(Stream.DEPLOYMENTS, connection, "rejected", 1, false));

        // a JSON null is no tombstone (a tombstone has no value at all)
        String jsonNull = c + ":json-null";
        byte[] jsonNullValue = utf8("null");
        send(Topics.DEPLOYMENTS, jsonNull, jsonNullValue, headers(Stream.DEPLOYMENTS, connection, "json-null", 1, true));

        // a valid record after the poison ones
        sendDeployment(connection, "good", 1, deployment("checkout", "production", "backend", NOON));

        await().atMost(WAIT).until(() -> deploymentRow(connection, "good") != null);
        assertEquals(1, count("2026-02-15T00:00:00Z", "2026-02-16T00:00:00Z", "connection", c));
        assertEquals(1, rowCount("deployment", connection), "no poison record was stored");
        assertNull(deploymentRow(connection, "other"));
        assertNull(deploymentRow(connection, "mismatch"));
        assertEquals(Map.of(java.time.LocalDate.parse("2026-02-15"), 1L), rollup(connection));

        Map<String, ConsumerRecord<String, byte[]>> dead = awaitDeadLetters(Topics.dlq(Topics.DEPLOYMENTS),
                Set.of(badJson, notAKey, upperCaseKey, mismatch, noService, rejected, jsonNull));
        assertDeadLetter(dead.get(jsonNull), jsonNullValue, Topics.DEPLOYMENTS);
        assertDeadLetter(dead.get(badJson), badJsonValue, Topics.DEPLOYMENTS);
        assertDeadLetter(dead.get(notAKey), notAKeyValue, Topics.DEPLOYMENTS);
        assertDeadLetter(dead.get(upperCaseKey), upperCaseValue, Topics.DEPLOYMENTS);
        assertDeadLetter(dead.get(mismatch), mismatchValue, Topics.DEPLOYMENTS);
        assertDeadLetter(dead.get(noService), noServiceValue, Topics.DEPLOYMENTS);
        assertDeadLetter(dead.get(rejected), rejectedValue, Topics.DEPLOYMENTS);
        assertTrue(header(dead.get(mismatch), EventHeaders.DLQ_REASON).contains("version"),
                header(dead.get(mismatch), EventHeaders.DLQ_REASON));
        assertTrue(header(dead.get(notAKey), EventHeaders.DLQ_REASON).contains("key"),
                header(dead.get(notAKey), EventHeaders.DLQ_REASON));
        assertNotNull(header(dead.get(badJson), EventHeaders.DLQ_CAUSE), "the parser's error travels as the cause");
    }

    @Test
    void aPoisonIncidentGoesToItsOwnDlq() throws Exception {
        UUID connection = UUID.randomUUID();
        String notStarted = connection + ":not-started";
        byte[] value = json(envelope(connection, "not-started", 1, incident("checkout", null, null)));
        send(Topics.INCIDENTS, notStarted, value, headers(Stream.FAILURES, connection, "not-started", 1, false));
        sendIncident(connection, "good", 1, incident("checkout", NOON, null));

        await().atMost(WAIT).until(() -> incidentRow(connection, "good") != null);
        assertNull(incidentRow(connection, "not-started"));
        Map<String, ConsumerRecord<String, byte[]>> dead = awaitDeadLetters(Topics.dlq(Topics.INCIDENTS), Set.of(notStarted));
        assertDeadLetter(dead.get(notStarted), value, Topics.INCIDENTS);
    }

    private static void assertDeadLetter(ConsumerRecord<String, byte[]> r, byte[] value, String topic) {
        assertNotNull(r);
        assertArrayEquals(value, r.value(), "the value is unchanged");
        String reason = header(r, EventHeaders.DLQ_REASON);
        assertNotNull(reason, "dead-letter-reason of " + r.key());
        assertFalse(reason.isBlank() || reason.equals("null"), "dead-letter-reason of " + r.key() + ": " + reason);
        assertNotNull(header(r, EventHeaders.DLQ_EXCEPTION_CLASS_NAME));
        assertEquals(topic, header(r, EventHeaders.DLQ_TOPIC));
        assertNotNull(header(r, EventHeaders.DLQ_OFFSET));
        assertNotNull(header(r, EventHeaders.VERSION), "the original headers are kept");
    }
}
