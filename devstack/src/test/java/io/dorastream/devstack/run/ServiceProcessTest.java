package io.dorastream.devstack.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dorastream.devstack.Ports;

class ServiceProcessTest {

    @Test
    void theNativeHeapIsTrimmedOnlyByJvmsThatKnowTheFlag() {
        for (String v : List.of("17.0.9", "17.0.15+6", "21.0.1", "22", "25.0.1")) {
            assertTrue(ServiceProcess.trimsNativeHeap(Runtime.Version.parse(v)), v);
        }
        for (String v : List.of("17", "17.0.8", "18.0.2", "20.0.2", "21", "21+35")) {
            assertFalse(ServiceProcess.trimsNativeHeap(Runtime.Version.parse(v)), v);
        }
    }

    @Test
    void thisJvmStartsWithTheFlags() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String module : List.of("connector-service", "aggregator-service", "api-gateway")) {
            List<String> run = new ArrayList<>(cmd);
            run.addAll(ServiceProcess.jvmFlags(module));
            run.add("-version");
            Process p = new ProcessBuilder(run).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), run + " -> " + out);
        }
    }

    /**
     * A stand-in service that binds its management port as the settings file in its working directory says, as Quarkus
     * would, and exits: 1 with the bind failure's stack trace where the port is taken, 3 once bound.
     */
    private static final String FAKE_SERVICE = """
            import java.io.FileReader;
            import java.net.InetAddress;
            import java.net.ServerSocket;
            import java.util.Properties;
            public class Fake {
                public static void main(String[] args) throws Exception {
                    Properties p = new Properties();
                    try (FileReader r = new FileReader("config/application.properties")) { p.load(r); }
                    int port = Integer.parseInt(p.getProperty("quarkus.management.port"));
                    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                        System.out.println("bound " + port);
                    } catch (java.io.IOException e) {
                        e.printStackTrace();
                        System.exit(1);
                    }
                    System.exit(3);
                }
            }
            """;

    @Test
    void aPortTakenBeforeTheServiceBindsItIsToldApartFromOtherFailures(@TempDir Path dir) throws Exception {
        Path app = fakeQuarkusApp(dir.resolve("build"));
        Path work = dir.resolve("work");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServiceProcess p = ServiceProcess.start("fake", app, work, Ports.free(), taken.getLocalPort(), Map.of(), List.of());
            ServiceProcess.PortTaken e = assertThrows(ServiceProcess.PortTaken.class, () -> p.awaitReady(Duration.ofSeconds(60)));
            assertEquals("fake", e.service());
            assertTrue(Files.readString(work.resolve("fake.log")).contains("java.net.BindException"));
        }
        // the same log (appended to) still holds the first start's bind failure: only this start's lines count
        ServiceProcess again = ServiceProcess.start("fake", app, work, Ports.free(), Ports.free(), Map.of(), List.of());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> again.awaitReady(Duration.ofSeconds(60)));
        assertFalse(e instanceof ServiceProcess.PortTaken, e.getMessage());
        assertTrue(e.getMessage().contains("exited with code 3"), e.getMessage());
    }

    /** A {@code quarkus-app} directory whose {@code quarkus-run.jar} runs {@link #FAKE_SERVICE}. */
    private static Path fakeQuarkusApp(Path dir) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src")).resolve("Fake.java");
        Files.writeString(src, FAKE_SERVICE);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.toString()));
        Path app = Files.createDirectories(dir.resolve("quarkus-app"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Fake");
        try (OutputStream out = Files.newOutputStream(app.resolve("quarkus-run.jar"));
                JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new JarEntry("Fake.class"));
            jar.write(Files.readAllBytes(classes.resolve("Fake.class")));
            jar.closeEntry();
        }
        return app;
    }
}
