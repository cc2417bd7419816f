package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Changes the served data the way Datadog's changes after the fact, deterministically: the same
 * seed, data and clock give the same mutations.
 *
 * <p>Each mutation is one of (weights 4:3:2:1 among those possible):
 * <ul>
 *   <li>{@link Mutation.Kind#EVALUATED}: a pending deployment ({@code change_failure: null}) gets
 *       its verdict: failed with remediation and recovery time when the next deployment of its
 *       service and env is a rollback or rollforward, else stable (85%) or failed without
 *       remediation. Data without verdict attributes stays without;</li>
 *   <li>{@link Mutation.Kind#RESOLVED}: an open failure gets a {@code finished_at} (not after now);</li>
 *   <li>{@link Mutation.Kind#LATE_INSERTED}: a deployment (70%) or failure that started between
 *       1 hour and 7 days ago arrives;</li>
 *   <li>{@link Mutation.Kind#DELETED}: a failure, or a deployment no remediation refers to, is deleted.</li>
 * </ul>
 */
public final class Mutator {

    private static final long MINUTE = 60;
    private static final long HOUR = 3600;

    private final EventStore store;
    private final SimClock clock;
    private final Random random;

    Mutator(EventStore store, SimClock clock, long seed) {
        this.store = store;
        this.clock = clock;
        this.random = new Random(seed);
    }

    /** Applies {@code count} mutations and describes them, in order. */
    public List<Mutation> apply(int count) {
        return apply(count, Instant.MIN);
    }

    /**
     * Applies {@code count} mutations to events started at or after {@code startedFrom} only (a late
     * insert is recent anyway), and describes them, in order: for a harness whose reader, by design,
     * does not read older events again.
     */
    public List<Mutation> apply(int count, Instant startedFrom) {
        List<Mutation> mutations = new ArrayList<>();
        synchronized (store) {
            synchronized (this) {
                for (int i = 0; i < count; i++) {
                    mutations.add(applyOne(clock.now(), startedFrom));
                }
            }
        }
        return mutations;
    }

    private Mutation applyOne(Instant now, Instant startedFrom) {
        List<EventStore.Stored> all = store.visible(EventStream.DEPLOYMENTS, now);
        List<EventStore.Stored> deployments = all.stream().filter(e -> !e.startedAt().isBefore(startedFrom)).toList();
        List<EventStore.Stored> failures = store.visible(EventStream.FAILURES, now).stream()
                .filter(e -> !e.startedAt().isBefore(startedFrom)).toList();
        List<EventStore.Stored> pending = deployments.stream()
                .filter(d -> d.attributes().has("change_failure") && d.attributes().get("change_failure").isNull())
                .toList();
        List<EventStore.Stored> open = failures.stream().filter(f -> f.finishedAt() == null).toList();
        Set<String> remediations = new HashSet<>();
        all.forEach(d -> Optional.ofNullable(Json.string(d.attributes().path("remediation"), "id"))
                .ifPresent(remediations::add));
        List<EventStore.Stored> deletableDeployments = deployments.stream()
                .filter(d -> !remediations.contains(d.id())).toList();

        int evaluate = pending.isEmpty() ? 0 : 4;
        int resolve = open.isEmpty() ? 0 : 3;
        int lateInsert = 2;
        int delete = deletableDeployments.isEmpty() && failures.isEmpty() ? 0 : 1;
        int draw = random.nextInt(evaluate + resolve + lateInsert + delete);
        if (draw < evaluate) {
            return evaluate(pick(pending), deployments);
        }
        draw -= evaluate;
        if (draw < resolve) {
            return resolve(pick(open), now);
        }
        draw -= resolve;
        if (draw < lateInsert) {
            return lateInsert(deployments, now);
        }
        return delete(deletableDeployments, failures);
    }

    private Mutation evaluate(EventStore.Stored deployment, List<EventStore.Stored> deployments) {
        Optional<EventStore.Stored> next = deployments.stream()
                .filter(d -> d.sameServiceAndEnv(deployment))
                .filter(d -> d.startedAt().isAfter(deployment.startedAt()))
                .min(Comparator.comparing(EventStore.Stored::startedAt));
        String nextType = next.map(d -> d.attribute("deployment_type")).orElse(null);
        boolean remediated = Verdicts.ROLLBACK.equals(nextType) || Verdicts.ROLLFORWARD.equals(nextType);
        boolean failed = remediated || random.nextDouble() < 0.15;
        store.update(EventStream.DEPLOYMENTS, deployment.id(), item -> {
            ObjectNode attributes = (ObjectNode) item.get("attributes");
            if (remediated) {
                Verdicts.markFailed(attributes, Verdicts.remediation(next.get().id(), nextType),
                        deployment.finishedAt(), next.get().finishedAt());
            } else if (failed) {
                Verdicts.markFailed(attributes, null, deployment.finishedAt(), null);
            } else {
                Verdicts.markStable(attributes);
            }
        });
        return new Mutation(Mutation.Kind.EVALUATED, EventStream.DEPLOYMENTS, deployment.id());
    }

    private Mutation resolve(EventStore.Stored failure, Instant now) {
        Instant end = failure.startedAt().plus(EventFactory.seconds(random, 10 * MINUTE, 6 * HOUR));
        Instant finished = end.isAfter(now) ? (now.isAfter(failure.startedAt()) ? now : failure.startedAt()) : end;
        store.update(EventStream.FAILURES, failure.id(),
                item -> ((ObjectNode) item.get("attributes")).put("finished_at", Timestamps.format(finished)));
        return new Mutation(Mutation.Kind.RESOLVED, EventStream.FAILURES, failure.id());
    }

    private Mutation lateInsert(List<EventStore.Stored> deployments, Instant now) {
        Optional<ObjectNode> template = deployments.isEmpty() ? Optional.empty()
                : Optional.of(pick(deployments).attributes());
        String service = template.map(t -> Json.string(t, "service")).orElse(EventFactory.serviceName(0));
        String env = template.map(t -> Json.string(t, "env")).orElse(EventFactory.envName(0));
        String team = template.map(t -> Json.string(t, "team")).orElse(EventFactory.teamName(0));
        Instant started = now.truncatedTo(ChronoUnit.SECONDS).minusSeconds(HOUR)
                .minus(EventFactory.seconds(random, 0, 7 * 24 * HOUR));
        if (random.nextDouble() < 0.7) {
            return lateDeployment(template, service, env, team, started, deployments);
        }
        Instant end = started.plus(EventFactory.seconds(random, 30 * MINUTE, 4 * HOUR));
        String id = EventFactory.failureId(random, false);
        store.put(EventStream.FAILURES, new EventFactory.FailureDraft(id, EventFactory.incidentName(random, service),
                EventFactory.severity(random), List.of(service), env, team, null, started,
                random.nextBoolean() && !end.isAfter(now) ? end : null,
                List.of("incident_type:" + EventFactory.incidentType(random)), false).toItem());
        return new Mutation(Mutation.Kind.LATE_INSERTED, EventStream.FAILURES, id);
    }

    private Mutation lateDeployment(Optional<ObjectNode> template, String service, String env, String team,
                                    Instant started, List<EventStore.Stored> deployments) {
        String repository = template.map(t -> Json.string(t.path("git"), "repository_id"))
                .orElse("github.com/acme/" + service);
        List<String> tags = new ArrayList<>();
        template.map(t -> t.get("custom_tags")).filter(JsonNode::isArray).ifPresent(a -> a.forEach(t -> tags.add(t.asText())));
        String version = template.map(t -> Json.string(t, "version")).orElse("v1.0.0");
        List<EventFactory.Commit> commits = EventFactory.commits(random, 1 + random.nextInt(3),
                started.minusSeconds(48 * HOUR), started.minusSeconds(10 * MINUTE));
        boolean withVerdicts = deployments.stream().anyMatch(d -> d.attributes().has("change_failure"));
        String id = EventFactory.deploymentId(random, service, false);
        Instant start = started;
        while (true) {
            EventFactory.DeploymentDraft draft = new EventFactory.DeploymentDraft(id, service, env, team, version,
                    EventFactory.STANDARD, start, start.plus(EventFactory.seconds(random, 30, 15 * MINUTE)), tags,
                    repository, commits.get(commits.size() - 1).sha(), commits);
            ObjectNode item = draft.toItem();
            if (withVerdicts) {
                Verdicts.markPending((ObjectNode) item.get("attributes"));
            }
            if (store.putDeployment(item).isEmpty()) {
                return new Mutation(Mutation.Kind.LATE_INSERTED, EventStream.DEPLOYMENTS, id);
            }
            start = start.plusSeconds(1);
        }
    }

    private Mutation delete(List<EventStore.Stored> deployments, List<EventStore.Stored> failures) {
        int index = random.nextInt(deployments.size() + failures.size());
        boolean deployment = index < deployments.size();
        EventStore.Stored victim = deployment ? deployments.get(index) : failures.get(index - deployments.size());
        EventStream stream = deployment ? EventStream.DEPLOYMENTS : EventStream.FAILURES;
        store.remove(stream, victim.id());
        return new Mutation(Mutation.Kind.DELETED, stream, victim.id());
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
