package io.dorastream.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.events.Deployment;
import io.dorastream.events.DoraJson;
import io.dorastream.events.EventEnvelope;
import io.dorastream.events.Incident;

/**
 * A synthetic organisation's events as the connector would publish them, generated deterministically one by one
 * (never all held in memory): deployment {@code i} and failure {@code j} depend only on the seed and their index,
 * so a prefix of the deployments is an evenly spread sample of the whole span (the growth benchmark fills the
 * topics step by step), and the same rows can be produced again for a reference.
 *
 * @param updateShare    share of deployments that get a second version (their verdict changes)
 * @param tombstoneShare share of deployments deleted afterwards (a tombstone follows their last version)
 */
record Synthetic(UUID connectionId, long seed, int services, int envs, int months, double updateShare,
        double tombstoneShare, Instant end) {

    static final String SITE = "datadoghq.com";
    private static final ObjectMapper JSON = DoraJson.mapper();
    private static final long DAY = 86_400;

    /** The first instant of the span the events lie in (at most 730 days: one query window covers it). */
    Instant start() {
        return end.minus(Duration.ofDays(Math.min(730, Math.round(months * 30.4))));
    }

    String service(int n) {
        return String.format("svc-%03d", n);
    }

    String env(int n) {
        return n == 0 ? "production" : "env-" + n;
    }

    /** One version of one event, or a tombstone ({@code envelope} null); {@code rawBytes} the size of its Datadog JSON. */
    record Version(String eventId, long version, EventEnvelope<?> envelope, int rawBytes) {
        boolean tombstone() {
            return envelope == null;
        }
    }

    /** Every version of deployment {@code i}, in order: the first, maybe an update, maybe a tombstone. */
    List<Version> deployment(long i) {
        Random r = new Random(seed * 1_000_003L + i);
        int service = r.nextInt(services);
        int env = r.nextInt(envs);
        long span = Duration.between(start(), end).toSeconds() - DAY;
        Instant started = start().plusSeconds((long) (r.nextDouble() * span));
        Instant finished = started.plusSeconds(60 + r.nextInt(1800));
        double verdict = r.nextDouble();
        Boolean failed = verdict < 0.12 ? Boolean.TRUE : verdict < 0.92 ? Boolean.FALSE : null;
        double lead = 3600 * Math.exp(r.nextGaussian() * 1.2 + 1);
        long recovery = 600 + r.nextInt(86_400);
        boolean update = r.nextDouble() < updateShare;
        boolean tombstone = r.nextDouble() < tombstoneShare;
        String id = "d" + Long.toHexString(seed) + "-" + i;
        String team = "team-" + (service % 10);
        String serviceName = service(service);
        String envName = env(env);
        Version first = deploymentVersion(id, 1, serviceName, envName, team, started, finished, failed, lead, recovery);
        if (!update && !tombstone) {
            return List.of(first);
        }
        if (!update) {
            return List.of(first, new Version(id, 2, null, 0));
        }
        Boolean settled = failed == null ? Boolean.valueOf(r.nextDouble() < 0.12) : Boolean.valueOf(!failed);
        Version second = deploymentVersion(id, 2, serviceName, envName, team, started, finished, settled, lead, recovery);
        return tombstone ? List.of(first, second, new Version(id, 3, null, 0)) : List.of(first, second);
    }

    private Version deploymentVersion(String id, long version, String service, String env, String team, Instant started,
            Instant finished, Boolean failed, double lead, long recovery) {
        ObjectNode raw = JSON.createObjectNode();
        raw.put("service", service).put("env", env).put("team", team).put("version", "v" + version)
                .put("started_at", started.toString()).put("finished_at", finished.toString())
                .put("change_lead_time", lead).put("deployment_type", "standard");
        if (failed != null) {
            raw.put("change_failure", failed);
        } else {
            raw.putNull("change_failure");
        }
        Long recoverySec = Boolean.TRUE.equals(failed) ? recovery : null;
        if (recoverySec != null) {
            raw.put("recovery_time_sec", recoverySec);
        }
        raw.putObject("git").put("commit_sha", Long.toHexString(id.hashCode() * 31L + version))
                .put("repository_id", "github.com/acme/" + service);
        Deployment d = new Deployment(service, env, team, "v" + version, started, finished, List.of(),
                new Deployment.Git(raw.path("git").path("commit_sha").asText(), "github.com/acme/" + service), failed,
                recoverySec, null, "standard", List.of(), List.of(), null, null,
                (double) Duration.between(started, finished).toSeconds(), null, started, lead);
        return new Version(id, version, new EventEnvelope<>(id, connectionId, SITE, finished, version,
                EventEnvelope.SCHEMA_VERSION, d, raw), rawSize(raw));
    }

    /** Failure {@code j} (one version; 90% of them restored). */
    Version failure(long j) {
        Random r = new Random(~seed * 1_000_033L + j);
        String service = service(r.nextInt(services));
        String env = env(r.nextInt(envs));
        long span = Duration.between(start(), end).toSeconds() - DAY;
        Instant started = start().plusSeconds((long) (r.nextDouble() * span));
        Long restore = r.nextDouble() < 0.9 ? Long.valueOf(300 + r.nextInt(20_000)) : null;
        Instant finished = restore == null ? null : started.plusSeconds(restore);
        String id = "f" + Long.toHexString(seed) + "-" + j;
        ObjectNode raw = JSON.createObjectNode();
        raw.put("name", "incident " + j).put("severity", "SEV-" + (1 + r.nextInt(4)));
        raw.putArray("services").add(service);
        raw.put("env", env).put("started_at", started.toString());
        if (finished != null) {
            raw.put("finished_at", finished.toString());
        }
        Incident incident = new Incident("incident " + j, raw.path("severity").asText(), List.of(service), List.of(env),
                List.of(), null, started, finished, restore, List.of(), null);
        return new Version(id, 1, new EventEnvelope<>(id, connectionId, SITE, started, 1, EventEnvelope.SCHEMA_VERSION,
                incident, raw), rawSize(raw));
    }

    private static int rawSize(ObjectNode raw) {
        try {
            return JSON.writeValueAsBytes(raw).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
