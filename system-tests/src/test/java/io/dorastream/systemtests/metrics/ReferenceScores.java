package io.dorastream.systemtests.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dorastream.systemtests.metrics.ReferenceMetrics.Figures;
import io.dorastream.systemtests.metrics.ReferenceMetrics.Scope;

/**
 * The independent reading of DORA's 2025 Quick Check scoring (docs/metrics.md, "dora-2025", and the
 * reference page it follows): scores from the {@link ReferenceMetrics} figures, positions against the
 * published group data, Φ by numerical integration. It reads the data files the repository ships
 * (the published numbers) and shares no code with the aggregator or the contract module.
 */
public final class ReferenceScores {

    /** The services run with the default {@code dorastream.metrics.min-sample}. */
    static final long MIN_SAMPLE = 10;

    /** A score's expected position. */
    public record Place(String family, String group, double z, double percentile) {
    }

    /** An expected scored figure or aggregate: score null without data (then no place). */
    public record Scored(Double score, Place place, boolean lowSample, Boolean partial) {
    }

    private final JsonNode industry;
    private final JsonNode orgSize;

    public ReferenceScores() {
        ObjectMapper json = new ObjectMapper();
        Path dir = benchmarks();
        try {
            industry = json.readTree(dir.resolve("dora-2025-industry.json").toFile());
            orgSize = json.readTree(dir.resolve("dora-2025-organization-size.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample of each figure below the minimum (docs/metrics.md's table), keyed by the JSON name of the figure. */
    static Map<String, Boolean> lowSamples(Figures f) {
        Map<String, Boolean> low = new LinkedHashMap<>();
        low.put("deploymentFrequency", f.count() < MIN_SAMPLE);
        low.put("changeLeadTime", f.leadN() < MIN_SAMPLE);
        low.put("changeFailureRate", f.cfrEvaluated() < MIN_SAMPLE);
        low.put("failedDeploymentRecoveryTime", f.recoveryN() < MIN_SAMPLE);
        low.put("timeToRestore", f.restoreN() < MIN_SAMPLE);
        low.put("reworkRate", f.reworkKnown() < MIN_SAMPLE);
        return low;
    }

    /**
     * The five scored figures (by JSON name) and the profile's three aggregates ({@code profile.throughput}, …)
     * of one scope in the group {@code family=key}.
     */
    public Map<String, Scored> expected(Figures f, Scope scope, String family, String key) {
        JsonNode group = ("industry".equals(family) ? industry : orgSize).path(key);
        if (group.isMissingNode()) {
            throw new IllegalArgumentException("no group " + family + "=" + key);
        }
        boolean reversedRecovery = "orgSize".equals(family); // that file stores recovery time as 10 − value
        double seconds = (scope.to().toEpochMilli() - scope.from().toEpochMilli()) / 1000.0;
        Double df = bucketScore(f.count() == 0 ? Double.POSITIVE_INFINITY : seconds / f.count());
        Double lt = f.leadMedian() == null ? null : bucketScore(f.leadMedian());
        Double fr = f.recoveryMedian() == null ? null : bucketScore(f.recoveryMedian());
        Double cf = f.cfrEvaluated() == 0 ? null : 10 - (100.0 * f.cfrFailed() / f.cfrEvaluated()) / 10;
        Double rw = f.reworkKnown() == 0 ? null : 10 - (100.0 * f.rework() / f.reworkKnown()) / 10;

        double[] lead = stat(group, "leadtime", false);
        double[] freq = stat(group, "deployfreq", false);
        double[] recovery = stat(group, "failurerecovery", reversedRecovery);
        double[] failures = stat(group, "changefailure", true);
        double[] rework = stat(group, "rework", true);
        double[] throughput = stat(group, "software_delivery_throughput", false);
        double[] stability = stat(group, "software_delivery_instability", true);
        double[] average = {(lead[0] + freq[0] + recovery[0] + failures[0] + rework[0]) / 5,
                group.path("performance_average").path("std").asDouble()};

        Map<String, Boolean> low = lowSamples(f);
        Map<String, Scored> out = new LinkedHashMap<>();
        out.put("deploymentFrequency", scored(df, freq, family, key, low.get("deploymentFrequency"), null));
        out.put("changeLeadTime", scored(lt, lead, family, key, low.get("changeLeadTime"), null));
        out.put("changeFailureRate", scored(cf, failures, family, key, low.get("changeFailureRate"), null));
        out.put("failedDeploymentRecoveryTime", scored(fr, recovery, family, key, low.get("failedDeploymentRecoveryTime"), null));
        out.put("reworkRate", scored(rw, rework, family, key, low.get("reworkRate"), null));
        out.put("profile.throughput", mean(new Double[] {lt, df, fr}, new boolean[] {low.get("changeLeadTime"),
                low.get("deploymentFrequency"), low.get("failedDeploymentRecoveryTime")}, throughput, family, key));
        out.put("profile.stability", mean(new Double[] {cf, rw}, new boolean[] {low.get("changeFailureRate"),
                low.get("reworkRate")}, stability, family, key));
        out.put("profile.performanceAverage", mean(new Double[] {lt, df, fr, cf, rw}, new boolean[] {low.get("changeLeadTime"),
                low.get("deploymentFrequency"), low.get("failedDeploymentRecoveryTime"), low.get("changeFailureRate"),
                low.get("reworkRate")}, average, family, key));
        return out;
    }

    /** The answer scale: under 1 h 6, under a day 5, under a week 4, under 30 days 3, under 182.5 days 2, else 1; (c − 1) × 2. */
    static double bucketScore(double seconds) {
        double hour = 3600;
        double day = 24 * hour;
        int category;
        if (seconds < hour) {
            category = 6;
        } else if (seconds < day) {
            category = 5;
        } else if (seconds < 7 * day) {
            category = 4;
        } else if (seconds < 30 * day) {
            category = 3;
        } else if (seconds < 182.5 * day) {
            category = 2;
        } else {
            category = 1;
        }
        return (category - 1) * 2.0;
    }

    /** {mean, std} made comparable with a score: {@code 10 − mean} for what the file stores inverted. */
    private static double[] stat(JsonNode group, String measure, boolean inverted) {
        JsonNode s = group.path(measure);
        double mean = s.path("mean").asDouble();
        return new double[] {inverted ? 10 - mean : mean, s.path("std").asDouble()};
    }

    private static Scored scored(Double score, double[] stat, String family, String key, boolean low, Boolean partial) {
        if (score == null) {
            return new Scored(null, null, low, partial);
        }
        double z = (score - stat[0]) / stat[1];
        return new Scored(score, new Place(family, key, z, normalCdf(z)), low, partial);
    }

    private static Scored mean(Double[] scores, boolean[] lows, double[] stat, String family, String key) {
        List<Double> present = new ArrayList<>();
        boolean low = false;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] != null) {
                present.add(scores[i]);
            }
            low |= lows[i];
        }
        if (present.isEmpty()) {
            return null;
        }
        double sum = 0;
        for (double s : present) {
            sum += s;
        }
        return scored(sum / present.size(), stat, family, key, low, present.size() < scores.length);
    }

    /** Φ(z) = ½ ± ∫₀^|z| φ(t) dt, the integral by Simpson's rule on 20,000 intervals. */
    static double normalCdf(double z) {
        double a = Math.abs(z);
        int n = 20_000;
        double h = a / n;
        double sum = density(0) + density(a);
        for (int i = 1; i < n; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * density(i * h);
        }
        double integral = sum * h / 3;
        return z < 0 ? 0.5 - integral : 0.5 + integral;
    }

    private static double density(double t) {
        return Math.exp(-t * t / 2) / Math.sqrt(2 * Math.PI);
    }

    /** The repository's {@code dora-api/src/main/resources/benchmarks}: under {@code dorastream.root} (set by the build), else above the working directory. */
    private static Path benchmarks() {
        String root = System.getProperty("dorastream.root");
        for (Path dir = root != null ? Path.of(root).toAbsolutePath() : Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path b = dir.resolve("dora-api/src/main/resources/benchmarks");
            if (Files.isDirectory(b)) {
                return b;
            }
        }
        throw new IllegalStateException("dora-api/src/main/resources/benchmarks not found above " + Path.of("").toAbsolutePath());
    }
}
