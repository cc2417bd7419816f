package io.dorastream.connector.reading;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.devstack.simulator.Dataset;
import io.dorastream.devstack.simulator.DatasetGenerator;
import io.dorastream.devstack.simulator.DatasetSpec;
import io.dorastream.devstack.simulator.SimulatorConfig.FilterField;
import io.dorastream.events.DoraJson;
import io.dorastream.events.Stream;

/**
 * The data the reader tests read: a generated month with its dense hour (300 deployments, up
 * to three services per second), a crowded hour (2000 deployments of 200 services, one second
 * holding 150 of them, all finishing in one second too), deployments and failures exactly on
 * every midnight (by start and by finish), a fractional-second deployment, 80 failures sharing
 * one second (two per service, some with several services, some with none) and open failures.
 * Generated deployments lose their {@code commits} to keep the pages small.
 */
final class ReaderDataset {

    static final Instant NOW = Instant.parse("2026-04-15T12:00:00Z");
    /** The range the tests read: three weeks, midnight to midnight. */
    static final Instant FROM = Instant.parse("2026-03-25T00:00:00Z");
    static final Instant TO = Instant.parse("2026-04-15T00:00:00Z");
    /** The days read one by one: those of the crowded hour, the failures sharing a second and the dense hour. */
    static final Instant DAILY_FROM = Instant.parse("2026-04-08T00:00:00Z");
    static final Instant DAILY_TO = Instant.parse("2026-04-14T00:00:00Z");
    static final Instant CROWDED_SECOND = Instant.parse("2026-04-08T10:30:00Z");
    static final Instant CROWDED_FINISH = Instant.parse("2026-04-08T10:35:00Z");
    static final Instant FAILURE_SECOND = Instant.parse("2026-04-09T14:00:00Z");

    private ReaderDataset() {
    }

    static Dataset build() {
        Dataset base = DatasetGenerator.generate(DatasetSpec.demo().withMonthsBack(1).withDenseHourDeployments(300), NOW);
        List<ObjectNode> deployments = new ArrayList<>();
        for (ObjectNode d : base.deployments()) {
            ObjectNode light = d.deepCopy();
            ((ObjectNode) light.get("attributes")).remove("commits"); // keeps pages small: the reader ignores them
            deployments.add(light);
        }
        List<ObjectNode> failures = new ArrayList<>(base.failures());

        Instant hour = Instant.parse("2026-04-08T10:00:00Z");
        for (int i = 0; i < 1850; i++) {
            Instant started = hour.plusSeconds((i / 4) * 7L);
            deployments.add(deployment("crowd-d" + i, "crowd-" + String.format("%03d", i % 200), started,
                    started.plusSeconds(60 + (i * 37) % 900), i % 2 == 0 ? "production" : "staging"));
        }
        for (int i = 0; i < 150; i++) {
            deployments.add(deployment("crowd-s" + i, "crowd-" + String.format("%03d", i), CROWDED_SECOND, CROWDED_FINISH,
                    i % 2 == 0 ? "production" : "staging"));
        }
        for (Instant day = FROM.minus(Duration.ofDays(2)); !day.isAfter(TO.plus(Duration.ofDays(2))); day = day.plus(Duration.ofDays(1))) {
            String d = day.toString().substring(0, 10);
            deployments.add(deployment("edge-start-" + d, "edge", day, day.plusSeconds(30), "production"));
            deployments.add(deployment("edge-finish-" + d, "edge-late", day.minusSeconds(50), day, "production"));
            failures.add(failure("edge-failure-start-" + d, List.of("edge"), day, day.plusSeconds(600)));
            failures.add(failure("edge-failure-finish-" + d, List.of("edge"), day.minusSeconds(600), day));
        }
        deployments.add(deployment("fractional-start", "fraction", Instant.parse("2026-04-01T00:00:00.500Z"),
                Instant.parse("2026-04-01T00:00:10.250Z"), "production"));
        deployments.add(deployment("fractional-finish", "fraction", Instant.parse("2026-03-31T23:59:59.750Z"),
                Instant.parse("2026-04-02T00:00:00.001Z"), "production"));
        for (int i = 0; i < 80; i++) {
            List<String> services = i % 10 == 9 ? List.of() // team only
                    : i % 5 == 0 ? List.of("crowd-" + String.format("%03d", i / 2), "payments")
                    : List.of("crowd-" + String.format("%03d", i / 2));
            failures.add(failure("same-second-failure-" + i, services, FAILURE_SECOND,
                    i % 3 == 0 ? null : FAILURE_SECOND.plusSeconds(1800)));
        }
        failures.add(failure("open-failure-1", List.of("checkout"), Instant.parse("2026-04-03T09:00:00Z"), null));
        failures.add(failure("open-failure-2", List.of("search"), Instant.parse("2026-03-27T00:00:00Z"), null));
        return new Dataset(deployments, failures);
    }

    static ObjectNode deployment(String id, String service, Instant started, Instant finished, String env) {
        ObjectNode item = DoraJson.mapper().createObjectNode();
        item.put("id", id).put("type", "dora_deployment");
        ObjectNode a = item.putObject("attributes");
        a.put("service", service).put("env", env).put("team", "crowd").put("version", "v1.0." + Math.abs(id.hashCode() % 1000));
        a.put("started_at", started.toString());
        if (finished != null) {
            a.put("finished_at", finished.toString());
        }
        return item;
    }

    static ObjectNode failure(String id, List<String> services, Instant started, Instant finished) {
        ObjectNode item = DoraJson.mapper().createObjectNode();
        item.put("id", id).put("type", "dora_failure");
        ObjectNode a = item.putObject("attributes");
        a.put("name", "incident " + id).put("severity", "SEV-2").put("env", "production").put("team", "crowd");
        services.forEach(a.putArray("services")::add);
        a.put("started_at", started.toString());
        if (finished != null) {
            a.put("finished_at", finished.toString());
        }
        return item;
    }

    /** The time a simulator window applies to under {@code field}: finished_at falls back to started_at. */
    static Instant filterTime(JsonNode item, FilterField field) {
        JsonNode a = item.path("attributes");
        JsonNode finished = a.get("finished_at");
        if (field == FilterField.FINISHED_AT && finished != null && !finished.isNull()) {
            return Instant.parse(finished.asText());
        }
        return Instant.parse(a.path("started_at").asText());
    }

    /** Ids of the exported events of {@code stream} whose filter time lies in {@code [from, to)} and that match. */
    static Set<String> expected(Dataset export, Stream stream, FilterField field, Instant from, Instant to,
            Predicate<JsonNode> matches) {
        Set<String> ids = new HashSet<>();
        for (ObjectNode item : stream == Stream.DEPLOYMENTS ? export.deployments() : export.failures()) {
            Instant t = filterTime(item, field);
            if (!t.isBefore(from) && t.isBefore(to) && matches.test(item)) {
                ids.add(item.get("id").asText());
            }
        }
        return ids;
    }

    /** Whether a string-or-array attribute holds {@code value} (ignoring case). */
    static boolean has(JsonNode item, String attribute, String value) {
        JsonNode n = item.path("attributes").get(attribute);
        if (n == null) {
            return false;
        }
        if (n.isArray()) {
            for (JsonNode v : n) {
                if (v.asText().toLowerCase(Locale.ROOT).equals(value)) {
                    return true;
                }
            }
            return false;
        }
        return n.asText().toLowerCase(Locale.ROOT).equals(value);
    }
}
