package io.dorastream.systemtests;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import io.dorastream.devstack.Ports;
import io.dorastream.devstack.run.LocalStack;
import io.dorastream.devstack.run.ServiceProcess;
import io.dorastream.devstack.simulator.DatasetSpec;

/** The whole system as the run command starts it (packaged services as processes), for one test class. */
public final class Stacks {

    private Stacks() {
    }

    /**
     * Options for a stack on a fresh data directory and free ports, with the given admin token and
     * simulated organisation, logging its progress with a {@code [stack]} prefix.
     */
    public static LocalStack.Options options(String name, String adminToken, DatasetSpec dataset) throws IOException {
        Path root = Path.of(System.getProperty("dorastream.root", "..")).toAbsolutePath().normalize();
        Path data = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), name + "-stack-");
        return new LocalStack.Options(root, System.getProperty("dorastream.build.subdir", "target"), data,
                Ports.free(), Optional.empty(), Optional.of(adminToken), dataset, m -> System.out.println("[stack] " + m));
    }

    /** Stops the stack (null: never started) and checks that no service process is left running. */
    public static void stop(LocalStack stack) {
        if (stack == null) {
            return;
        }
        var services = stack.services().values();
        stack.close();
        for (ServiceProcess s : services) {
            assertFalse(s.alive(), s.name() + " still running after stop");
        }
    }

    /** Adds a named API token (by its SHA-256, as the gateway is configured) with a role to gateway settings. */
    public static void token(Map<String, String> gatewaySettings, String name, String token, String role) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            gatewaySettings.put("dorastream.auth.tokens." + name + ".sha256", HexFormat.of().formatHex(hash));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        gatewaySettings.put("dorastream.auth.tokens." + name + ".role", role);
    }
}
