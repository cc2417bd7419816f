package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Determinism and coherence of generated data. */
class DatasetGeneratorTest {

    private static final Instant NOW = Instant.parse("2026-04-15T12:34:56Z");
    private static final DatasetSpec SPEC = new DatasetSpec(7, 4, 3, 3, 12, 40, false, 0.2, 2);
    private static Dataset dataset;

    @BeforeAll
    static void generate() {
        dataset = DatasetGenerator.generate(SPEC, NOW);
    }

    @AfterAll
    static void release() {
        dataset = null;
    }

    @Test
    void theSameSeedGivesTheSameJson() {
        DatasetSpec small = DatasetSpec.demo().withMonthsBack(2);
        String first = DatasetGenerator.generate(small, NOW).toJson();
        assertEquals(first, DatasetGenerator.generate(small, NOW).toJson());
        assertNotEquals(first, DatasetGenerator.generate(small.withSeed(43), NOW).toJson());
    }

    @Test
    void theDemoHasEightServicesThreeTeamsTwoEnvsThreeMonths() {
        Dataset demo = DatasetGenerator.generate(DatasetSpec.demo(), NOW);
        assertEquals(8, distinct(demo.deployments(), "service").size());
        assertEquals(3, distinct(demo.deployments(), "team").size());
        assertEquals(Set.of("production", "staging"), distinct(demo.deployments(), "env"));
        Instant threeMonthsAgo = NOW.atOffset(ZoneOffset.UTC).minusMonths(3).toInstant();
        demo.deployments().forEach(d -> assertFalse(started(d).isBefore(threeMonthsAgo)));
    }

    @Test
    void timestampsLieInTheRequestedPast() {
        Instant oldest = NOW.atOffset(ZoneOffset.UTC).minusMonths(12).toInstant();
        for (ObjectNode event : concat()) {
            assertFalse(started(event).isBefore(oldest), event.toString());
            Instant finished = finished(event);
            if (finished != null) {
                assertFalse(finished.isAfter(NOW), event.toString());
                assertFalse(finished.isBefore(started(event)), event.toString());
            }
        }
        assertTrue(started(dataset.deployments().get(0)).isBefore(oldest.plus(Duration.ofDays(31))));
    }

    @Test
    void twentyFourMonthsReachTheRetentionLimit() {
        Dataset longest = DatasetGenerator.generate(new DatasetSpec(3, 1, 1, 1, 24, 0, false, 0, 2), NOW);
        Instant oldest = EventStore.retentionStart(NOW);
        assertTrue(longest.deployments().stream().allMatch(d -> !started(d).isBefore(oldest)));
        assertTrue(started(longest.deployments().get(0)).isBefore(oldest.plus(Duration.ofDays(7))));
    }

    @Test
    void twoDeploymentsOfOneServiceNeverShareASecond() {
        Set<String> seen = new HashSet<>();
        for (ObjectNode d : dataset.deployments()) {
            assertTrue(seen.add(attribute(d, "service") + "@" + started(d).getEpochSecond()), d.toString());
        }
    }

    @Test
    void leadTimesAgreeWithTimestamps() {
        for (ObjectNode d : dataset.deployments()) {
            JsonNode commits = d.at("/attributes/commits");
            assertEquals(commits.size(), d.at("/attributes/number_of_commits").asInt());
            for (JsonNode commit : commits) {
                Instant committed = Instant.parse(commit.get("timestamp").asText());
                assertTrue(committed.isBefore(started(d)), d.get("id").asText());
                assertEquals(Duration.between(committed, finished(d)).toSeconds(), commit.get("change_lead_time").asLong());
                assertEquals(Duration.between(committed, started(d)).toSeconds(), commit.get("time_to_deploy").asLong());
                assertEquals(commit.at("/author/email").asText().toLowerCase(), commit.at("/author/canonical_email").asText());
                assertTrue(commit.at("/author/is_bot").isBoolean());
            }
        }
    }

    @Test
    void remediationsNameALaterDeploymentOfTheSameServiceAndEnv() {
        Map<String, ObjectNode> byId = dataset.deployments().stream()
                .collect(Collectors.toMap(d -> d.get("id").asText(), Function.identity()));
        // the dataset is sorted by started_at: each service/env stream is in deployment order
        Map<String, List<ObjectNode>> streams = dataset.deployments().stream()
                .collect(Collectors.groupingBy(d -> attribute(d, "service") + "/" + attribute(d, "env")));
        int remediated = 0;
        for (ObjectNode d : dataset.deployments()) {
            JsonNode remediation = d.at("/attributes/remediation");
            if (remediation.isMissingNode()) {
                assertTrue(d.at("/attributes/recovery_time_sec").isMissingNode());
                continue;
            }
            remediated++;
            assertTrue(d.at("/attributes/change_failure").asBoolean(), d.toString());
            ObjectNode fix = byId.get(remediation.get("id").asText());
            assertEquals(attribute(d, "service"), attribute(fix, "service"));
            assertEquals(attribute(d, "env"), attribute(fix, "env"));
            assertEquals(remediation.get("type").asText(), attribute(fix, "deployment_type"));
            assertTrue(started(fix).isAfter(finished(d)));
            assertEquals(Duration.between(finished(d), finished(fix)).toSeconds(),
                    d.at("/attributes/recovery_time_sec").asLong());
            List<ObjectNode> stream = streams.get(attribute(d, "service") + "/" + attribute(d, "env"));
            assertEquals(fix, stream.get(stream.indexOf(d) + 1), "the remediation is the very next deployment");
        }
        assertTrue(remediated > 20, "remediated: " + remediated);
    }

    @Test
    void verdictsTypesAndFailuresAreVaried() {
        Map<String, Integer> verdicts = new HashMap<>();
        dataset.deployments().forEach(d -> verdicts.merge(String.valueOf(d.at("/attributes/change_failure")), 1, Integer::sum));
        assertEquals(Set.of("true", "false", "null"), verdicts.keySet());
        assertEquals(Set.of("standard", "rollback", "rollforward"), distinct(dataset.deployments(), "deployment_type"));
        assertTrue(dataset.deployments().stream().anyMatch(d -> d.at("/attributes/change_failure").asBoolean()
                && d.at("/attributes/remediation").isMissingNode()), "a failure not remediated yet");

        List<ObjectNode> failures = dataset.failures();
        assertTrue(failures.stream().anyMatch(f -> f.at("/attributes/services").size() > 1));
        assertTrue(failures.stream().anyMatch(f -> finished(f) == null));
        assertTrue(failures.stream().anyMatch(f -> finished(f) != null));
        assertTrue(failures.stream().anyMatch(f -> f.at("/attributes/time_to_restore").isIntegralNumber()));
        assertTrue(distinct(failures, "severity").containsAll(Set.of("SEV-2", "SEV-3", "SEV-4")));
        for (ObjectNode f : failures) {
            JsonNode restore = f.at("/attributes/time_to_restore");
            if (!restore.isMissingNode()) {
                assertEquals(Duration.between(started(f), finished(f)).toSeconds(), restore.asLong());
            }
        }
    }

    @Test
    void idsAreUniqueAndSomeContainColons() {
        Set<String> ids = new HashSet<>();
        for (ObjectNode event : concat()) {
            String id = event.get("id").asText();
            assertTrue(ids.add(id));
            assertTrue(id.matches("[A-Za-z0-9\\-_.:]{16,128}"), id);
        }
        assertTrue(dataset.deployments().stream().anyMatch(d -> d.get("id").asText().matches("[0-9a-f]{16}")));
        assertTrue(dataset.deployments().stream().anyMatch(d -> d.get("id").asText().contains(":")));
        assertTrue(dataset.failures().stream().anyMatch(d -> d.get("id").asText().contains(":")));
        assertTrue(dataset.failures().stream().anyMatch(d -> d.get("id").asText()
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
    }

    @Test
    void theDenseHourCrowdsManyServicesSomeInOneSecond() {
        Instant hour = DatasetGenerator.denseHourStart(NOW);
        List<ObjectNode> dense = dataset.deployments().stream()
                .filter(d -> !started(d).isBefore(hour) && started(d).isBefore(hour.plusSeconds(3600))).toList();
        assertTrue(dense.size() >= 40, "in the dense hour: " + dense.size());
        assertEquals(4, distinct(dense, "service").size());
        Map<Long, Long> perSecond = dense.stream().collect(Collectors.groupingBy(d -> started(d).getEpochSecond(),
                Collectors.counting()));
        assertTrue(perSecond.values().stream().anyMatch(n -> n >= 2));
    }

    @Test
    void noVerdictsModeHasNoVerdictAttributesAtAll() {
        Dataset plain = DatasetGenerator.generate(DatasetSpec.demo().withNoVerdicts(true).withMonthsBack(2), NOW);
        for (ObjectNode d : plain.deployments()) {
            for (String attribute : List.of("change_failure", "remediation", "recovery_time_sec")) {
                assertFalse(d.get("attributes").has(attribute), d.toString());
            }
        }
        assertFalse(plain.failures().isEmpty());
    }

    @Test
    void specRangesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> DatasetSpec.demo().withMonthsBack(25));
        assertThrows(IllegalArgumentException.class, () -> DatasetSpec.demo().withMonthsBack(0));
        assertThrows(IllegalArgumentException.class, () -> DatasetSpec.demo().withServices(0));
        assertThrows(IllegalArgumentException.class, () -> DatasetSpec.demo().withColonIdShare(1.5));
    }

    private static List<ObjectNode> concat() {
        return java.util.stream.Stream.concat(dataset.deployments().stream(), dataset.failures().stream()).toList();
    }

    private static Set<String> distinct(List<ObjectNode> events, String attribute) {
        return events.stream().map(e -> attribute(e, attribute)).collect(Collectors.toSet());
    }

    static String attribute(ObjectNode event, String name) {
        return event.get("attributes").path(name).asText(null);
    }

    static Instant started(ObjectNode event) {
        return Instant.parse(attribute(event, "started_at"));
    }

    static Instant finished(ObjectNode event) {
        String finished = attribute(event, "finished_at");
        return finished == null ? null : Instant.parse(finished);
    }
}
