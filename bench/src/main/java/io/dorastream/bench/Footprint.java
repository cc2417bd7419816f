package io.dorastream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.dorastream.devstack.run.ServiceProcess;

/** Resident memory of the service processes and their start-up times (B6). */
final class Footprint {

    /** Quarkus's start-up line: "… started in 2.345s." (time from the JVM's start to ready). */
    private static final Pattern STARTED = Pattern.compile("started in (\\d+(?:\\.\\d+)?)s");

    /** The largest RSS seen per service and moment (e.g. "during B1"), in MiB. */
    private final Map<String, Double> peakMib = new ConcurrentHashMap<>();

    /** Resident set size of a process in MiB (Linux {@code /proc/<pid>/status}), or -1 when it cannot be read. */
    static double rssMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Start-up times (seconds) of services restarted alone, per service, in order. */
    private final Map<String, List<Double>> aloneSeconds = new ConcurrentHashMap<>();

    /** Records the start-up of a service just restarted alone: the last one its log reports. */
    void startedAlone(ServiceProcess s) {
        List<Double> times = startupSeconds(s.log());
        if (times.isEmpty()) {
            throw new IllegalStateException(s.name() + "'s log reports no start-up time: " + s.log());
        }
        aloneSeconds.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(times.get(times.size() - 1));
    }

    Map<String, List<Double>> startsAlone() {
        return aloneSeconds;
    }

    /** Samples every service's RSS now and keeps the largest per service under {@code moment}. */
    void sample(String moment, Iterable<ServiceProcess> services) {
        for (ServiceProcess s : services) {
            double mib = rssMib(s.pid());
            if (mib > 0) {
                peakMib.merge(s.name() + " " + moment, mib, Math::max);
            }
        }
    }

    Map<String, Double> peaks() {
        return peakMib;
    }

    /** Every start-up time (seconds) a service's log reports, oldest first. */
    static List<Double> startupSeconds(Path log) {
        List<Double> times = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(log)) {
                Matcher m = STARTED.matcher(line);
                if (m.find() && line.contains("on JVM")) {
                    times.add(Double.parseDouble(m.group(1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
        return times;
    }

    /** Whether a GraalVM {@code native-image} is on the PATH (B6 says what native mode would give only then). */
    static boolean nativeImageAvailable() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "native-image"))) {
                return true;
            }
        }
        return false;
    }
}
