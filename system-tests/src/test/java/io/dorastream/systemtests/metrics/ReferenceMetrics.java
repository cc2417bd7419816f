package io.dorastream.systemtests.metrics;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.devstack.simulator.Dataset;

/**
 * A plain, deliberately naive reference implementation of {@code docs/metrics.md}, computed from
 * the simulator's exported dataset by scanning every event for every scope. It shares no code with
 * the aggregator's {@code metrics} package: the point of the end-to-end test is that two
 * independent readings of the definitions page agree.
 */
public final class ReferenceMetrics {

    static final String CHANGE_FAILURE = "change_failure";
    static final String INCIDENT_LINK = "incident_link";

    private final List<Dep> deployments;
    private final List<Fail> failures;
    /** Deployments failed under the {@code incident_link} fallback, decided over all data. */
    private final Set<String> linkFailed;

    /** A deployment as the definitions page sees it. */
    record Dep(String id, String service, String env, String team, Instant startedAt, Instant finishedAt, Instant at,
            Boolean changeFailure, String deploymentType, Double leadTime, Double recoverySec, String remediationType) {
    }

    /** A failure (incident) as the definitions page sees it. */
    record Fail(String id, Set<String> services, Set<String> envs, Set<String> teams, Instant startedAt,
            Instant finishedAt, Double timeToRestore) {
    }

    /** A window {@code [from, to)} and filters (empty set: no filter on that dimension). */
    public record Scope(Instant from, Instant to, Set<String> services, Set<String> envs, Set<String> teams) {

        public static Scope of(Instant from, Instant to) {
            return new Scope(from, to, Set.of(), Set.of(), Set.of());
        }

        public Scope window(Instant newFrom, Instant newTo) {
            return new Scope(newFrom, newTo, services, envs, teams);
        }

        public Scope service(String s) {
            return new Scope(from, to, Set.of(s), envs, teams);
        }

        public Scope env(String e) {
            return new Scope(from, to, services, Set.of(e), teams);
        }

        public Scope team(String t) {
            return new Scope(from, to, services, envs, Set.of(t));
        }

        boolean contains(Instant i) {
            return !i.isBefore(from) && i.isBefore(to);
        }

        double days() {
            return Duration.between(from, to).toNanos() / 86_400e9;
        }
    }

    /** Every compared figure of one scope; {@code null} where the definitions say {@code null}. */
    public record Figures(long count, double perDay, long deploymentDays, double medianDaysPerWeek,
            double medianDaysPerMonth, long leadN, Double leadMedian, Double leadP75, Double leadP90, String method,
            long cfrDeployments, long cfrEvaluated, long cfrFailed, long cfrPending, Double cfrRate, List<Double> cfrCi95,
            long recoveryN,
            Double recoveryMedian, Double recoveryP90, long restoreN, long restoreOpen, Double restoreMedian,
            Double restoreP90, long reworkKnown, long rework, Double reworkRate, List<Double> reworkCi95, Double rollbackRate,
            Map<String, Long> byType) {
    }

    public ReferenceMetrics(Dataset data) {
        deployments = data.deployments().stream().map(ReferenceMetrics::deployment).toList();
        failures = data.failures().stream().map(ReferenceMetrics::failure).toList();
        linkFailed = incidentLinkVerdicts();
    }

    /** Distinct values of a deployment attribute ({@code service}, {@code env}, {@code team}), sorted. */
    public List<String> values(Function<Dep, String> attribute) {
        return deployments.stream().map(attribute).distinct().sorted().toList();
    }

    public List<String> services() {
        return values(Dep::service);
    }

    public List<String> envs() {
        return values(Dep::env);
    }

    public List<String> teams() {
        return values(Dep::team);
    }

    /** The first and the last placing instants of the deployments. */
    public Instant firstDeployment() {
        return deployments.stream().map(Dep::at).min(Comparator.naturalOrder()).orElseThrow();
    }

    public Figures compute(Scope scope) {
        List<Dep> deps = deployments.stream().filter(d -> matches(d, scope)).toList();
        List<Fail> fails = failures.stream().filter(f -> matches(f, scope)).toList();

        long count = deps.size();
        Set<LocalDate> days = new TreeSet<>();
        deps.forEach(d -> days.add(d.at().atOffset(ZoneOffset.UTC).toLocalDate()));

        List<Double> leads = deps.stream().filter(d -> d.leadTime() != null).map(Dep::leadTime).toList();

        boolean verdicts = deps.stream().anyMatch(d -> d.changeFailure() != null);
        String method = verdicts ? CHANGE_FAILURE : INCIDENT_LINK;
        List<Dep> failed = deps.stream()
                .filter(d -> verdicts ? Boolean.TRUE.equals(d.changeFailure()) : linkFailed.contains(d.id())).toList();
        long evaluated = verdicts ? deps.stream().filter(d -> d.changeFailure() != null).count() : count;
        long pending = count - evaluated;
        Double rate = evaluated == 0 ? null : (double) failed.size() / evaluated;

        List<Double> recoveries = failed.stream().filter(d -> d.recoverySec() != null).map(Dep::recoverySec).toList();

        List<Double> restores = fails.stream().filter(f -> f.finishedAt() != null)
                .map(f -> f.timeToRestore() != null ? f.timeToRestore()
                        : Duration.between(f.startedAt(), f.finishedAt()).toNanos() / 1e9)
                .toList();
        long open = fails.stream().filter(f -> f.finishedAt() == null).count();

        long known = deps.stream().filter(d -> d.deploymentType() != null).count();
        long rework = deps.stream()
                .filter(d -> "rollback".equals(d.deploymentType()) || "rollforward".equals(d.deploymentType())).count();

        Map<String, Long> byType = new TreeMap<>();
        failed.forEach(d -> byType.merge(d.remediationType() == null ? "unknown" : d.remediationType(), 1L, Long::sum));
        Double rollbackRate = !verdicts || failed.isEmpty() ? null
                : (double) byType.getOrDefault("rollback", 0L) / failed.size();

        return new Figures(count, count / scope.days(), days.size(), medianDaysPer(scope, days, true),
                medianDaysPer(scope, days, false), leads.size(), percentile(leads, 0.5), percentile(leads, 0.75),
                percentile(leads, 0.9), method, count, evaluated, failed.size(), pending, rate,
                wilson(failed.size(), evaluated), recoveries.size(),
                percentile(recoveries, 0.5), percentile(recoveries, 0.9), restores.size(), open,
                percentile(restores, 0.5), percentile(restores, 0.9), known, rework,
                known == 0 ? null : (double) rework / known, wilson(rework, known), rollbackRate, byType);
    }

    /** The 95% Wilson score interval of {@code k} out of {@code n}, clamped to [0, 1]; null when n = 0. */
    static List<Double> wilson(long k, long n) {
        if (n == 0) {
            return null;
        }
        double z = 1.959964;
        double p = (double) k / n;
        double denominator = 1 + z * z / n;
        double centre = (p + z * z / (2.0 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denominator;
        return List.of(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /**
     * The median over ISO weeks (or calendar months) lying wholly inside the window of their number
     * of deployment days; when none lies wholly inside, over every one intersecting the window.
     */
    static double medianDaysPer(Scope scope, Set<LocalDate> days, boolean weeks) {
        LocalDate first = scope.from().atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate start = weeks ? first.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                : first.withDayOfMonth(1);
        List<double[]> periods = new ArrayList<>(); // {counted days, whole ? 1 : 0}
        for (LocalDate p = start; p.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(scope.to());
                p = weeks ? p.plusWeeks(1) : p.plusMonths(1)) {
            LocalDate end = weeks ? p.plusWeeks(1) : p.plusMonths(1);
            Instant ps = p.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant pe = end.atStartOfDay(ZoneOffset.UTC).toInstant();
            boolean whole = !ps.isBefore(scope.from()) && !pe.isAfter(scope.to());
            LocalDate from = p;
            long n = days.stream().filter(d -> !d.isBefore(from) && d.isBefore(end)).count();
            periods.add(new double[] { n, whole ? 1 : 0 });
        }
        boolean anyWhole = periods.stream().anyMatch(p -> p[1] == 1);
        List<Double> values = periods.stream().filter(p -> !anyWhole || p[1] == 1).map(p -> p[0]).toList();
        Double m = percentile(values, 0.5);
        return m == null ? 0 : m;
    }

    /** Linear interpolation between closest ranks ({@code percentile_cont}); null over no values. */
    static Double percentile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> x = new ArrayList<>(values);
        x.sort(Comparator.naturalOrder());
        double h = q * (x.size() - 1);
        int lo = (int) Math.floor(h);
        if (lo + 1 >= x.size()) {
            return x.get(lo);
        }
        return x.get(lo) + (h - lo) * (x.get(lo + 1) - x.get(lo));
    }

    /**
     * The fallback's verdicts over all data: a deployment failed when a failure naming its service
     * and env starts in {@code [its finished_at, the next deployment's finished_at)} of that
     * service and env (ties by started_at, then id; the last interval open-ended).
     */
    private Set<String> incidentLinkVerdicts() {
        Map<String, List<Dep>> byServiceEnv = new HashMap<>();
        for (Dep d : deployments) {
            byServiceEnv.computeIfAbsent(d.service() + "\u0000" + d.env(), k -> new ArrayList<>()).add(d);
        }
        Set<String> failed = new HashSet<>();
        for (List<Dep> line : byServiceEnv.values()) {
            line.sort(Comparator.comparing(Dep::at).thenComparing(Dep::startedAt).thenComparing(Dep::id));
            for (int i = 0; i < line.size(); i++) {
                Dep d = line.get(i);
                Instant start = d.at();
                Instant end = i + 1 < line.size() ? line.get(i + 1).at() : null;
                boolean hit = failures.stream().anyMatch(f -> f.services().contains(d.service())
                        && f.envs().contains(d.env()) && !f.startedAt().isBefore(start)
                        && (end == null || f.startedAt().isBefore(end)));
                if (hit) {
                    failed.add(d.id());
                }
            }
        }
        return failed;
    }

    private static boolean matches(Dep d, Scope s) {
        return s.contains(d.at()) && (s.services().isEmpty() || s.services().contains(d.service()))
                && (s.envs().isEmpty() || s.envs().contains(d.env()))
                && (s.teams().isEmpty() || s.teams().contains(d.team()));
    }

    private static boolean matches(Fail f, Scope s) {
        return s.contains(f.startedAt()) && anyOf(f.services(), s.services()) && anyOf(f.envs(), s.envs())
                && anyOf(f.teams(), s.teams());
    }

    private static boolean anyOf(Set<String> values, Set<String> filter) {
        return filter.isEmpty() || values.stream().anyMatch(filter::contains);
    }

    private static Dep deployment(ObjectNode item) {
        JsonNode a = item.path("attributes");
        Instant started = instant(a, "started_at");
        Instant finished = instant(a, "finished_at");
        JsonNode cf = a.get("change_failure");
        List<Double> commitLeads = new ArrayList<>();
        a.path("commits").forEach(c -> {
            if (c.path("change_lead_time").isNumber()) {
                commitLeads.add(c.get("change_lead_time").asDouble());
            }
        });
        Double lead = null;
        if (!commitLeads.isEmpty()) {
            lead = commitLeads.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        } else if (a.path("change_lead_time").isNumber()) {
            lead = a.get("change_lead_time").asDouble();
        }
        return new Dep(item.path("id").asText(), text(a, "service"), text(a, "env"), text(a, "team"), started, finished,
                finished != null ? finished : started, cf == null || cf.isNull() ? null : cf.asBoolean(),
                text(a, "deployment_type"), lead,
                a.path("recovery_time_sec").isNumber() ? a.get("recovery_time_sec").asDouble() : null,
                text(a.path("remediation"), "type"));
    }

    private static Fail failure(ObjectNode item) {
        JsonNode a = item.path("attributes");
        return new Fail(item.path("id").asText(), set(a.get("services")), set(a.get("env")), set(a.get("team")),
                instant(a, "started_at"), instant(a, "finished_at"),
                a.path("time_to_restore").isNumber() ? a.get("time_to_restore").asDouble() : null);
    }

    /** A string or an array of strings as a set (absent or null: empty). */
    private static Set<String> set(JsonNode n) {
        Set<String> out = new HashSet<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(v -> out.add(v.asText()));
        } else {
            out.add(n.asText());
        }
        return out;
    }

    private static String text(JsonNode a, String field) {
        JsonNode v = a.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant instant(JsonNode a, String field) {
        String v = text(a, field);
        return v == null ? null : OffsetDateTime.parse(v).toInstant();
    }
}
