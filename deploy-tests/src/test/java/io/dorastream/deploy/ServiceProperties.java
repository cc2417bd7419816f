package io.dorastream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorastream.devstack.run.DemoConnection;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What configuration a DoraStream service really declares, and whether an environment variable given to
 * it (in {@code docker-compose.yml}, a Kubernetes manifest…) maps to any of it. A renamed property then
 * breaks the build instead of a user's deployment.
 *
 * <p>Everything is read from the service's <em>packaged</em> {@code quarkus-app} (exactly what its image
 * ships), never from a list kept by hand:
 * <ul>
 *   <li>{@code ${NAME}} / {@code ${NAME:default}} references in its {@code application.properties};</li>
 *   <li>the keys of that file (without a profile, or {@code %prod.}), its {@code @ConfigMapping} interfaces
 *       (enumerated by SmallRye Config itself, map keys as wildcards) and its {@code @ConfigProperty} names;</li>
 *   <li>Quarkus properties ({@code QUARKUS_*}): the config model each extension on the service's runtime
 *       class path ships ({@code META-INF/quarkus-config-doc/quarkus-config-model.json}), with each property's
 *       phase: a property fixed at build time is reported, since setting it at run time has no effect;</li>
 *   <li>Kafka client settings ({@code KAFKA_*} → {@code kafka.*}, passed by the Kafka connector to every
 *       channel): the producer, consumer and admin config names of the service's {@code kafka-clients} jar.</li>
 * </ul>
 * A property name becomes its environment form as SmallRye Config does: upper case, every character other
 * than a letter or digit replaced by {@code _}; a map key ({@code *} or a quoted placeholder such as
 * {@code "datasource-name"}) matches any non-empty run of such characters.
 */
public final class ServiceProperties {

    /** The services whose configuration is checked, by module name. */
    public static final List<String> SERVICES = List.of("connector-service", "aggregator-service", "api-gateway");
    /**
     * The Datadog simulator's image: {@code SimulatorMain} reads only command-line options, and the demo-connection
     * job it also runs reads {@link DemoConnection.Environment#ALL}.
     */
    public static final String SIMULATOR = "simulator";

    /**
     * Variables read by the JVM or the operating system rather than by Quarkus, allowed for every service.
     * The images start {@code java} directly (no shell, no run script), so nothing else reads the environment.
     */
    public static final Map<String, String> JVM_VARIABLES = Map.of(
            "JAVA_TOOL_OPTIONS", "extra JVM options, read by the JVM itself (e.g. -XX:MaxRAMPercentage=60)",
            "JDK_JAVA_OPTIONS", "extra JVM options, read by the java launcher",
            "TZ", "the time zone of the process (DoraStream computes in UTC regardless)");

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?}");
    private static final DotName CONFIG_MAPPING = DotName.createSimple("io.smallrye.config.ConfigMapping");
    private static final DotName CONFIG_PROPERTY = DotName.createSimple("org.eclipse.microprofile.config.inject.ConfigProperty");
    private static final String QUARKUS_MODEL = "META-INF/quarkus-config-doc/quarkus-config-model.json";
    private static final List<String> KAFKA_CONFIG_CLASSES = List.of(
            "org.apache.kafka.clients.producer.ProducerConfig",
            "org.apache.kafka.clients.consumer.ConsumerConfig",
            "org.apache.kafka.clients.admin.AdminClientConfig");
    private static final Map<String, ServiceProperties> CACHE = new ConcurrentHashMap<>();

    private final String service;
    /** Variables named by a {@code ${NAME}} reference in application.properties. */
    private final Set<String> referenced;
    /** Property name patterns the service itself declares (its file, its mappings, its injection points). */
    private final List<EnvPattern> own;
    /** Quarkus extension properties: pattern → phase. */
    private final List<QuarkusProperty> quarkus;
    /** Kafka client config names, as given after {@code kafka.}. */
    private final List<EnvPattern> kafka;

    private ServiceProperties(String service, Set<String> referenced, List<EnvPattern> own,
                              List<QuarkusProperty> quarkus, List<EnvPattern> kafka) {
        this.service = service;
        this.referenced = referenced;
        this.own = own;
        this.quarkus = quarkus;
        this.kafka = kafka;
    }

    /**
     * The configuration of {@code service} ({@link #SERVICES} or {@link #SIMULATOR}), read from
     * {@code <root>/<service>/<build subdir>/quarkus-app}; the root and subdirectory come from the system
     * properties {@code dorastream.root} and {@code dorastream.build.subdir} (set by this module's pom).
     *
     * @throws IllegalArgumentException for an unknown service
     * @throws IllegalStateException when the service is not packaged
     */
    public static ServiceProperties of(String service) {
        return CACHE.computeIfAbsent(service, ServiceProperties::load);
    }

    /** The service's name, as given to {@link #of(String)}. */
    public String service() {
        return service;
    }

    /**
     * Empty when {@code envVarName} maps to configuration the service declares; else why not, naming the
     * variable and the service.
     */
    public Optional<String> problemWith(String envVarName) {
        if (envVarName == null || !envVarName.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return Optional.of("'" + envVarName + "' is not a valid environment variable name (given to " + service + ")");
        }
        if (JVM_VARIABLES.containsKey(envVarName) || referenced.contains(envVarName)) {
            return Optional.empty();
        }
        // Quarkus's model first: a build-time property stays a problem even where application.properties sets it.
        List<QuarkusProperty> quarkusMatches = quarkus.stream().filter(q -> q.pattern.matches(envVarName)).toList();
        if (quarkusMatches.stream().anyMatch(q -> q.phase.equals("RUN_TIME"))) {
            return Optional.empty();
        }
        if (!quarkusMatches.isEmpty()) {
            QuarkusProperty q = quarkusMatches.get(0);
            return Optional.of(envVarName + " maps to " + q.pattern.name + ", which " + service
                    + " fixes when it is built (" + q.phase + "): a value given at run time is ignored");
        }
        if (own.stream().anyMatch(p -> p.matches(envVarName))) {
            return Optional.empty();
        }
        if (envVarName.startsWith("KAFKA_")) {
            String rest = envVarName.substring("KAFKA_".length());
            if (kafka.stream().anyMatch(p -> p.matches(rest))) {
                return Optional.empty();
            }
        }
        return Optional.of(envVarName + " maps to no configuration property that " + service + " declares"
                + " (not referenced as ${" + envVarName + "} in its application.properties, not a key of that file,"
                + " of its @ConfigMapping interfaces, of a Quarkus extension it uses or of the Kafka client)");
    }

    /** Every property name pattern the service declares (its own, then Quarkus's), for messages and debugging. */
    public Set<String> declaredProperties() {
        Set<String> names = new TreeSet<>();
        own.forEach(p -> names.add(p.name));
        quarkus.forEach(q -> names.add(q.pattern.name));
        return names;
    }

    // --- loading

    private static ServiceProperties load(String service) {
        if (service.equals(SIMULATOR)) {
            // SimulatorMain reads only its options; DemoConnection, in the same image, these variables.
            return new ServiceProperties(service, Set.copyOf(DemoConnection.Environment.ALL), List.of(), List.of(),
                    List.of());
        }
        if (!SERVICES.contains(service)) {
            throw new IllegalArgumentException("unknown service '" + service + "'; known: " + SERVICES + " and " + SIMULATOR);
        }
        Path app = quarkusApp(service);
        List<Path> jars = new ArrayList<>();
        for (String dir : List.of("app", "lib/boot", "lib/main")) {
            jars.addAll(jarsIn(app.resolve(dir)));
        }
        Path appJar = jarsIn(app.resolve("app")).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no application jar in " + app.resolve("app")));

        Properties file = new Properties();
        Index index;
        try (JarFile jar = new JarFile(appJar.toFile())) {
            JarEntry entry = jar.getJarEntry("application.properties");
            if (entry == null) {
                throw new IllegalStateException(appJar + " holds no application.properties");
            }
            String text;
            try (InputStream in = jar.getInputStream(entry)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            file.load(new StringReader(text));
            Indexer indexer = new Indexer();
            for (JarEntry e : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                try (InputStream in = jar.getInputStream(e)) {
                    indexer.index(in);
                }
            }
            index = indexer.complete();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + appJar, e);
        }

        Set<String> referenced = new LinkedHashSet<>();
        List<EnvPattern> own = new ArrayList<>();
        for (String key : file.stringPropertyNames()) {
            Matcher m = REFERENCE.matcher(file.getProperty(key));
            while (m.find()) {
                referenced.add(m.group(1));
            }
            if (!key.startsWith("%")) {
                own.add(EnvPattern.of(key));
            } else if (key.startsWith("%prod.")) {
                own.add(EnvPattern.of(key.substring("%prod.".length())));
            }
        }
        for (AnnotationInstance a : index.getAnnotations(CONFIG_PROPERTY)) {
            AnnotationValue name = a.value("name");
            if (name != null && !name.asString().isEmpty()) {
                own.add(EnvPattern.of(name.asString()));
            }
        }

        List<QuarkusProperty> quarkus = new ArrayList<>();
        List<EnvPattern> kafka = new ArrayList<>();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        List<Path> classPath = new ArrayList<>(jars);
        classPath.add(asmJar());
        try (URLClassLoader loader = new URLClassLoader("service:" + service, urls(classPath),
                ClassLoader.getPlatformClassLoader())) {
            thread.setContextClassLoader(loader); // Kafka's ConfigDef and SmallRye resolve classes through it
            for (AnnotationInstance a : index.getAnnotations(CONFIG_MAPPING)) {
                own.addAll(mappingProperties(loader, a.target().asClass().name().toString(),
                        a.value("prefix") == null ? "" : a.value("prefix").asString()));
            }
            for (Path jar : jars) {
                quarkus.addAll(quarkusModel(jar));
            }
            for (String className : KAFKA_CONFIG_CLASSES) {
                kafka.addAll(kafkaConfigNames(loader, className));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        return new ServiceProperties(service, Set.copyOf(referenced), List.copyOf(own), List.copyOf(quarkus),
                List.copyOf(kafka));
    }

    /** The property names of one {@code @ConfigMapping} interface, as SmallRye Config enumerates them. */
    private static List<EnvPattern> mappingProperties(ClassLoader loader, String interfaceName, String prefix) {
        try {
            // All from the service's own class path (its SmallRye Config too), plus ASM, which SmallRye needs
            // to implement a mapping at run time and a packaged Quarkus app does not ship (Quarkus generates
            // the implementations when it builds).
            Class<?> mapping = Class.forName(interfaceName, false, loader);
            Class<?> configClass = Class.forName("io.smallrye.config.ConfigMappings$ConfigClass", true, loader);
            Object cc = configClass.getMethod("configClass", Class.class, String.class).invoke(null, mapping, prefix);
            Method getProperties = Class.forName("io.smallrye.config.ConfigMappings", true, loader)
                    .getMethod("getProperties", configClass);
            Map<?, ?> properties = (Map<?, ?>) getProperties.invoke(null, cc);
            return properties.keySet().stream().map(k -> EnvPattern.of(k.toString())).toList();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot read the @ConfigMapping " + interfaceName + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot read the @ConfigMapping " + interfaceName + ": " + e, e);
        }
    }

    /** The properties of the Quarkus config model a runtime jar ships, if any. */
    private static List<QuarkusProperty> quarkusModel(Path jarPath) {
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            JarEntry entry = jar.getJarEntry(QUARKUS_MODEL);
            if (entry == null) {
                return List.of();
            }
            JsonNode model;
            try (InputStream in = jar.getInputStream(entry)) {
                model = new ObjectMapper().readTree(in);
            }
            List<QuarkusProperty> out = new ArrayList<>();
            for (JsonNode root : model.path("configRoots")) {
                collect(root.path("items"), out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jarPath, e);
        }
    }

    private static void collect(JsonNode items, List<QuarkusProperty> out) {
        for (JsonNode item : items) {
            if (item.has("items")) {
                collect(item.path("items"), out);
                continue;
            }
            String phase = item.path("phase").asText("RUN_TIME");
            List<JsonNode> paths = new ArrayList<>();
            paths.add(item.path("path"));
            item.path("additionalPaths").forEach(paths::add);
            for (JsonNode path : paths) {
                String property = path.path("property").asText("");
                if (!property.isEmpty()) {
                    out.add(new QuarkusProperty(EnvPattern.of(property), phase));
                }
            }
        }
    }

    private static List<EnvPattern> kafkaConfigNames(ClassLoader loader, String className) {
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            return List.of(); // the service does not use Kafka
        }
        try {
            Collection<?> names = (Collection<?>) type.getMethod("configNames").invoke(null);
            return names.stream().map(n -> EnvPattern.of(n.toString())).toList();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot list " + className + "'s config names: " + e, e);
        }
    }

    private static Path asmJar() {
        try {
            return Path.of(org.objectweb.asm.ClassVisitor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path quarkusApp(String service) {
        String subdir = System.getProperty("dorastream.build.subdir", "target");
        Path app = repositoryRoot().resolve(service).resolve(subdir).resolve("quarkus-app");
        if (!Files.isDirectory(app.resolve("lib/main"))) {
            throw new IllegalStateException(service + " is not packaged (no " + app + "): build it first, e.g. "
                    + "./mvnw -pl deploy-tests -am verify");
        }
        return app;
    }

    /** The checkout: {@code dorastream.root}, else the nearest directory up from here holding this module. */
    public static Path repositoryRoot() {
        String root = System.getProperty("dorastream.root");
        if (root != null && !root.isBlank()) {
            return Path.of(root).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy-tests")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root: set -Ddorastream.root");
    }

    private static List<Path> jarsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URL[] urls(List<Path> jars) {
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
        return urls.toArray(URL[]::new);
    }

    /** A Quarkus property of the config model, with its phase ({@code RUN_TIME}, {@code BUILD_AND_RUN_TIME_FIXED}…). */
    private record QuarkusProperty(EnvPattern pattern, String phase) {
    }

    /**
     * A property name and the environment variable names that map to it: its SmallRye environment form, with
     * map keys ({@code *}, a quoted segment) and list indexes ({@code [*]}, {@code [0]}) as wildcards.
     */
    record EnvPattern(String name, Pattern regex) {

        static final Map<String, EnvPattern> INTERNED = new ConcurrentHashMap<>();

        static EnvPattern of(String property) {
            return INTERNED.computeIfAbsent(property, p -> new EnvPattern(p, Pattern.compile(toRegex(p))));
        }

        boolean matches(String envVarName) {
            return regex.matcher(envVarName).matches();
        }

        /** The environment form of a property name ({@code a.b-c} → {@code A_B_C}), no wildcards. */
        static String envForm(String property) {
            StringBuilder sb = new StringBuilder(property.length());
            for (char c : property.toCharArray()) {
                sb.append(Character.isLetterOrDigit(c) && c < 128 ? Character.toUpperCase(c) : '_');
            }
            return sb.toString();
        }

        private static String toRegex(String property) {
            StringBuilder regex = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            int i = 0;
            while (i < property.length()) {
                char c = property.charAt(i);
                int end = -1;
                String wildcard = null;
                if (c == '"') {
                    end = property.indexOf('"', i + 1);
                    wildcard = "[A-Z0-9_]+"; // the key, with or without the quotes' underscores
                } else if (c == '*' && (i == 0 || property.charAt(i - 1) == '.')) {
                    end = i;
                    wildcard = "[A-Z0-9_]+";
                } else if (c == '[') {
                    end = property.indexOf(']', i);
                    wildcard = "_[0-9]+_";
                }
                if (wildcard != null && end >= i) {
                    regex.append(Pattern.quote(envForm(literal.toString())).replace("\\Q\\E", ""));
                    literal.setLength(0);
                    regex.append(wildcard);
                    i = end + 1;
                } else {
                    literal.append(c);
                    i++;
                }
            }
            regex.append(Pattern.quote(envForm(literal.toString())));
            return regex.toString().replace("\\Q\\E", "");
        }
    }

    /** Problems of several variables at once: variable → reason, in the given order. */
    public Map<String, String> problemsWith(Collection<String> envVarNames) {
        Map<String, String> problems = new LinkedHashMap<>();
        for (String name : envVarNames) {
            problemWith(name).ifPresent(p -> problems.put(name, p));
        }
        return problems;
    }

    @Override
    public String toString() {
        return "ServiceProperties[" + service + ", " + own.size() + " own, " + quarkus.size() + " Quarkus, "
                + kafka.size() + " Kafka properties]";
    }
}
