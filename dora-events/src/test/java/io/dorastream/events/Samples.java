package io.dorastream.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Envelopes for tests: full ones (every field set) and sparse ones (every nullable field null). */
public final class Samples {

    public static final UUID CONNECTION = UUID.fromString("0b6f3c9e-8d2a-4f1e-9c37-2a5d8e1f4b60");
    public static final String SITE = "datadoghq.eu";
    public static final Instant OBSERVED = Instant.parse("2026-03-01T12:00:05.123Z");

    private Samples() {
    }

    public static Deployment fullDeployment() {
        return new Deployment(
                "shopist", "production", "backend", "v1.12.07",
                Instant.parse("2026-02-28T14:26:14Z"), Instant.parse("2026-02-28T14:26:24Z"),
                List.of("language:java", "tier:1"),
                new Deployment.Git("66adc9350f2cc9b250b69abddab733dd55e1a588", "github.com/org/repo"),
                true, 3600L,
                new Deployment.Remediation("abc:def:123", "v1.12.08", "rollback"),
                "standard",
                List.of(new Deployment.Commit("66adc93", Instant.parse("2026-02-28T10:00:00Z"),
                        new Deployment.Author(null, "4f2a...hashed", false), "Fix the cart", "https://github.com/org/repo/commit/66adc93",
                        15_854.5, 120.0)),
                List.of(new Deployment.PullRequest(Instant.parse("2026-02-27T09:00:00Z"), Instant.parse("2026-02-28T09:30:00Z"), true)),
                1, 1, 10.0, "ci", Instant.parse("2026-02-28T14:26:25Z"), 15_854.5);
    }

    public static Deployment sparseDeployment() {
        return new Deployment("shopist", null, null, null, Instant.parse("2026-02-28T14:26:14Z"), null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public static Incident fullIncident() {
        return new Incident("Checkout down", "SEV-1", List.of("shopist", "checkout"), List.of("production"),
                List.of("backend"), "v1.12.07", Instant.parse("2026-02-28T15:00:00Z"), Instant.parse("2026-02-28T16:30:00Z"),
                5400L, List.of("customer:acme"), new Deployment.Git("66adc93", "github.com/org/repo"));
    }

    public static Incident sparseIncident() {
        return new Incident(null, null, null, null, null, null, null, null, null, null, null);
    }

    public static ObjectNode rawDeployment() {
        ObjectNode raw = DoraJson.mapper().createObjectNode();
        raw.put("service", "shopist").put("env", "production").put("started_at", "2026-02-28T14:26:14Z")
                .put("change_failure", true).put("unknown_future_attribute", 42);
        raw.putObject("git").put("commit_sha", "66adc93").put("repository_id", "github.com/org/repo");
        return raw;
    }

    public static ObjectNode rawIncident() {
        ObjectNode raw = DoraJson.mapper().createObjectNode();
        raw.put("name", "Checkout down").put("severity", "SEV-1").put("started_at", 1772290800000000000L);
        raw.putArray("services").add("shopist").add("checkout");
        return raw;
    }

    public static EventEnvelope<Deployment> deployment(String eventId, long version, Deployment event) {
        return new EventEnvelope<>(eventId, CONNECTION, SITE, OBSERVED, version, EventEnvelope.SCHEMA_VERSION, event,
                rawDeployment());
    }

    public static EventEnvelope<Incident> incident(String eventId, long version, Incident event) {
        return new EventEnvelope<>(eventId, CONNECTION, SITE, OBSERVED, version, EventEnvelope.SCHEMA_VERSION, event,
                rawIncident());
    }

    public static SyncWatermark watermark(Stream stream) {
        return new SyncWatermark(CONNECTION, stream.id(), Instant.parse("2026-03-01T11:55:00Z"), OBSERVED,
                SyncWatermark.SCHEMA_VERSION, java.util.Map.of(0, 42L, 2, 7L));
    }
}
