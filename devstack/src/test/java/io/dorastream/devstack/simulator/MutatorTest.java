package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deterministic mutations and their effect on the served data. */
class MutatorTest {

    private static final Instant NOW = Instant.parse("2026-04-15T12:00:00Z");
    private static Dataset dataset;

    @BeforeAll
    static void generate() {
        dataset = DatasetGenerator.generate(DatasetSpec.demo().withServices(4).withMonthsBack(1), NOW);
    }

    @AfterAll
    static void release() {
        dataset = null;
    }

    private static DatadogSimulator start(long seed, Dataset data) {
        DatadogSimulator simulator = DatadogSimulator.start(SimulatorConfig.builder().mutatorSeed(seed).build());
        simulator.clock().set(NOW);
        simulator.load(data);
        return simulator;
    }

    @Test
    void theSameSeedDataAndClockGiveTheSameMutations() {
        try (DatadogSimulator a = start(5, dataset); DatadogSimulator b = start(5, dataset);
             DatadogSimulator c = start(6, dataset)) {
            List<Mutation> first = a.mutator().apply(40);
            assertEquals(first, b.mutator().apply(40));
            assertEquals(a.export(), b.export());
            assertNotEquals(first, c.mutator().apply(40));
        }
    }

    @Test
    void eachKindChangesTheDataAsDescribed() {
        try (DatadogSimulator simulator = start(11, dataset)) {
            SimClient client = new SimClient(simulator);
            Set<Mutation.Kind> seen = EnumSet.noneOf(Mutation.Kind.class);
            Map<String, ObjectNode> after = index(simulator.export());
            for (int i = 0; i < 60; i++) {
                Map<String, ObjectNode> before = after;
                Mutation mutation = simulator.mutator().apply(1).get(0);
                seen.add(mutation.kind());
                after = index(simulator.export());
                String key = mutation.stream() + "/" + mutation.id();
                switch (mutation.kind()) {
                    case EVALUATED -> {
                        assertTrue(before.get(key).at("/attributes/change_failure").isNull());
                        JsonNode verdict = after.get(key).at("/attributes/change_failure");
                        assertTrue(verdict.isBoolean());
                        assertRemediationCoherent(after.get(key), after);
                    }
                    case RESOLVED -> {
                        assertTrue(before.get(key).at("/attributes/finished_at").isMissingNode());
                        Instant finished = Instant.parse(after.get(key).at("/attributes/finished_at").asText());
                        assertFalse(finished.isAfter(NOW));
                    }
                    case LATE_INSERTED -> {
                        assertFalse(before.containsKey(key));
                        Instant started = Instant.parse(after.get(key).at("/attributes/started_at").asText());
                        assertTrue(started.isBefore(NOW.minus(Duration.ofHours(1)).plusSeconds(60)));
                        assertFalse(started.isBefore(NOW.minus(Duration.ofDays(7)).minus(Duration.ofHours(1))));
                        String path = mutation.stream() == EventStream.DEPLOYMENTS ? "deployments" : "failures";
                        assertEquals(200, client.get("/api/v2/dora/" + path + "/" + mutation.id()).status());
                    }
                    case DELETED -> {
                        assertTrue(before.containsKey(key));
                        assertFalse(after.containsKey(key));
                        String path = mutation.stream() == EventStream.DEPLOYMENTS ? "deployments" : "failures";
                        assertEquals(404, client.get("/api/v2/dora/" + path + "/" + mutation.id()).status());
                    }
                }
                assertEquals(before.size() + switch (mutation.kind()) {
                    case LATE_INSERTED -> 1;
                    case DELETED -> -1;
                    default -> 0;
                }, after.size());
            }
            assertEquals(EnumSet.allOf(Mutation.Kind.class), seen);
        }
    }

    @Test
    void mutationsCanBeKeptToEventsStartedFromAnInstant() {
        Instant from = NOW.minus(java.time.Duration.ofDays(10));
        try (DatadogSimulator simulator = start(5, dataset)) {
            Map<String, ObjectNode> before = index(simulator.export());
            List<Mutation> applied = simulator.mutator().apply(80, from);
            Set<Mutation.Kind> kinds = EnumSet.noneOf(Mutation.Kind.class);
            for (Mutation m : applied) {
                kinds.add(m.kind());
                ObjectNode event = before.get(m.stream() + "/" + m.id());
                if (event != null) { // a late insert is new, and recent
                    Instant started = Instant.parse(event.at("/attributes/started_at").asText());
                    assertFalse(started.isBefore(from), m + " changed an event started at " + started);
                }
            }
            assertTrue(kinds.contains(Mutation.Kind.DELETED), "deletions happen within the bound too: " + kinds);
        }
    }

    @Test
    void verdictlessDataStaysVerdictless() {
        Dataset plain = DatasetGenerator.generate(DatasetSpec.demo().withServices(3).withMonthsBack(1).withNoVerdicts(true), NOW);
        try (DatadogSimulator simulator = start(3, plain)) {
            simulator.mutator().apply(30);
            simulator.export().deployments().forEach(d -> assertFalse(d.get("attributes").has("change_failure")));
        }
    }

    @Test
    void mutationsRunOverHttpToo() {
        try (DatadogSimulator simulator = start(1, dataset)) {
            SimClient.Reply reply = new SimClient(simulator).post("/_sim/mutations?count=3", null);
            assertEquals(200, reply.status());
            assertEquals(3, reply.json().get("mutations").size());
            assertTrue(reply.json().at("/mutations/0/kind").isTextual());
            assertTrue(reply.json().at("/mutations/0/stream").isTextual());
            assertTrue(reply.json().at("/mutations/0/id").isTextual());
        }
    }

    private static void assertRemediationCoherent(ObjectNode deployment, Map<String, ObjectNode> all) {
        JsonNode remediation = deployment.at("/attributes/remediation");
        if (remediation.isMissingNode()) {
            return;
        }
        ObjectNode fix = all.get("DEPLOYMENTS/" + remediation.get("id").asText());
        assertEquals(remediation.get("type").asText(), fix.at("/attributes/deployment_type").asText());
        long recovery = Duration.between(Instant.parse(deployment.at("/attributes/finished_at").asText()),
                Instant.parse(fix.at("/attributes/finished_at").asText())).toSeconds();
        assertEquals(recovery, deployment.at("/attributes/recovery_time_sec").asLong());
    }

    private static Map<String, ObjectNode> index(Dataset data) {
        Map<String, ObjectNode> deployments = data.deployments().stream()
                .collect(Collectors.toMap(d -> "DEPLOYMENTS/" + d.get("id").asText(), Function.identity()));
        Map<String, ObjectNode> failures = data.failures().stream()
                .collect(Collectors.toMap(d -> "FAILURES/" + d.get("id").asText(), Function.identity()));
        deployments.putAll(failures);
        return deployments;
    }
}
