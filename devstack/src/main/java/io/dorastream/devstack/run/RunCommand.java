package io.dorastream.devstack.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code ./dorastream run [--fresh]}: the whole system on embedded defaults. Prints the gateway URL,
 * an admin token and a {@code curl} that shows metrics, then {@code DoraStream is ready}; Ctrl-C
 * stops every process it started.
 */
public final class RunCommand {

    private RunCommand() {
    }

    public static void main(String[] args) throws InterruptedException {
        quietLibraries();
        Path root = Path.of(System.getProperty("dorastream.root", ".")).toAbsolutePath().normalize();
        Path data = root.resolve(".dorastream");
        boolean fresh = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "run" -> {
                }
                case "--fresh" -> fresh = true;
                case "--data-dir" -> data = Path.of(args[++i]).toAbsolutePath();
                default -> {
                    System.err.println("usage: dorastream run [--fresh] [--data-dir DIR]");
                    System.exit(2);
                }
            }
        }
        if (fresh) {
            System.out.println("--fresh: wiping " + data);
            deleteTree(data);
        }
        LocalStack.Options options = LocalStack.Options.fromEnvironment(root, data, m -> System.out.println("… " + m));
        long t0 = System.nanoTime();
        LocalStack stack;
        try {
            stack = LocalStack.start(options);
        } catch (RuntimeException e) {
            System.err.println("DoraStream failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping DoraStream…");
            stack.close();
            stopped.countDown();
        }, "dorastream-stop"));

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String from = today.minusDays(120).toString();
        String to = today.plusDays(1).toString();
        String metrics = stack.gatewayUri() + "/api/v1/metrics/dora?from=" + from + "&to=" + to;
        if (stack.simulator() != null) {
            long expected = stack.expectedDeployments(LocalDate.parse(from).atStartOfDay(ZoneOffset.UTC).toInstant(),
                    LocalDate.parse(to).atStartOfDay(ZoneOffset.UTC).toInstant());
            awaitDemoSync(stack, "/api/v1/metrics/dora?from=" + from + "&to=" + to, expected);
            System.out.println("demo dataset: " + expected + " deployments between " + from + " and " + to);
        }
        System.out.printf("%nDoraStream is up in %d s%n", Duration.ofNanos(System.nanoTime() - t0).toSeconds());
        System.out.println("  dashboard:   " + stack.gatewayUri() + "/  (sign in with the admin token)");
        System.out.println("  gateway:     " + stack.gatewayUri());
        System.out.println("  admin token: " + stack.adminToken());
        System.out.println("  OpenAPI:     " + stack.gatewayUri() + "/q/openapi");
        System.out.println("  health:      " + stack.services().get("api-gateway").managementUri() + "/q/health, metrics: /q/metrics");
        System.out.println("  logs:        " + data.resolve("services"));
        System.out.println("  try:         curl -H 'Authorization: Bearer " + stack.adminToken() + "' '" + metrics + "'");
        System.out.println("DoraStream is ready (Ctrl-C stops everything)");
        stopped.await();
    }

    /** Waits (at most two minutes) until the gateway serves the demo dataset's deployment count. */
    private static void awaitDemoSync(LocalStack stack, String path, long expected) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            try {
                JsonNode summary = stack.call("GET", path, null, 200);
                seen = summary.path("deploymentFrequency").path("count").asLong(-1);
                if (seen == expected) {
                    return;
                }
            } catch (RuntimeException e) {
                // a service still warming up: try again
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        System.out.println("… the demo sync is still running (" + seen + " of " + expected + " deployments so far)");
    }

    private static void quietLibraries() {
        for (String name : new String[] { "", "kafka", "org.apache.kafka", "state.change.logger", "io.zonky" }) {
            Logger.getLogger(name).setLevel(Level.WARNING);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe " + dir, e);
        }
    }

}
