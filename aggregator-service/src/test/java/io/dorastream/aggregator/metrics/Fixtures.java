package io.dorastream.aggregator.metrics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/** Short-hand builders of facts for the metric tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** {@code "2026-03-02T10:00"} (UTC) or a full RFC 3339 instant. */
    static Instant t(String s) {
        return Instant.parse(s.length() == 16 ? s + ":00Z" : s);
    }

    static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    static Window window(String from, String to) {
        return new Window(from.length() == 10 ? d(from).atStartOfDay(java.time.ZoneOffset.UTC).toInstant() : t(from),
                to.length() == 10 ? d(to).atStartOfDay(java.time.ZoneOffset.UTC).toInstant() : t(to));
    }

    static BenchmarkTable dora2023() {
        return BenchmarkTables.builtIn().get("dora-2023");
    }

    static BenchmarkTable dora2021() {
        return BenchmarkTables.builtIn().get("dora-2021");
    }

    static Dep dep(String id) {
        return new Dep(id);
    }

    static Fail failure(String id) {
        return new Fail(id);
    }

    /** A deployment builder: service {@code api}, env {@code prod} unless told. */
    static final class Dep {
        private final String id;
        private String service = "api";
        private String env = "prod";
        private String team = "core";
        private Instant startedAt;
        private Instant finishedAt;
        private Double leadTimeSec;
        private Boolean changeFailure;
        private Long recoveryTimeSec;
        private String remediationType;
        private String deploymentType;

        private Dep(String id) {
            this.id = id;
        }

        Dep service(String s) {
            service = s;
            return this;
        }

        Dep env(String e) {
            env = e;
            return this;
        }

        /** Finished at the instant, started 10 minutes before. */
        Dep at(String finished) {
            finishedAt = t(finished);
            startedAt = finishedAt.minusSeconds(600);
            return this;
        }

        Dep started(String s) {
            startedAt = t(s);
            return this;
        }

        Dep unfinished() {
            finishedAt = null;
            return this;
        }

        Dep leadTime(double seconds) {
            leadTimeSec = seconds;
            return this;
        }

        Dep failed(boolean f) {
            changeFailure = f;
            return this;
        }

        Dep recovery(long seconds) {
            recoveryTimeSec = seconds;
            return this;
        }

        Dep remediation(String type) {
            remediationType = type;
            return this;
        }

        Dep type(String type) {
            deploymentType = type;
            return this;
        }

        DeploymentFacts build() {
            return new DeploymentFacts(id, service, env, team, startedAt, finishedAt, leadTimeSec, changeFailure,
                    recoveryTimeSec, remediationType, deploymentType);
        }
    }

    /** A failure builder: service {@code api}, env {@code prod} unless told. */
    static final class Fail {
        private final String id;
        private List<String> services = List.of("api");
        private List<String> envs = List.of("prod");
        private Instant startedAt;
        private Instant finishedAt;
        private Long timeToRestoreSec;

        private Fail(String id) {
            this.id = id;
        }

        Fail services(String... s) {
            services = Arrays.asList(s);
            return this;
        }

        Fail envs(String... e) {
            envs = Arrays.asList(e);
            return this;
        }

        Fail started(String s) {
            startedAt = t(s);
            return this;
        }

        Fail finished(String s) {
            finishedAt = t(s);
            return this;
        }

        Fail ttr(long seconds) {
            timeToRestoreSec = seconds;
            return this;
        }

        FailureFacts build() {
            return new FailureFacts(id, services, envs, List.of(), startedAt, finishedAt, timeToRestoreSec);
        }
    }
}
