package io.dorastream.deploy;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * External binaries the deployment checks run ({@code docker-compose}, {@code kubectl}). The README's test command
 * must pass on a machine with only a JDK, so a missing binary skips the test, loudly; with
 * {@code -Drequire.tools=true} (what {@code .ci/run} sets) it fails it instead.
 */
public final class Tools {

    private Tools() {
    }

    /** Whether missing tools fail the tests ({@code -Drequire.tools=true}). */
    public static boolean required() {
        return Boolean.parseBoolean(System.getProperty("require.tools", "false"));
    }

    /** {@code binary} on the PATH, if there. */
    public static Optional<Path> find(String binary) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, binary);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code binary} on the PATH; when absent, fails the calling test under {@code -Drequire.tools=true}, else
     * skips it with a message on stderr (install hint: {@code .ci/run} installs it with apt).
     */
    public static Path require(String binary) {
        Optional<Path> found = find(binary);
        if (found.isPresent()) {
            return found.get();
        }
        String message = "*** " + binary + " is not installed: this check is SKIPPED. Install it (.ci/run does, with apt)"
                + " or run with -Drequire.tools=true to make its absence fail the build. ***";
        if (required()) {
            Assertions.fail(binary + " is required (-Drequire.tools=true) but not on the PATH");
        }
        System.err.println(message);
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** What a finished command gave. */
    public record Result(int exitCode, String output) {
    }

    /** Runs {@code command} in {@code dir} (stdout and stderr together), failing the test after {@code timeout}. */
    public static Result run(List<String> command, Path dir, Duration timeout) {
        try {
            Path log = Files.createTempFile("tool-", ".log");
            try {
                Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    Assertions.fail(String.join(" ", command) + " did not finish within " + timeout);
                }
                return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
