package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generates realistic DORA data, deterministically: the same {@link DatasetSpec} and the same
 * {@code now} give the same {@link Dataset}, byte for byte.
 *
 * <p>Each service has a team, a repository and a cadence (several a day, daily, every few
 * days, weekly or monthly; working hours on weekdays). Each release is deployed to the other
 * environments first, then to {@code production}, with the commits made since the previous
 * release ({@code change_lead_time} = deployment end − commit time, {@code time_to_deploy} =
 * deployment start − commit time). Some deployments fail: they are remediated by the very next
 * deployment of the same service and environment, a {@code rollback} (redeploying the previous
 * version) or a {@code rollforward} (a patch release), and carry {@code change_failure: true},
 * {@code remediation {id, type}} and {@code recovery_time_sec} (one in ten names no
 * remediation, as when marked by hand); most failed production
 * deployments open an incident shortly after. Recent deployments are often still pending
 * ({@code change_failure: null}). Two deployments of one service never share a second.
 */
public final class DatasetGenerator {

    private static final List<Duration> CADENCES = List.of(Duration.ofHours(3), Duration.ofDays(1),
            Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(30), Duration.ofHours(8));
    /** Share of failed deployments marked by hand, without naming their remediation. */
    private static final double UNLINKED_SHARE = 0.1;
    private static final LocalTime WORK_START = LocalTime.of(7, 0);
    private static final int WORK_END_HOUR = 19;
    private static final long MINUTE = 60;
    private static final long HOUR = 3600;
    private static final long DAY = 24 * HOUR;

    private DatasetGenerator() {
    }

    /** A dataset reaching {@code spec.monthsBack()} months back from {@code now}. */
    public static Dataset generate(DatasetSpec spec, Instant now) {
        return new Run(spec, now.truncatedTo(ChronoUnit.SECONDS)).generate();
    }

    /** Start of the dense hour of a dataset generated at {@code now}: the whole hour 48 hours earlier. */
    public static Instant denseHourStart(Instant now) {
        return now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(48));
    }

    private record Service(String name, String team, String repository, List<String> tags, Duration cadence,
                           double failureRate) {
    }

    /** One release: when each environment deploys it (index 0 is production). */
    private record Release(List<Instant> envStarts, boolean dense) {
    }

    private record Remediation(String id, String type, Instant finished, ObjectNode item) {
    }

    /** The state of one generation. */
    private static final class Run {
        private final DatasetSpec spec;
        private final Instant now;
        private final Instant start;
        private final Random random;
        private final List<Service> services = new ArrayList<>();
        private final Map<String, Set<Long>> usedSeconds = new HashMap<>();
        private final List<ObjectNode> deployments = new ArrayList<>();
        private final List<ObjectNode> failures = new ArrayList<>();

        Run(DatasetSpec spec, Instant now) {
            this.spec = spec;
            this.now = now;
            this.start = now.atOffset(ZoneOffset.UTC).minusMonths(spec.monthsBack()).toInstant();
            this.random = new Random(spec.seed());
        }

        Dataset generate() {
            for (int i = 0; i < spec.services(); i++) {
                String name = EventFactory.serviceName(i);
                services.add(new Service(name, EventFactory.teamName(i % spec.teams()), "github.com/acme/" + name,
                        List.of("language:" + EventFactory.language(i), "tier:" + (i % 3 == 0 ? "critical" : "standard")),
                        CADENCES.get(i % CADENCES.size()), 0.04 + random.nextDouble() * 0.18));
            }
            Map<String, List<Instant>> dense = reserveDenseHour();
            for (Service service : services) {
                generateService(service, dense.getOrDefault(service.name(), List.of()));
            }
            standaloneIncidents();
            return new Dataset(byStartThenId(deployments), byStartThenId(failures));
        }

        private static List<ObjectNode> byStartThenId(List<ObjectNode> items) {
            record Keyed(Instant started, String id, ObjectNode item) {
            }
            return items.stream()
                    .map(i -> new Keyed(Instant.parse(i.get("attributes").get("started_at").asText()), i.get("id").asText(), i))
                    .sorted(Comparator.comparing(Keyed::started).thenComparing(Keyed::id))
                    .map(Keyed::item)
                    .toList();
        }

        /** Crowds deployments of many services into one hour, groups of up to three sharing a second. */
        private Map<String, List<Instant>> reserveDenseHour() {
            Map<String, List<Instant>> dense = new HashMap<>();
            int count = spec.denseHourDeployments();
            if (count == 0) {
                return dense;
            }
            Instant hour = denseHourStart(now);
            int perSecond = Math.min(3, services.size());
            long spacing = HOUR / ((count + perSecond - 1) / perSecond);
            for (int i = 0; i < count; i++) {
                Service service = services.get(i % services.size());
                Instant time = reserve(service.name(), hour.plusSeconds(i / perSecond * spacing));
                dense.computeIfAbsent(service.name(), s -> new ArrayList<>()).add(time);
            }
            return dense;
        }

        private void generateService(Service service, List<Instant> denseTimes) {
            List<Release> releases = new ArrayList<>();
            Instant time = start.plusSeconds((long) (random.nextDouble() * service.cadence().toSeconds()));
            while (true) {
                time = workingHours(time);
                if (!time.isBefore(now)) {
                    break;
                }
                releases.add(new Release(envStarts(time, service.cadence()), false));
                time = time.plusSeconds((long) (service.cadence().toSeconds() * (0.5 + random.nextDouble())));
            }
            denseTimes.forEach(t -> releases.add(new Release(List.of(t), true)));
            releases.sort(Comparator.comparing(r -> r.envStarts().get(0)));

            int minor = random.nextInt(20);
            Map<Integer, String> previousVersions = new HashMap<>();
            Instant previousEarliest = null;
            Map<String, String> headByVersion = new HashMap<>();
            for (int i = 0; i < releases.size(); i++) {
                Release release = releases.get(i);
                String version = "v1." + ++minor + ".0";
                Instant earliest = release.envStarts().stream().min(Comparator.naturalOrder()).orElseThrow();
                Instant commitTo = earliest.minusSeconds(5 * MINUTE + (long) (random.nextDouble() * 25 * MINUTE));
                Instant commitFrom = previousEarliest != null && previousEarliest.isBefore(commitTo)
                        ? previousEarliest : commitTo.minusSeconds(3 * DAY);
                List<EventFactory.Commit> commits = EventFactory.commits(random,
                        1 + random.nextInt(release.dense() ? 2 : 6), commitFrom, commitTo);
                String head = commits.get(commits.size() - 1).sha();
                headByVersion.put(version, head);
                for (int env = 0; env < release.envStarts().size(); env++) {
                    EventFactory.DeploymentDraft draft = deploy(service, release, env, version, head, commits);
                    if (draft != null) {
                        conclude(service, draft, release.dense(), previousVersions.get(env), headByVersion,
                                nextStart(releases, i, env));
                    }
                    previousVersions.put(env, version);
                }
                previousEarliest = earliest;
            }
        }

        /**
         * Production at {@code production}, each further environment 2–10% of the cadence before
         * the previous one: at most 40% of the cadence in all, less than the shortest gap between
         * releases (half the cadence), so each environment sees the releases in order.
         */
        private List<Instant> envStarts(Instant production, Duration cadence) {
            List<Instant> starts = new ArrayList<>(List.of(production));
            for (int env = 1; env < spec.environments(); env++) {
                long offset = (long) (cadence.toSeconds() * (0.02 + random.nextDouble() * 0.08));
                starts.add(starts.get(env - 1).minusSeconds(offset));
            }
            return starts;
        }

        private static Instant nextStart(List<Release> releases, int index, int env) {
            for (int j = index + 1; j < releases.size(); j++) {
                if (releases.get(j).envStarts().size() > env) {
                    return releases.get(j).envStarts().get(env);
                }
            }
            return null;
        }

        /** The deployment of a release to one environment, or {@code null} when it falls outside the data's span. */
        private EventFactory.DeploymentDraft deploy(Service service, Release release, int env, String version,
                                                    String head, List<EventFactory.Commit> commits) {
            Instant planned = release.envStarts().get(env);
            Instant started = release.dense() ? planned : reserve(service.name(), planned);
            Instant finished = started.plus(release.dense() ? EventFactory.seconds(random, 20, 120)
                    : EventFactory.seconds(random, 30, 15 * MINUTE));
            if (started.isBefore(start) || finished.isAfter(now)) {
                return null;
            }
            return new EventFactory.DeploymentDraft(deploymentId(service), service.name(), EventFactory.envName(env),
                    service.team(), version, EventFactory.STANDARD, started, finished, service.tags(),
                    service.repository(), head, commits);
        }

        /** Decides the deployment's fate (dense-hour ones never fail), adds it, its remediation and its incident. */
        private void conclude(Service service, EventFactory.DeploymentDraft draft, boolean dense,
                              String previousVersion, Map<String, String> headByVersion, Instant nextStart) {
            boolean failed = !dense && random.nextDouble() < service.failureRate();
            Remediation remediation = failed ? remediate(service, draft, previousVersion, headByVersion, nextStart) : null;
            boolean linked = remediation != null && random.nextDouble() >= UNLINKED_SHARE;
            ObjectNode item = draft.toItem();
            verdict(item, failed, linked ? remediation : null, draft.finished());
            deployments.add(item);
            if (remediation != null) {
                deployments.add(remediation.item());
            }
            if (failed && draft.env().equals(EventFactory.envName(0)) && random.nextDouble() < 0.7) {
                incidentAfter(service, draft, remediation);
            }
        }

        /**
         * The remediating deployment, placed before the next regular one, or {@code null} when
         * there is no room or it would end after now.
         */
        private Remediation remediate(Service service, EventFactory.DeploymentDraft failed, String previousVersion,
                                      Map<String, String> headByVersion, Instant nextStart) {
            String type = previousVersion != null && random.nextDouble() < 0.6 ? Verdicts.ROLLBACK : Verdicts.ROLLFORWARD;
            Duration delay = EventFactory.seconds(random, 10 * MINUTE, 4 * HOUR);
            if (nextStart != null) {
                Duration room = Duration.between(failed.finished(), nextStart).dividedBy(2);
                if (room.toSeconds() < 2 * MINUTE) {
                    return null;
                }
                delay = delay.compareTo(room) > 0 ? room : delay;
            }
            Instant started = reserve(service.name(), failed.finished().plus(delay));
            Instant finished = started.plus(EventFactory.seconds(random, 30, 10 * MINUTE));
            if (finished.isAfter(now)) {
                return null;
            }
            String version;
            String head;
            List<EventFactory.Commit> commits;
            if (type.equals(Verdicts.ROLLBACK)) {
                version = previousVersion;
                head = headByVersion.get(previousVersion);
                commits = List.of();
            } else {
                version = nextPatch(failed.version());
                commits = EventFactory.commits(random, 1 + random.nextInt(2), failed.finished(), started.minusSeconds(MINUTE));
                head = commits.get(commits.size() - 1).sha();
            }
            String id = deploymentId(service);
            ObjectNode item = new EventFactory.DeploymentDraft(id, service.name(), failed.env(), service.team(), version,
                    type, started, finished, service.tags(), service.repository(), head, commits).toItem();
            verdict(item, false, null, finished);
            return new Remediation(id, type, finished, item);
        }

        private static String nextPatch(String version) {
            int dot = version.lastIndexOf('.');
            return version.substring(0, dot + 1) + (Integer.parseInt(version.substring(dot + 1)) + 1);
        }

        /** Verdict attributes: pending with a probability growing with recency, else the truth. */
        private void verdict(ObjectNode item, boolean failed, Remediation remediation, Instant finished) {
            double draw = random.nextDouble();
            if (spec.noVerdicts()) {
                return;
            }
            ObjectNode attributes = (ObjectNode) item.get("attributes");
            long age = Duration.between(finished, now).toSeconds();
            double pendingShare = age < DAY ? 0.75 : age < 7 * DAY ? 0.25 : 0.01;
            if (draw < pendingShare) {
                Verdicts.markPending(attributes);
            } else if (failed) {
                Verdicts.markFailed(attributes,
                        remediation == null ? null : Verdicts.remediation(remediation.id(), remediation.type()),
                        finished, remediation == null ? null : remediation.finished());
            } else {
                Verdicts.markStable(attributes);
            }
        }

        private void incidentAfter(Service service, EventFactory.DeploymentDraft failed, Remediation remediation) {
            Instant started = failed.finished().plus(EventFactory.seconds(random, MINUTE, 30 * MINUTE));
            if (started.isAfter(now)) {
                return;
            }
            Instant end = remediation != null
                    ? remediation.finished().plus(EventFactory.seconds(random, 0, 30 * MINUTE))
                    : started.plus(EventFactory.seconds(random, 20 * MINUTE, 8 * HOUR));
            if (end.isBefore(started.plusSeconds(5 * MINUTE))) {
                end = started.plusSeconds(5 * MINUTE);
            }
            addIncident(service, failed.env(), failed.version(), started, end);
        }

        /** Incidents unrelated to any deployment, {@link DatasetSpec#standaloneIncidents()} a month. */
        private void standaloneIncidents() {
            Duration span = Duration.between(start, now.minusSeconds(HOUR));
            for (int i = 0; i < spec.standaloneIncidents() * spec.monthsBack(); i++) {
                Service service = services.get(random.nextInt(services.size()));
                boolean production = spec.environments() == 1 || random.nextDouble() < 0.8;
                String env = EventFactory.envName(production ? 0 : 1 + random.nextInt(spec.environments() - 1));
                Instant started = EventFactory.between(random, start, span);
                addIncident(service, env, null, started, started.plus(EventFactory.seconds(random, 15 * MINUTE, 6 * HOUR)));
            }
        }

        /** An incident, open when its end lies after now or (rarely) when nobody closed it. */
        private void addIncident(Service service, String env, String version, Instant started, Instant end) {
            List<String> impacted = new ArrayList<>(List.of(service.name()));
            if (services.size() > 1 && random.nextDouble() < 0.25) {
                int extra = 1 + random.nextInt(Math.min(2, services.size() - 1));
                while (impacted.size() < 1 + extra) {
                    String other = services.get(random.nextInt(services.size())).name();
                    if (!impacted.contains(other)) {
                        impacted.add(other);
                    }
                }
            }
            boolean open = end.isAfter(now) || random.nextDouble() < 0.04;
            boolean colon = random.nextDouble() < spec.colonIdShare();
            failures.add(new EventFactory.FailureDraft(EventFactory.failureId(random, colon),
                    EventFactory.incidentName(random, service.name()), EventFactory.severity(random), impacted, env,
                    service.team(), version, started, open ? null : end,
                    List.of("incident_type:" + EventFactory.incidentType(random), "source:pagerduty"),
                    random.nextBoolean()).toItem());
        }

        private String deploymentId(Service service) {
            return EventFactory.deploymentId(random, service.name(), random.nextDouble() < spec.colonIdShare());
        }

        /** The first second at or after {@code time} in which the service has no deployment yet. */
        private Instant reserve(String service, Instant time) {
            Set<Long> used = usedSeconds.computeIfAbsent(service, s -> new HashSet<>());
            long second = time.getEpochSecond();
            while (!used.add(second)) {
                second++;
            }
            return Instant.ofEpochSecond(second);
        }

        /** Moves a time into working hours (07:00–19:00 UTC, Monday to Friday). */
        private Instant workingHours(Instant time) {
            ZonedDateTime t = time.atZone(ZoneOffset.UTC);
            while (true) {
                DayOfWeek day = t.getDayOfWeek();
                if (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY || t.getHour() >= WORK_END_HOUR) {
                    t = t.plusDays(1).with(WORK_START).plusSeconds((long) (random.nextDouble() * 3 * HOUR));
                } else if (t.getHour() < WORK_START.getHour()) {
                    t = t.with(WORK_START).plusSeconds((long) (random.nextDouble() * 2 * HOUR));
                } else {
                    return t.toInstant();
                }
            }
        }
    }
}
