package io.dorastream.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A docker-compose file as parsed YAML (anchors and merge keys resolved), with DoraStream's checks on it. */
final class ComposeFile {

    /** Prefix of DoraStream's own images in the compose file: {@code ${DORA_IMAGE_PREFIX:-dorastream}/<name>:…}. */
    static final String OWN_IMAGE_PREFIX = "${DORA_IMAGE_PREFIX:-dorastream}/";
    /** Image name of the Datadog simulator (Dockerfile.simulator). */
    static final String SIMULATOR_IMAGE = "datadog-simulator";

    private final Path file;
    private final Map<String, Map<String, Object>> services;

    private ComposeFile(Path file, Map<String, Map<String, Object>> services) {
        this.file = file;
        this.services = services;
    }

    @SuppressWarnings("unchecked")
    static ComposeFile load(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Map<String, Object> root = new Yaml(options).load(r);
            Object services = root == null ? null : root.get("services");
            if (!(services instanceof Map)) {
                throw new IllegalArgumentException(file + " has no services");
            }
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            ((Map<String, Object>) services).forEach((name, body) -> out.put(name, (Map<String, Object>) body));
            return new ComposeFile(file, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    Path file() {
        return file;
    }

    Map<String, Map<String, Object>> services() {
        return services;
    }

    /** The names of the environment variables a service is given ({@code environment} as a map or a list). */
    List<String> environmentNames(String service) {
        Object env = services.get(service).get("environment");
        List<String> names = new ArrayList<>();
        if (env instanceof Map<?, ?> map) {
            map.keySet().forEach(k -> names.add(k.toString()));
        } else if (env instanceof List<?> list) {
            for (Object entry : list) {
                String s = entry.toString();
                int eq = s.indexOf('=');
                names.add(eq < 0 ? s : s.substring(0, eq));
            }
        }
        return names;
    }

    /** The image of a service, as written (unresolved variables). */
    String image(String service) {
        Object image = services.get(service).get("image");
        return image == null ? "" : image.toString();
    }

    /**
     * The {@link ServiceProperties} name a compose service is checked as: one of ours by its image, else empty
     * (a third-party image such as Kafka's or PostgreSQL's reads its own variables).
     */
    Optional<String> checkedAs(String service) {
        String image = image(service);
        if (!image.startsWith(OWN_IMAGE_PREFIX)) {
            return Optional.empty();
        }
        String rest = image.substring(OWN_IMAGE_PREFIX.length());
        int colon = rest.indexOf(':');
        String name = colon < 0 ? rest : rest.substring(0, colon);
        return Optional.of(name.equals(SIMULATOR_IMAGE) ? ServiceProperties.SIMULATOR : name);
    }

    /**
     * Every environment variable given to one of our images that maps to no property of it: compose service →
     * the reasons. An image naming no DoraStream service is itself a problem.
     */
    Map<String, List<String>> environmentProblems() {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (String service : services.keySet()) {
            Optional<String> checked = checkedAs(service);
            if (checked.isEmpty()) {
                continue;
            }
            List<String> reasons = new ArrayList<>();
            String name = checked.get();
            if (!ServiceProperties.SERVICES.contains(name) && !name.equals(ServiceProperties.SIMULATOR)) {
                reasons.add("image " + image(service) + " names no DoraStream service " + ServiceProperties.SERVICES);
            } else {
                ServiceProperties properties = ServiceProperties.of(name);
                for (String env : environmentNames(service)) {
                    properties.problemWith(env).ifPresent(reasons::add);
                }
            }
            if (!reasons.isEmpty()) {
                problems.put(service, reasons);
            }
        }
        return problems;
    }

    /** Whether a service's health check is explicitly disabled ({@code healthcheck: {disable: true}}). */
    boolean healthCheckDisabled(String service) {
        return services.get(service).get("healthcheck") instanceof Map<?, ?> h && Boolean.TRUE.equals(h.get("disable"));
    }

    /** A one-shot job: it runs to completion and is never restarted ({@code restart: "no"}). */
    boolean oneShot(String service) {
        return "no".equals(String.valueOf(services.get(service).get("restart")));
    }
}
