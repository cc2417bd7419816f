package io.dorastream.deploy;

import io.dorastream.events.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code deploy/kubernetes}: every overlay (and the base, and prod with the Strimzi component) rendered by
 * {@code kubectl kustomize} parses strictly into the API models; every environment variable maps to a property its
 * service declares; the rules a typo could break hold (probes on the management port, the security context, no
 * service-account token, no public management port, no secret value in the repository, prod's replicas); the
 * KafkaTopics are the contract's ({@link Topics#all()}). A broken kustomization
 * ({@code src/test/resources/kubernetes/broken}: the prod overlay with one realistic mistake per rule) proves that
 * each check fails when it should.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = ServiceProperties.repositoryRoot();
    private static final Path KUSTOMIZE = ROOT.resolve("deploy/kubernetes");
    private static final Path FIXTURES = Path.of("src/test/resources/kubernetes").toAbsolutePath();
    /** prod plus the optional Strimzi component, combined as docs/operations.md says. */
    private static final Path PROD_WITH_STRIMZI = FIXTURES.resolve("prod-with-strimzi");
    private static final Path BROKEN = FIXTURES.resolve("broken");

    /** Image name (last path segment, without tag) → the service whose configuration its environment must match. */
    private static final Map<String, String> IMAGES = Map.of(
            "connector-service", "connector-service",
            "aggregator-service", "aggregator-service",
            "api-gateway", "api-gateway",
            "datadog-simulator", ServiceProperties.SIMULATOR);
    private static final String MANAGEMENT = "management";
    /** Variable names whose values are secrets: given only through a Secret, never a literal or a ConfigMap. */
    private static final Pattern SECRET_NAME =
            Pattern.compile("(^|_)(TOKEN|TOKENS|PASSWORD|SECRET|KEY|KEYS|JAAS|SHA256|CREDENTIALS?)(_|$)");
    /** The only literal secret values allowed: the dev overlay's generated ones, marked so. */
    private static final String DEV_ONLY = "dev-only-";

    // --- the real manifests

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "prod-with-strimzi"})
    void everyRenderingPassesEveryCheck(String name) {
        Path dir = name.equals("prod-with-strimzi") ? PROD_WITH_STRIMZI : KUSTOMIZE.resolve(name);
        KubernetesManifests m = KubernetesManifests.render(dir);
        List<String> problems = new ArrayList<>(m.strictProblems());
        problems.addAll(environmentProblems(m));
        problems.addAll(probeProblems(m));
        problems.addAll(securityProblems(m));
        problems.addAll(serviceProblems(m));
        problems.addAll(secretProblems(m));
        problems.addAll(networkPolicyProblems(m));
        problems.addAll(serviceMonitorProblems(m));
        if (!name.equals("base") && !name.equals("overlays/dev")) {
            problems.addAll(productionProblems(m));
        }
        if (name.equals("prod-with-strimzi")) {
            problems.addAll(kafkaProblems(m));
        }
        assertTrue(problems.isEmpty(), () -> m.source() + ":\n  " + String.join("\n  ", problems));
    }

    @Test
    void eachRenderingHoldsWhatItShould() {
        Map<String, Integer> base = KubernetesManifests.render(KUSTOMIZE.resolve("base")).kinds();
        assertEquals(3, base.get("Deployment"), "base: " + base);
        Map<String, Integer> dev = KubernetesManifests.render(KUSTOMIZE.resolve("overlays/dev")).kinds();
        assertEquals(4, dev.get("Deployment"), "dev: the three services and the simulator: " + dev);
        assertEquals(1, dev.get("Job"), "dev: the demo connection job: " + dev);
        Map<String, Integer> prod = KubernetesManifests.render(KUSTOMIZE.resolve("overlays/prod")).kinds();
        for (String kind : List.of("PodDisruptionBudget", "HorizontalPodAutoscaler", "ServiceMonitor", "PrometheusRule")) {
            assertTrue(prod.containsKey(kind), "prod renders " + kind + ": " + prod);
        }
        Map<String, Integer> strimzi = KubernetesManifests.render(PROD_WITH_STRIMZI).kinds();
        assertEquals(Topics.all().size(), strimzi.get("KafkaTopic"), "one KafkaTopic per contract topic: " + strimzi);
        assertEquals(2, strimzi.get("KafkaUser"), "a KafkaUser for the connector and the aggregator: " + strimzi);
    }

    // --- the broken fixture: each check fails on its mistake

    @Test
    void aMisspelledFieldAndAnUnknownKindFail() {
        List<String> problems = introduced(KubernetesManifests::strictProblems);
        assertContains(problems, "Deployment/api-gateway: unknown field spec.replica ");
        assertContains(problems, "Deployment/connector-service: unknown field spec.template.spec.containers[0].imagePullPolcy ");
        assertContains(problems, "KafkaTopic/dora-sync-v1: unknown field spec.partition ");
        assertContains(problems, "networking.k8s.io/v1/Ingress api-gateway is a kind this test does not know");
        assertEquals(4, problems.size(), String.join("\n", problems));
    }

    @Test
    void aVariableNamingNoPropertyFails() {
        List<String> problems = introduced(KubernetesManifestsTest::environmentProblems);
        assertContains(problems, "DORA_CONECTOR_URL maps to no configuration property that api-gateway declares");
        assertContains(problems, "DORASTREAM_SYNC_LEASE_TIME maps to no configuration property that connector-service declares");
        assertEquals(2, problems.size(), String.join("\n", problems));
    }

    @Test
    void aProbeOffTheManagementPortFails() {
        List<String> problems = introduced(KubernetesManifestsTest::probeProblems);
        assertContains(problems, "Deployment/aggregator-service: container aggregator-service has no livenessProbe");
        assertContains(problems, "Deployment/api-gateway: container api-gateway: readinessProbe is not an HTTP GET of /q/health/ready on the management port");
        assertEquals(2, problems.size(), String.join("\n", problems));
    }

    @Test
    void aWeakerSecurityContextFails() {
        List<String> problems = introduced(KubernetesManifestsTest::securityProblems);
        assertContains(problems, "Deployment/connector-service: container connector-service: readOnlyRootFilesystem is not true");
        assertContains(problems, "Deployment/aggregator-service: automountServiceAccountToken is not false");
        assertEquals(2, problems.size(), String.join("\n", problems));
    }

    @Test
    void aPublicManagementPortFails() {
        List<String> problems = introduced(KubernetesManifestsTest::serviceProblems);
        assertContains(problems, "Service/api-gateway exposes the management port");
        assertEquals(1, problems.size(), String.join("\n", problems));
    }

    @Test
    void aSecretValueInTheRepositoryFails() {
        List<String> problems = introduced(KubernetesManifestsTest::secretProblems);
        assertContains(problems, "Deployment/connector-service: container connector-service: DORA_DB_PASSWORD is a literal value");
        assertContains(problems, "ConfigMap/api-gateway-config: DORA_ADMIN_TOKEN is a secret in a ConfigMap");
        assertEquals(2, problems.size(), String.join("\n", problems));
    }

    @Test
    void fewerProductionReplicasFail() {
        List<String> problems = introduced(KubernetesManifestsTest::productionProblems);
        assertContains(problems, "Deployment/connector-service has 1 replicas");
        assertEquals(1, problems.size(), String.join("\n", problems));
    }

    @Test
    void aTopicDriftingFromTheContractFails() {
        List<String> problems = introduced(KubernetesManifestsTest::kafkaProblems);
        assertContains(problems, "KafkaTopic/dora-deployments-v1: config cleanup.policy is delete, the contract says compact");
        assertContains(problems, "KafkaUser/aggregator-service: ACL on topic dora.incident.v1, which is no KafkaTopic");
        assertEquals(2, problems.size(), String.join("\n", problems));
    }

    // --- the checks: each returns its problems, naming the object

    /** Every variable given to one of our containers (env, and envFrom ConfigMaps/Secrets rendered here) maps to a property. */
    static List<String> environmentProblems(KubernetesManifests m) {
        List<String> problems = new ArrayList<>();
        podSpecs(m).forEach((owner, pod) -> {
            for (Container c : containers(pod)) {
                String image = imageName(c.getImage());
                String service = IMAGES.get(image);
                if (service == null) {
                    problems.add(m.describe(owner) + ": container " + c.getName() + " runs image " + c.getImage()
                            + ", which is none of DoraStream's " + IMAGES.keySet());
                    continue;
                }
                ServiceProperties properties = ServiceProperties.of(service);
                for (String name : environmentNames(m, owner, c, problems)) {
                    properties.problemWith(name).ifPresent(p -> problems.add(m.describe(owner) + ": " + p));
                }
            }
        });
        return problems;
    }

    private static List<String> environmentNames(KubernetesManifests m, HasMetadata owner, Container c, List<String> problems) {
        List<String> names = new ArrayList<>();
        for (EnvVar e : list(c.getEnv())) {
            names.add(e.getName());
        }
        for (EnvFromSource from : list(c.getEnvFrom())) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            if (from.getConfigMapRef() != null) {
                Optional<ConfigMap> cm = m.named(ConfigMap.class, from.getConfigMapRef().getName());
                if (cm.isEmpty()) {
                    problems.add(m.describe(owner) + ": envFrom ConfigMap " + from.getConfigMapRef().getName() + " is not rendered");
                } else {
                    map(cm.get().getData()).keySet().forEach(k -> names.add(prefix + k));
                }
            }
            if (from.getSecretRef() != null) {
                // a Secret made outside the repository (docs/operations.md) cannot be checked here; a rendered one is
                m.named(Secret.class, from.getSecretRef().getName()).ifPresent(s -> {
                    map(s.getData()).keySet().forEach(k -> names.add(prefix + k));
                    map(s.getStringData()).keySet().forEach(k -> names.add(prefix + k));
                });
            }
        }
        return names;
    }

    /** The three services probe started, live and ready on their management port; every Deployment has the three probes. */
    static List<String> probeProblems(KubernetesManifests m) {
        List<String> problems = new ArrayList<>();
        for (Deployment d : m.all(Deployment.class)) {
            for (Container c : containers(d.getSpec().getTemplate().getSpec())) {
                String where = m.describe(d) + ": container " + c.getName();
                boolean service = ServiceProperties.SERVICES.contains(IMAGES.get(imageName(c.getImage())));
                Optional<Integer> management = list(c.getPorts()).stream().filter(p -> MANAGEMENT.equals(p.getName()))
                        .map(ContainerPort::getContainerPort).findFirst();
                if (service && management.isEmpty()) {
                    problems.add(where + " has no container port named " + MANAGEMENT);
                }
                Map<String, Function<Container, Probe>> probes = new java.util.LinkedHashMap<>();
                probes.put("startupProbe:/q/health/started", Container::getStartupProbe);
                probes.put("livenessProbe:/q/health/live", Container::getLivenessProbe);
                probes.put("readinessProbe:/q/health/ready", Container::getReadinessProbe);
                probes.forEach((key, get) -> {
                    String probe = key.substring(0, key.indexOf(':'));
                    String path = key.substring(key.indexOf(':') + 1);
                    Probe p = get.apply(c);
                    if (p == null) {
                        problems.add(where + " has no " + probe);
                    } else if (service && !(p.getHttpGet() != null && path.equals(p.getHttpGet().getPath())
                            && isPort(p.getHttpGet().getPort(), MANAGEMENT, management.orElse(-1)))) {
                        problems.add(where + ": " + probe + " is not an HTTP GET of " + path + " on the management port");
                    }
                });
            }
        }
        return problems;
    }

    /** Non-root uid 185, read-only root with /tmp an emptyDir, no privilege escalation, no capability, seccomp, no token. */
    static List<String> securityProblems(KubernetesManifests m) {
        List<String> problems = new ArrayList<>();
        podSpecs(m).forEach((owner, pod) -> {
            String where = m.describe(owner);
            if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
                problems.add(where + ": automountServiceAccountToken is not false");
            }
            Optional<ServiceAccount> account = m.named(ServiceAccount.class, Objects.requireNonNullElse(pod.getServiceAccountName(), "default"));
            if (account.isEmpty()) {
                problems.add(where + ": its ServiceAccount " + pod.getServiceAccountName() + " is not rendered");
            } else if (!Boolean.FALSE.equals(account.get().getAutomountServiceAccountToken())) {
                problems.add(m.describe(account.get()) + ": automountServiceAccountToken is not false");
            }
            PodSecurityContext ps = Objects.requireNonNullElse(pod.getSecurityContext(), new PodSecurityContext());
            Set<String> emptyDirs = list(pod.getVolumes()).stream().filter(v -> v.getEmptyDir() != null).map(Volume::getName)
                    .collect(Collectors.toSet());
            for (Container c : containers(pod)) {
                String cw = where + ": container " + c.getName();
                SecurityContext s = Objects.requireNonNullElse(c.getSecurityContext(), new SecurityContext());
                if (!Boolean.TRUE.equals(first(s.getRunAsNonRoot(), ps.getRunAsNonRoot()))) {
                    problems.add(cw + ": runAsNonRoot is not true");
                }
                if (!Long.valueOf(185).equals(first(s.getRunAsUser(), ps.getRunAsUser()))) {
                    problems.add(cw + ": runAsUser is not 185 (the images' user)");
                }
                if (!Boolean.TRUE.equals(s.getReadOnlyRootFilesystem())) {
                    problems.add(cw + ": readOnlyRootFilesystem is not true");
                }
                if (!Boolean.FALSE.equals(s.getAllowPrivilegeEscalation())) {
                    problems.add(cw + ": allowPrivilegeEscalation is not false");
                }
                if (s.getCapabilities() == null || !list(s.getCapabilities().getDrop()).contains("ALL")
                        || !list(s.getCapabilities().getAdd()).isEmpty()) {
                    problems.add(cw + ": capabilities do not drop ALL (and add none)");
                }
                SeccompProfile seccomp = first(s.getSeccompProfile(), ps.getSeccompProfile());
                if (seccomp == null || !"RuntimeDefault".equals(seccomp.getType())) {
                    problems.add(cw + ": seccompProfile is not RuntimeDefault");
                }
                if (list(c.getVolumeMounts()).stream().noneMatch(v -> "/tmp".equals(v.getMountPath()) && emptyDirs.contains(v.getName()))) {
                    problems.add(cw + ": /tmp is not an emptyDir (the root filesystem is read-only)");
                }
            }
        });
        return problems;
    }

    /** Only a headless {@code *-management} Service (for Prometheus and the gateway) exposes a management port, and only it. */
    static List<String> serviceProblems(KubernetesManifests m) {
        List<String> problems = new ArrayList<>();
        Set<Integer> managementPorts = new TreeSet<>();
        podSpecs(m).values().forEach(pod -> containers(pod).forEach(c -> list(c.getPorts()).stream()
                .filter(p -> MANAGEMENT.equals(p.getName())).forEach(p -> managementPorts.add(p.getContainerPort()))));
        for (Service s : m.all(Service.class)) {
            List<ServicePort> ports = list(s.getSpec().getPorts());
            long management = ports.stream().filter(p -> {
                IntOrString target = p.getTargetPort();
                if (target != null && target.getStrVal() != null) {
                    return MANAGEMENT.equals(target.getStrVal());
                }
                return managementPorts.contains(target != null && target.getIntVal() != null ? target.getIntVal() : p.getPort());
            }).count();
            boolean metricsService = s.getMetadata().getName().endsWith("-management");
            if (metricsService) {
                if (!"None".equals(s.getSpec().getClusterIP()) || management != ports.size()) {
                    problems.add(m.describe(s) + " must be headless and expose only the management port");
                }
            } else if (management > 0) {
                problems.add(m.describe(s) + " exposes the management port (only a headless *-management Service may)");
            }
        }
        return problems;
    }

    /** No secret value in the repository: secret-named variables come from Secrets; no rendered Secret but dev-only ones. */
    static List<String> secretProblems(KubernetesManifests m) {
        List<String> problems = new ArrayList<>();
        podSpecs(m).forEach((owner, pod) -> {
            for (Container c : containers(pod)) {
                for (EnvVar e : list(c.getEnv())) {
                    boolean fromSecret = e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null;
                    if (SECRET_NAME.matcher(e.getName()).find() && !fromSecret) {
                        problems.add(m.describe(owner) + ": container " + c.getName() + ": " + e.getName()
                                + (e.getValue() != null ? " is a literal value" : " is not from a Secret") + " (use a secretKeyRef)");
                    }
                }
            }
        });
        for (ConfigMap cm : m.all(ConfigMap.class)) {
            map(cm.getData()).keySet().stream().filter(k -> SECRET_NAME.matcher(k).find())
                    .forEach(k -> problems.add(m.describe(cm) + ": " + k + " is a secret in a ConfigMap"));
        }
        for (Secret s : m.all(Secret.class)) {
            Stream.concat(map(s.getData()).entrySet().stream().map(e -> Map.entry(e.getKey(), decode(e.getValue()))),
                            map(s.getStringData()).entrySet().stream())
                    .filter(e -> !e.getValue().startsWith(DEV_ONLY))
                    .forEach(e -> problems.add(m.describe(s) + ": " + e.getKey() + " holds a value not marked " + DEV_ONLY
                            + " (secrets are created outside the repository, docs/operations.md)"));
        }
        return problems;
    }

    /** A default deny of ingress and egress for every DoraStream pod. */
    static List<String> networkPolicyProblems(KubernetesManifests m) {
        boolean defaultDeny = m.all(NetworkPolicy.class).stream().anyMatch(p ->
                "dorastream".equals(map(p.getSpec().getPodSelector().getMatchLabels()).get("app.kubernetes.io/part-of"))
                        && list(p.getSpec().getPolicyTypes()).containsAll(List.of("Ingress", "Egress"))
                        && list(p.getSpec().getIngress()).isEmpty() && list(p.getSpec().getEgress()).isEmpty());
        return defaultDeny ? List.of() : List.of(m.source() + ": no NetworkPolicy denies all ingress and egress of the DoraStream pods");
    }

    /** Each ServiceMonitor scrapes /q/metrics on the management port of a rendered headless *-management Service. */
    static List<String> serviceMonitorProblems(KubernetesManifests m) {
        List<String> problems = new ArrayList<>();
        for (ServiceMonitor sm : m.all(ServiceMonitor.class)) {
            Map<String, String> selector = map(sm.getSpec().getSelector().getMatchLabels());
            List<Service> selected = m.all(Service.class).stream()
                    .filter(s -> map(s.getMetadata().getLabels()).entrySet().containsAll(selector.entrySet())).toList();
            if (selected.size() != 1 || !selected.get(0).getMetadata().getName().endsWith("-management")) {
                problems.add(m.describe(sm) + " selects " + selected.stream().map(s -> s.getMetadata().getName()).toList()
                        + ", not exactly one *-management Service");
            }
            for (Endpoint e : list(sm.getSpec().getEndpoints())) {
                if (!MANAGEMENT.equals(e.getPort()) || !"/q/metrics".equals(e.getPath())) {
                    problems.add(m.describe(sm) + ": an endpoint scrapes " + e.getPort() + " " + e.getPath()
                            + ", not /q/metrics on the management port");
                }
            }
        }
        return problems;
    }

    /** prod: two replicas or more of the gateway and the connector (autoscaler minimum too), a PDB per Deployment. */
    static List<String> productionProblems(KubernetesManifests m) {
        List<String> problems = new ArrayList<>();
        for (String name : List.of("api-gateway", "connector-service")) {
            Optional<Deployment> d = m.named(Deployment.class, name);
            if (d.isEmpty()) {
                problems.add(m.source() + ": no Deployment " + name);
            } else if (d.get().getSpec().getReplicas() == null || d.get().getSpec().getReplicas() < 2) {
                problems.add(m.describe(d.get()) + " has " + d.get().getSpec().getReplicas() + " replicas (prod needs 2 or more)");
            }
        }
        for (HorizontalPodAutoscaler h : m.all(HorizontalPodAutoscaler.class)) {
            String target = h.getSpec().getScaleTargetRef().getName();
            if (List.of("api-gateway", "connector-service").contains(target)
                    && (h.getSpec().getMinReplicas() == null || h.getSpec().getMinReplicas() < 2)) {
                problems.add(m.describe(h) + ": minReplicas below 2");
            }
        }
        for (Deployment d : m.all(Deployment.class)) {
            Map<String, String> labels = map(d.getSpec().getTemplate().getMetadata().getLabels());
            boolean covered = m.all(PodDisruptionBudget.class).stream().anyMatch(p ->
                    labels.entrySet().containsAll(map(p.getSpec().getSelector().getMatchLabels()).entrySet()));
            if (!covered) {
                problems.add(m.describe(d) + " has no PodDisruptionBudget");
            }
            if (list(d.getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).isEmpty()) {
                problems.add(m.describe(d) + " has no topology spread constraints");
            }
        }
        return problems;
    }

    /**
     * The KafkaTopics are the contract's topics with its settings (plus 3 replicas and min.insync.replicas 2), as many
     * partitions as the services are told, which then create no topics; every ACL names a rendered topic.
     */
    static List<String> kafkaProblems(KubernetesManifests m) {
        List<String> problems = new ArrayList<>();
        Map<String, KafkaTopic> topics = m.all(KafkaTopic.class).stream().collect(Collectors.toMap(
                t -> Objects.requireNonNullElse(t.getSpec().getTopicName(), t.getMetadata().getName()), t -> t, (a, b) -> a));
        Set<String> contract = Topics.all().stream().map(Topics.TopicSpec::name).collect(Collectors.toCollection(TreeSet::new));
        if (!contract.equals(new TreeSet<>(topics.keySet()))) {
            problems.add(m.source() + ": the KafkaTopics " + new TreeSet<>(topics.keySet()) + " are not the contract's " + contract);
        }
        List<ConfigMap> serviceConfigs = Stream.of("connector-service-config", "aggregator-service-config")
                .map(n -> m.named(ConfigMap.class, n)).flatMap(Optional::stream).toList();
        Set<String> partitions = serviceConfigs.stream().map(c -> map(c.getData()).get("DORASTREAM_KAFKA_PARTITIONS"))
                .collect(Collectors.toSet());
        for (ConfigMap c : serviceConfigs) {
            if (!"false".equals(map(c.getData()).get("DORASTREAM_KAFKA_CREATE_TOPICS"))) {
                problems.add(m.describe(c) + ": DORASTREAM_KAFKA_CREATE_TOPICS is not false where Strimzi manages the topics");
            }
        }
        for (Topics.TopicSpec spec : Topics.all()) {
            KafkaTopic t = topics.get(spec.name());
            if (t == null) {
                continue;
            }
            String where = m.describe(t);
            Map<String, Object> config = map(t.getSpec().getConfig());
            spec.config().forEach((key, value) -> {
                Object actual = config.get(key);
                if (!value.equals(actual == null ? null : actual.toString())) {
                    problems.add(where + ": config " + key + " is " + actual + ", the contract says " + value);
                }
            });
            if (!Integer.valueOf(3).equals(t.getSpec().getReplicas())) {
                problems.add(where + ": replicas " + t.getSpec().getReplicas() + ", not 3");
            }
            if (!"2".equals(String.valueOf(config.get("min.insync.replicas")))) {
                problems.add(where + ": min.insync.replicas " + config.get("min.insync.replicas") + ", not 2");
            }
            if (!partitions.equals(Set.of(String.valueOf(t.getSpec().getPartitions())))) {
                problems.add(where + ": " + t.getSpec().getPartitions() + " partitions, the services are told " + partitions);
            }
        }
        for (KafkaUser u : m.all(KafkaUser.class)) {
            if (!(u.getSpec().getAuthorization() instanceof KafkaUserAuthorizationSimple simple)) {
                problems.add(m.describe(u) + " has no simple authorization (ACLs)");
                continue;
            }
            for (AclRule rule : list(simple.getAcls())) {
                if (rule.getResource() instanceof AclRuleTopicResource topic && !topics.containsKey(topic.getName())) {
                    problems.add(m.describe(u) + ": ACL on topic " + topic.getName() + ", which is no KafkaTopic");
                }
            }
        }
        for (HorizontalPodAutoscaler h : m.all(HorizontalPodAutoscaler.class)) {
            if ("aggregator-service".equals(h.getSpec().getScaleTargetRef().getName()) && partitions.size() == 1
                    && h.getSpec().getMaxReplicas() > Integer.parseInt(partitions.iterator().next())) {
                problems.add(m.describe(h) + ": maxReplicas above the partitions (the extra consumers would idle)");
            }
        }
        return problems;
    }

    // --- helpers

    /** Every pod template: Deployments and Jobs. */
    private static Map<HasMetadata, PodSpec> podSpecs(KubernetesManifests m) {
        Map<HasMetadata, PodSpec> pods = new java.util.LinkedHashMap<>();
        m.all(Deployment.class).forEach(d -> pods.put(d, d.getSpec().getTemplate().getSpec()));
        m.all(Job.class).forEach(j -> pods.put(j, j.getSpec().getTemplate().getSpec()));
        return pods;
    }

    private static List<Container> containers(PodSpec pod) {
        List<Container> all = new ArrayList<>(list(pod.getInitContainers()));
        all.addAll(list(pod.getContainers()));
        return all;
    }

    /** {@code registry/dorastream/connector-service:tag} → {@code connector-service}. */
    private static String imageName(String image) {
        String name = image.substring(image.lastIndexOf('/') + 1);
        int at = name.indexOf('@');
        name = at < 0 ? name : name.substring(0, at);
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    /** Whether a probe's or Service's port is the named port (or its number). */
    private static boolean isPort(IntOrString port, String name, int number) {
        return port != null && (name.equals(port.getStrVal()) || (port.getIntVal() != null && port.getIntVal() == number));
    }

    private static String decode(String base64) {
        return new String(java.util.Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static <K, V> Map<K, V> map(Map<K, V> m) {
        return m == null ? Map.of() : m;
    }

    /**
     * The problems {@code check} finds in the broken fixture that it does not find in what the fixture breaks (prod
     * with the Strimzi component), without their source: exactly what the fixture's mistakes cause.
     */
    private static List<String> introduced(Function<KubernetesManifests, List<String>> check) {
        KubernetesManifests broken = KubernetesManifests.render(BROKEN);
        KubernetesManifests intact = KubernetesManifests.render(PROD_WITH_STRIMZI);
        Set<String> before = check.apply(intact).stream().map(p -> p.substring(intact.source().length())).collect(Collectors.toSet());
        return check.apply(broken).stream().map(p -> p.substring(broken.source().length()))
                .filter(p -> !before.contains(p)).toList();
    }

    private static void assertContains(List<String> problems, String expected) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                () -> "expected a problem containing \"" + expected + "\" among:\n  " + String.join("\n  ", problems));
    }
}
