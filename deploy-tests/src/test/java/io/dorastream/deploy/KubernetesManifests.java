package io.dorastream.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A kustomization rendered by {@code kubectl kustomize} and parsed, object by object, into the Kubernetes API model
 * (fabric8), Strimzi's model and the Prometheus Operator's, strictly: those models keep a field they do not know in
 * {@code additionalProperties} instead of failing, so every parsed object is walked and each such field reported
 * with its path. A kind the test does not know is reported too, so nothing rendered goes unchecked.
 */
final class KubernetesManifests {

    /** Every kind the manifests may render ({@code apiVersion/kind} → its model class). */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class));

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Map<Path, KubernetesManifests> CACHE = new ConcurrentHashMap<>();

    private final String source;
    private final List<HasMetadata> objects;
    private final List<String> strictProblems;

    private KubernetesManifests(String source, List<HasMetadata> objects, List<String> strictProblems) {
        this.source = source;
        this.objects = objects;
        this.strictProblems = strictProblems;
    }

    /** {@code kubectl kustomize dir}, parsed (once per directory); skips or fails the test when kubectl is missing. */
    static KubernetesManifests render(Path dir) {
        Path kubectl = Tools.require("kubectl");
        return CACHE.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> {
            Tools.Result r = Tools.run(List.of(kubectl.toString(), "kustomize", d.toString()), d, Duration.ofMinutes(2));
            if (r.exitCode() != 0) {
                fail("kubectl kustomize " + d + " failed (" + r.exitCode() + "):\n" + r.output());
            }
            return parse(ServiceProperties.repositoryRoot().relativize(d).toString(), r.output());
        });
    }

    /** Parses a multi-document YAML rendering; {@code source} names it in every problem. */
    static KubernetesManifests parse(String source, String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Yaml reader = new Yaml(new LoaderOptions());
        for (Object doc : reader.loadAll(yaml)) {
            if (doc == null) {
                continue;
            }
            if (!(doc instanceof Map<?, ?> map)) {
                problems.add(source + ": a document is no object: " + doc);
                continue;
            }
            String kind = map.get("apiVersion") + "/" + map.get("kind");
            Object name = map.get("metadata") instanceof Map<?, ?> m ? m.get("name") : null;
            Class<? extends HasMetadata> type = KINDS.get(kind);
            if (type == null) {
                problems.add(source + ": " + kind + " " + name + " is a kind this test does not know (known: "
                        + new java.util.TreeSet<>(KINDS.keySet()) + "); add its model to KubernetesManifests.KINDS");
                continue;
            }
            HasMetadata object;
            try {
                object = SERIALIZATION.convertValue(map, type);
            } catch (RuntimeException e) {
                problems.add(source + ": " + kind + " " + name + " does not parse: " + e.getMessage());
                continue;
            }
            String where = source + ": " + map.get("kind") + "/" + name;
            walk(object, "", where, problems, new IdentityHashMap<>());
            objects.add(object);
        }
        return new KubernetesManifests(source, List.copyOf(objects), List.copyOf(problems));
    }

    /** Reports every field a model object kept as unknown ({@code additionalProperties}), with its path. */
    private static void walk(Object value, String path, String where, List<String> problems, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                walk(item, path + "[" + i++ + "]", where, problems, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "[" + k + "]", where, problems, seen));
            return;
        }
        if (!isModel(value.getClass())) {
            return;
        }
        additionalProperties(value).forEach((k, v) ->
                problems.add(where + ": unknown field " + (path.isEmpty() ? "" : path + ".") + k + " (= " + v + ")"));
        // up the whole hierarchy: a custom resource's spec is declared by fabric8's CustomResource, outside the model packages
        for (Class<?> c = value.getClass(); c != null && !c.getName().startsWith("java."); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("additionalProperties")) {
                    continue;
                }
                f.setAccessible(true);
                Object child;
                try {
                    child = f.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read " + f, e);
                }
                JsonProperty json = f.getAnnotation(JsonProperty.class);
                String name = json != null && !json.value().isEmpty() ? json.value() : f.getName();
                walk(child, path.isEmpty() ? name : path + "." + name, where, problems, seen);
            }
        }
    }

    private static boolean isModel(Class<?> c) {
        String n = c.getName();
        return !c.isEnum() && (n.startsWith("io.fabric8.kubernetes.api.model.") || n.startsWith("io.fabric8.openshift.api.model.")
                || n.startsWith("io.strimzi.api.kafka.model."));
    }

    private static Map<?, ?> additionalProperties(Object model) {
        try {
            Method m = model.getClass().getMethod("getAdditionalProperties");
            Object result = m.invoke(model);
            return result instanceof Map<?, ?> map ? map : Map.of();
        } catch (NoSuchMethodException e) {
            return Map.of();
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read the unknown fields of " + model.getClass().getName(), e);
        }
    }

    /** What this rendering is (a path relative to the repository). */
    String source() {
        return source;
    }

    /** Unknown kinds, objects that do not parse, and unknown fields, each naming the object and the field's path. */
    List<String> strictProblems() {
        return strictProblems;
    }

    List<HasMetadata> all() {
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    /** {@code Kind/name} of an object, for messages. */
    String describe(HasMetadata o) {
        return source + ": " + o.getKind() + "/" + o.getMetadata().getName();
    }

    /** Kinds rendered, with their counts. */
    Map<String, Integer> kinds() {
        Map<String, Integer> kinds = new LinkedHashMap<>();
        objects.forEach(o -> kinds.merge(o.getKind(), 1, Integer::sum));
        return kinds;
    }

    static Set<String> knownKinds() {
        return KINDS.keySet();
    }
}
