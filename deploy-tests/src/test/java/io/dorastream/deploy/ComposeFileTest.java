package io.dorastream.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code docker-compose.yml}: every environment variable maps to a property its service declares, only the gateway
 * publishes a port, every container has a health check and every dependency waits on a condition, the images carry
 * the project's version, {@code .env.example} holds no secret, and {@code docker-compose config} accepts it. Broken
 * fixtures ({@code src/test/resources/compose/}) prove that the checks fail when they should.
 */
class ComposeFileTest {

    private static final Path ROOT = ServiceProperties.repositoryRoot();
    private static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    private static final Path ENV_EXAMPLE = ROOT.resolve(".env.example");
    private static final Path FIXTURES = Path.of("src/test/resources/compose").toAbsolutePath();
    /** {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME:?message}}… in the compose file. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)(?:(:?[-?+])([^}]*))?}");

    private final ComposeFile compose = ComposeFile.load(COMPOSE);

    @Test
    void everyEnvironmentVariableMapsToAPropertyOfItsService() {
        Map<String, List<String>> problems = compose.environmentProblems();
        assertTrue(problems.isEmpty(), () -> "docker-compose.yml gives variables no service reads:\n" + format(problems));
        Set<String> checked = new TreeSet<>();
        compose.services().keySet().forEach(s -> compose.checkedAs(s).ifPresent(checked::add));
        Set<String> expected = new TreeSet<>(ServiceProperties.SERVICES);
        expected.add(ServiceProperties.SIMULATOR);
        assertEquals(expected, checked, "every DoraStream image runs in the compose file");
    }

    @Test
    void aVariableNamingNoPropertyIsReported() {
        ComposeFile broken = ComposeFile.load(FIXTURES.resolve("broken-env.yml"));
        Map<String, List<String>> problems = broken.environmentProblems();
        assertEquals(Set.of("connector", "gateway"), problems.keySet(), format(problems));
        assertEquals(2, problems.get("connector").size(), format(problems));
        assertTrue(problems.get("connector").get(0).contains("DORA_CONECTOR_DB_URL"), format(problems));
        assertTrue(problems.get("connector").get(1).contains("QUARKUS_DATASOURCE_DB_KIND"), format(problems));
        assertTrue(problems.get("gateway").get(0).contains("DORASTREAM_CACHE_TTL_SECONDS"), format(problems));
    }

    @Test
    void onlyTheGatewayPublishesAPortAndOnlyItsApiPort() {
        Map<String, Object> published = new LinkedHashMap<>();
        compose.services().forEach((name, body) -> {
            if (body.containsKey("ports")) {
                published.put(name, body.get("ports"));
            }
        });
        assertEquals(Set.of("gateway"), published.keySet(), "published ports: " + published);
        List<?> ports = (List<?>) published.get("gateway");
        assertEquals(1, ports.size(), "the gateway publishes one port: " + ports);
        assertTrue(ports.get(0).toString().endsWith(":8080"), "the gateway publishes its API port 8080: " + ports);
    }

    @Test
    void everyContainerHasAHealthCheckAndEveryDependencyACondition() {
        List<String> problems = new ArrayList<>();
        compose.services().forEach((name, body) -> {
            if (!(body.get("healthcheck") instanceof Map<?, ?> check)) {
                problems.add(name + " has no healthcheck");
            } else if (compose.healthCheckDisabled(name)) {
                if (!compose.oneShot(name)) {
                    problems.add(name + " disables its healthcheck but is no one-shot job (restart: \"no\")");
                }
            } else if (!(check.get("test") instanceof List<?> test) || test.isEmpty()
                    || !List.of("CMD", "CMD-SHELL").contains(test.get(0).toString())) {
                problems.add(name + "'s healthcheck test is not a CMD list: " + check.get("test"));
            }
            Object dependsOn = body.get("depends_on");
            if (dependsOn == null) {
                return;
            }
            if (!(dependsOn instanceof Map<?, ?> dependencies)) {
                problems.add(name + ": depends_on lists services without a condition: " + dependsOn);
                return;
            }
            dependencies.forEach((dependency, spec) -> {
                Object condition = spec instanceof Map<?, ?> m ? m.get("condition") : null;
                if ("service_healthy".equals(condition)) {
                    if (!compose.services().containsKey(dependency.toString()) || compose.healthCheckDisabled(dependency.toString())) {
                        problems.add(name + " waits for " + dependency + " to be healthy, but it has no health check");
                    }
                } else if ("service_completed_successfully".equals(condition)) {
                    if (!compose.oneShot(dependency.toString())) {
                        problems.add(name + " waits for " + dependency + " to complete, but it is no one-shot job");
                    }
                } else {
                    problems.add(name + " depends on " + dependency + " without a health or completion condition: " + spec);
                }
            });
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void ourImagesCarryTheProjectVersion() throws IOException {
        String version = System.getProperty("project.version");
        assertTrue(version != null && !version.isBlank(), "project.version is set by the pom");
        for (String service : compose.services().keySet()) {
            compose.checkedAs(service).ifPresent(module -> assertTrue(
                    compose.image(service).endsWith(":${DORA_VERSION:-" + version + "}"),
                    service + "'s image is tagged ${DORA_VERSION:-" + version + "}: " + compose.image(service)));
        }
        assertEquals(version, envExample().get("DORA_VERSION"), ".env.example's DORA_VERSION");
    }

    @Test
    void envExampleHoldsEveryRequiredVariableAndNoSecret() throws IOException {
        Map<String, String> example = envExample();
        String text = Files.readString(COMPOSE, StandardCharsets.UTF_8);
        Set<String> required = new TreeSet<>();
        Set<String> referenced = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            referenced.add(m.group(1));
            if (":?".equals(m.group(2))) {
                required.add(m.group(1));
            }
        }
        for (String name : required) {
            assertTrue(example.containsKey(name), ".env.example lists " + name + ", which docker-compose.yml requires");
            assertEquals("", example.get(name), ".env.example leaves the secret " + name + " empty (a placeholder"
                    + " to fill in, never a value someone could deploy)");
            assertTrue(generationHint(name).contains("openssl rand"),
                    ".env.example says how to generate " + name + " (an openssl rand comment above it)");
        }
        for (String name : example.keySet()) {
            assertTrue(referenced.contains(name) || name.startsWith("COMPOSE_"),
                    ".env.example sets " + name + ", which docker-compose.yml never uses");
        }
    }

    @Test
    void dockerComposeAcceptsTheFile(@TempDir Path tmp) throws IOException {
        Path binary = Tools.require("docker-compose");
        Tools.Result result = config(binary, COMPOSE, dummyEnv(tmp));
        assertEquals(0, result.exitCode(), "docker-compose config -q rejects docker-compose.yml:\n" + result.output());
    }

    @Test
    void dockerComposeRejectsAMisspelledField(@TempDir Path tmp) throws IOException {
        Path binary = Tools.require("docker-compose");
        Tools.Result result = config(binary, FIXTURES.resolve("misspelled-field.yml"), dummyEnv(tmp));
        assertNotEquals(0, result.exitCode(), "docker-compose config -q accepts a misspelled field");
        assertTrue(result.output().contains("enviroment"), "the error names the field:\n" + result.output());
    }

    /** {@code docker-compose config -q} of a file, with every profile, from the repository root (relative paths). */
    private static Tools.Result config(Path binary, Path file, Path envFile) {
        return Tools.run(List.of(binary.toString(), "--project-directory", ROOT.toString(), "--file", file.toString(),
                "--env-file", envFile.toString(), "--profile", "demo", "config", "--quiet"), ROOT, Duration.ofSeconds(60));
    }

    /** {@code .env.example} with each empty value (a secret to fill in) replaced by a dummy. */
    private static Path dummyEnv(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        envExample().forEach((k, v) -> sb.append(k).append('=').append(v.isEmpty() ? "dummy-" + k.toLowerCase() : v).append('\n'));
        Path env = dir.resolve("env");
        Files.writeString(env, sb.toString());
        return env;
    }

    private static Map<String, String> envExample() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ENV_EXAMPLE, StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq < 1) {
                fail(".env.example has a line that is no NAME=value: " + line);
            }
            values.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return values;
    }

    /** The comments above a variable of {@code .env.example}, up to the blank line before them. */
    private static String generationHint(String name) throws IOException {
        List<String> lines = Files.readAllLines(ENV_EXAMPLE, StandardCharsets.UTF_8);
        int i = 0;
        while (i < lines.size() && !lines.get(i).startsWith(name + "=")) {
            i++;
        }
        StringBuilder hint = new StringBuilder();
        for (int j = i - 1; j >= 0 && !lines.get(j).isBlank(); j--) {
            hint.append(lines.get(j)).append('\n');
        }
        return hint.toString();
    }

    private static String format(Map<String, List<String>> problems) {
        StringBuilder sb = new StringBuilder();
        problems.forEach((service, reasons) -> reasons.forEach(r -> sb.append("  ").append(service).append(": ").append(r).append('\n')));
        return sb.toString();
    }
}
