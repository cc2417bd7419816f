package io.dorastream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the figures were measured on, and at which commit. */
record Machine(Map<String, String> facts) {

    static Machine describe(Path repoRoot) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("cpu", firstMatching(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch")));
        f.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        f.put("memory", firstMatching(Path.of("/proc/meminfo"), "MemTotal").orElse("unknown"));
        f.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        f.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        f.put("load average at start", read(Path.of("/proc/loadavg")).map(s -> s.split(" ")).map(a -> a[0] + " " + a[1] + " " + a[2])
                .orElse("unknown"));
        f.put("commit", git(repoRoot, "rev-parse", "HEAD") + (git(repoRoot, "status", "--porcelain").isBlank() ? "" : " (with local changes)"));
        f.put("note", "shared machine: the load client, the three services, Kafka and PostgreSQL share these cores");
        return new Machine(f);
    }

    String summary() {
        return String.join("; ", facts.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
    }

    private static java.util.Optional<String> firstMatching(Path file, String key) {
        return read(file).flatMap(text -> text.lines().filter(l -> l.startsWith(key)).findFirst())
                .map(l -> l.substring(l.indexOf(':') + 1).trim());
    }

    private static java.util.Optional<String> read(Path file) {
        try {
            return java.util.Optional.of(Files.readString(file));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static String git(Path root, String... args) {
        try {
            String[] cmd = new String[args.length + 3];
            cmd[0] = "git";
            cmd[1] = "-C";
            cmd[2] = root.toString();
            System.arraycopy(args, 0, cmd, 3, args.length);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
