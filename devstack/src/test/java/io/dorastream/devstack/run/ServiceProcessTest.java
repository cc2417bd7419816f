package io.dorastream.devstack.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

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
}
