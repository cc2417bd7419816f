package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.CRC32;

/**
 * Writes a stored event as the real Datadog lists it ({@link ListQuirks}): live shapes, zero
 * times, malformed optional attributes. Every choice is drawn from the event's id, so all answers
 * show an event alike; the stored item itself is never changed.
 */
final class WireShapes {

    /** How Datadog's Go backend writes an unset time. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    /** The malformations, one per affected event, chosen by id; the first is the out-of-range integer. */
    private static final int MALFORMATIONS = 6;

    private WireShapes() {
    }

    /** The attributes to send for {@code event} (a copy when anything differs from the stored item). */
    static ObjectNode render(EventStream stream, EventStore.Stored event, ListQuirks quirks,
                             SimulatorConfig.TimestampFormat format) {
        boolean nanos = format == SimulatorConfig.TimestampFormat.EPOCH_NANOS;
        boolean malformed = quirks.malformedShare() > 0 && draw(event.id(), "malformed") < quirks.malformedShare();
        if (!quirks.realShapes() && !quirks.zeroTimes() && !malformed && !nanos) {
            return event.item();
        }
        ObjectNode item = event.item().deepCopy();
        ObjectNode a = (ObjectNode) item.get("attributes");
        if (nanos) {
            a.put("started_at", Timestamps.toEpochNanos(event.startedAt()));
            if (event.finishedAt() != null) {
                a.put("finished_at", Timestamps.toEpochNanos(event.finishedAt()));
            }
        }
        if (quirks.realShapes()) {
            if (stream == EventStream.DEPLOYMENTS) {
                deployment(event, a);
            } else {
                failure(event, a);
            }
        }
        if (quirks.zeroTimes() && event.finishedAt() == null) {
            if (nanos) {
                a.put("finished_at", 0);
            } else {
                a.put("finished_at", ZERO_TIME);
            }
        }
        if (malformed) {
            malform(stream, event.id(), a);
        }
        return item;
    }

    private static void deployment(EventStore.Stored event, ObjectNode a) {
        Instant created = (event.finishedAt() != null ? event.finishedAt() : event.startedAt())
                .plusNanos(1_000_000L + (long) (draw(event.id(), "created") * 2_000_000_000L));
        a.put("source", draw(event.id(), "source") < 0.8 ? "apm_deployments" : "api");
        a.put("created_at", Timestamps.format(created));
        if (event.finishedAt() != null) {
            a.put("duration", Duration.between(event.startedAt(), event.finishedAt()).toMillis() / 1000.0);
        }
        JsonNode commits = a.path("commits");
        ArrayNode prs = a.putArray("pull_requests");
        if (commits.isArray() && !commits.isEmpty()) {
            ObjectNode pr = prs.addObject();
            pr.put("created_at", draw(event.id(), "pr") < 0.3 ? ZERO_TIME : commits.get(0).path("timestamp").asText());
            pr.put("merged_at", commits.get(commits.size() - 1).path("timestamp").asText());
            pr.put("is_fully_automated", commits.get(0).path("author").path("is_bot").asBoolean(false));
        }
        a.put("number_of_pull_requests", prs.size());
        if (!a.has("number_of_commits")) {
            a.put("number_of_commits", commits.isArray() ? commits.size() : 0);
        }
        ObjectNode averaged = a.putObject("averaged_metrics");
        if (commits.isArray() && !commits.isEmpty()) {
            averaged.put("change_lead_time", commits.get(0).path("change_lead_time").asDouble());
        }
        a.putObject("custom");
    }

    private static void failure(EventStore.Stored event, ObjectNode a) {
        for (String field : new String[] { "env", "team" }) {
            JsonNode value = a.get(field);
            if (value != null && value.isTextual()) {
                a.putArray(field).add(value.asText());
            }
        }
        JsonNode services = a.remove("services");
        if (services != null && services.isArray() && !a.has("service")) {
            a.set("service", services);
        }
        a.put("created_at", Timestamps.format(event.startedAt().plusMillis(1 + (long) (draw(event.id(), "created") * 60_000))));
        a.put("source", "api");
        a.putObject("custom");
        a.putObject("internal");
    }

    /** One malformed optional attribute, the kind chosen by id. */
    private static void malform(EventStream stream, String id, ObjectNode a) {
        int kind = (int) (draw(id, "kind") * MALFORMATIONS);
        if (stream == EventStream.FAILURES) {
            switch (kind % 3) {
                case 0 -> a.put("time_to_restore", 3_000_000_000_000_000_000.0 * 1e3); // beyond a long
                case 1 -> a.put("time_to_restore", "n/a");
                default -> a.put("created_at", "yesterday, 25:61");
            }
            return;
        }
        switch (kind) {
            case 0 -> a.put("number_of_pull_requests", 3_000_000_000L);
            case 1 -> a.put("duration", "PT744S");
            case 2 -> a.put("number_of_commits", "n/a");
            case 3 -> a.put("created_at", "2026-02-30T25:61:00Z");
            case 4 -> a.putArray("pull_requests").addObject().put("created_at", "soon").put("merged_at", "NaN");
            default -> a.put("change_failure", "pending");
        }
    }

    /** A number in [0, 1) drawn from the id and a purpose: the same for every answer. */
    private static double draw(String id, String purpose) {
        CRC32 crc = new CRC32();
        crc.update((purpose + ":" + id).getBytes(StandardCharsets.UTF_8));
        long h = crc.getValue() * 0x9E3779B97F4A7C15L;
        return (h >>> 11) / (double) (1L << 53);
    }
}
