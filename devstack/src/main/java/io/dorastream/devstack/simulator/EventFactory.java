package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/** Realistic names, ids, commits and event items, shared by the generator and the mutator. */
final class EventFactory {

    static final String STANDARD = "standard";

    private static final List<String> SERVICES = List.of("checkout", "payments", "catalog", "search", "accounts",
            "shipping", "inventory", "notifications", "recommendations", "gateway", "pricing", "reviews");
    private static final List<String> TEAMS = List.of("backend", "platform", "payments", "frontend", "data", "mobile");
    private static final List<String> ENVS = List.of("production", "staging", "qa", "dev", "sandbox");
    private static final List<String> LANGUAGES = List.of("java", "go", "python", "kotlin", "typescript");
    private static final List<String> AUTHORS = List.of("Alice Martin", "Bruno Costa", "Chen Wei", "Dana Okafor",
            "Emil Novak", "Farah Haddad", "Gustavo Lima", "Hana Sato", "Ivan Petrov", "Julia Schmidt");
    private static final List<String> BOTS = List.of("dependabot[bot]", "renovate[bot]");
    private static final List<String> VERBS = List.of("Fix", "Add", "Refactor", "Improve", "Remove", "Update");
    private static final List<String> SUBJECTS = List.of("retry on timeout", "null check in handler",
            "metrics for queue depth", "pagination of results", "cache invalidation", "input validation",
            "feature flag for new flow", "logging of request ids", "connection pool sizing", "error messages");
    private static final List<String> INCIDENTS = List.of("%s error rate above SLO", "%s p99 latency spike",
            "Database connection pool exhausted on %s", "%s returning 5xx after deploy", "Elevated timeouts calling %s",
            "%s queue backlog growing");
    private static final List<String> INCIDENT_TYPES = List.of("availability", "latency", "database", "dependency");

    private EventFactory() {
    }

    /** The {@code index}-th name of a list, suffixed {@code -2}, {@code -3}… once the list is exhausted. */
    static String serviceName(int index) {
        return nth(SERVICES, index);
    }

    static String teamName(int index) {
        return nth(TEAMS, index);
    }

    static String envName(int index) {
        return nth(ENVS, index);
    }

    static String language(int index) {
        return LANGUAGES.get(index % LANGUAGES.size());
    }

    private static String nth(List<String> names, int index) {
        String base = names.get(index % names.size());
        return index < names.size() ? base : base + "-" + (index / names.size() + 1);
    }

    /** 16 hex characters like Datadog's own, or (with {@code colon}) a caller-style id containing colons. */
    static String deploymentId(Random random, String service, boolean colon) {
        String hex = HexFormat.of().toHexDigits(random.nextLong());
        return colon ? "deploy:" + service + ":" + hex.substring(0, 12) : hex;
    }

    /** A version-4 UUID like Datadog's own, or (with {@code colon}) a caller-style id containing colons. */
    static String failureId(Random random, boolean colon) {
        if (colon) {
            return "incident:pagerduty:" + HexFormat.of().toHexDigits(random.nextLong()).substring(0, 10).toUpperCase(Locale.ROOT);
        }
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }

    static String sha(Random random) {
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextInt());
    }

    /** A uniformly drawn instant in {@code [from, from + span)} (whole seconds). */
    static Instant between(Random random, Instant from, Duration span) {
        long seconds = Math.max(1, span.toSeconds());
        return from.plusSeconds((long) (random.nextDouble() * seconds));
    }

    static Duration seconds(Random random, long min, long max) {
        return Duration.ofSeconds(min + (long) (random.nextDouble() * (max - min)));
    }

    /** A commit's author. */
    record Author(String email, String canonicalEmail, boolean bot) {
    }

    /** A commit shipped by a deployment. */
    record Commit(String sha, Instant timestamp, Author author, String message) {

        /** The commit as listed on a deployment, with lead times relative to that deployment. */
        ObjectNode toJson(String repositoryId, Instant deploymentStarted, Instant deploymentFinished) {
            ObjectNode json = Json.object();
            json.put("sha", sha);
            json.put("timestamp", Timestamps.format(timestamp));
            json.putObject("author")
                    .put("email", author.email())
                    .put("canonical_email", author.canonicalEmail())
                    .put("is_bot", author.bot());
            json.put("message", message);
            json.put("html_url", "https://" + repositoryId + "/commit/" + sha);
            json.put("change_lead_time", Duration.between(timestamp, deploymentFinished).toSeconds());
            json.put("time_to_deploy", Duration.between(timestamp, deploymentStarted).toSeconds());
            return json;
        }
    }

    /** {@code count} commits at increasing times within {@code [from, to)}, oldest first. */
    static List<Commit> commits(Random random, int count, Instant from, Instant to) {
        Duration span = Duration.between(from, to);
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            times.add(between(random, from, span));
        }
        times.sort(null);
        List<Commit> commits = new ArrayList<>();
        for (Instant time : times) {
            commits.add(new Commit(sha(random), time, author(random), message(random)));
        }
        return commits;
    }

    private static Author author(Random random) {
        if (random.nextDouble() < 0.12) {
            String bot = BOTS.get(random.nextInt(BOTS.size()));
            String email = bot + "@users.noreply.github.com";
            return new Author(email, email, true);
        }
        String name = AUTHORS.get(random.nextInt(AUTHORS.size()));
        String canonical = name.toLowerCase(Locale.ROOT).replace(' ', '.') + "@acme.example";
        String email = random.nextDouble() < 0.3 ? name.replace(' ', '.') + "@Acme.example" : canonical;
        return new Author(email, canonical, false);
    }

    private static String message(Random random) {
        return VERBS.get(random.nextInt(VERBS.size())) + " " + SUBJECTS.get(random.nextInt(SUBJECTS.size()));
    }

    static String incidentName(Random random, String service) {
        return String.format(Locale.ROOT, INCIDENTS.get(random.nextInt(INCIDENTS.size())), service);
    }

    static String incidentType(Random random) {
        return INCIDENT_TYPES.get(random.nextInt(INCIDENT_TYPES.size()));
    }

    /** SEV-1 … SEV-4, now and then a free-text severity as some tools send. */
    static String severity(Random random) {
        double draw = random.nextDouble();
        if (draw < 0.05) {
            return "SEV-1";
        } else if (draw < 0.25) {
            return "SEV-2";
        } else if (draw < 0.70) {
            return "SEV-3";
        } else if (draw < 0.95) {
            return "SEV-4";
        }
        return "High";
    }

    /**
     * A deployment before its verdict.
     *
     * @param id             event id
     * @param service        service
     * @param env            environment
     * @param team           owning team
     * @param version        deployed version
     * @param type           {@code standard}, {@code rollback} or {@code rollforward}
     * @param started        start
     * @param finished       end
     * @param customTags     {@code key:value} tags
     * @param repositoryId   e.g. {@code github.com/acme/checkout}
     * @param headSha        the deployed commit
     * @param commits        commits shipped, oldest first
     */
    record DeploymentDraft(String id, String service, String env, String team, String version, String type,
                           Instant started, Instant finished, List<String> customTags, String repositoryId,
                           String headSha, List<Commit> commits) {

        ObjectNode toItem() {
            ObjectNode item = Json.object();
            item.put("id", id);
            item.put("type", EventStream.DEPLOYMENTS.itemType());
            ObjectNode a = item.putObject("attributes");
            a.put("service", service);
            a.put("started_at", Timestamps.format(started));
            a.put("finished_at", Timestamps.format(finished));
            a.put("env", env);
            a.put("team", team);
            a.put("version", version);
            ArrayNode tags = a.putArray("custom_tags");
            customTags.forEach(tags::add);
            a.putObject("git").put("commit_sha", headSha).put("repository_id", repositoryId);
            a.put("deployment_type", type);
            a.put("number_of_commits", commits.size());
            ArrayNode list = a.putArray("commits");
            commits.forEach(c -> list.add(c.toJson(repositoryId, started, finished)));
            return item;
        }
    }

    /**
     * A failure (incident).
     *
     * @param id          event id
     * @param name        title
     * @param severity    severity
     * @param services    impacted services
     * @param env         environment
     * @param team        owning team
     * @param version     version involved, or {@code null}
     * @param started     start
     * @param finished    resolution, or {@code null} while open
     * @param customTags  {@code key:value} tags
     * @param withRestore whether a resolved failure states {@code time_to_restore}
     */
    record FailureDraft(String id, String name, String severity, List<String> services, String env, String team,
                        String version, Instant started, Instant finished, List<String> customTags,
                        boolean withRestore) {

        ObjectNode toItem() {
            ObjectNode item = Json.object();
            item.put("id", id);
            item.put("type", EventStream.FAILURES.itemType());
            ObjectNode a = item.putObject("attributes");
            a.put("name", name);
            a.put("severity", severity);
            ArrayNode list = a.putArray("services");
            services.forEach(list::add);
            a.put("env", env);
            a.put("team", team);
            if (version != null) {
                a.put("version", version);
            }
            a.put("started_at", Timestamps.format(started));
            if (finished != null) {
                a.put("finished_at", Timestamps.format(finished));
                if (withRestore) {
                    a.put("time_to_restore", Duration.between(started, finished).toSeconds());
                }
            }
            ArrayNode tags = a.putArray("custom_tags");
            customTags.forEach(tags::add);
            return item;
        }
    }
}
