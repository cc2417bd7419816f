package io.dorastream.systemtests.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.systemtests.metrics.ReferenceMetrics.Figures;

/**
 * Compares one figure set of the API (a summary, a time-series point, a breakdown item) with the
 * reference, collecting every difference so that one failed run shows them all. The API serves
 * unrounded values, so doubles must agree to a relative {@value #TOLERANCE}.
 */
public final class FigureComparison {

    static final double TOLERANCE = 1e-9;

    /**
     * docs/metrics.md: percentiles are exact; only where a figure's {@code n} exceeds this may a sketch serve
     * them instead, with at most {@link #SKETCH_ERROR} relative error, and the figure then says
     * {@code "approximate": true}.
     */
    static final long SKETCH_ALLOWED_ABOVE = 100_000;
    static final double SKETCH_ERROR = 0.01;

    /** The figures the 2025 edition scores, by their JSON names. */
    static final List<String> SCORED = List.of("deploymentFrequency", "changeLeadTime", "changeFailureRate",
            "failedDeploymentRecoveryTime", "reworkRate");

    private final String label;
    private final List<String> differences = new ArrayList<>();

    private FigureComparison(String label) {
        this.label = label;
    }

    /** The differences between {@code actual} and {@code expected}, each naming the scope and the figure. */
    public static List<String> differences(String label, Figures expected, JsonNode actual) {
        FigureComparison c = new FigureComparison(label);
        JsonNode df = actual.path("deploymentFrequency");
        c.exact("deploymentFrequency.count", expected.count(), df.path("count"));
        c.number("deploymentFrequency.perDay", expected.perDay(), df.path("perDay"));
        c.exact("deploymentFrequency.deploymentDays", expected.deploymentDays(), df.path("deploymentDays"));
        c.number("deploymentFrequency.medianDeploymentDaysPerWeek", expected.medianDaysPerWeek(),
                df.path("medianDeploymentDaysPerWeek"));
        c.number("deploymentFrequency.medianDeploymentDaysPerMonth", expected.medianDaysPerMonth(),
                df.path("medianDeploymentDaysPerMonth"));
        JsonNode lt = actual.path("changeLeadTime");
        c.exact("changeLeadTime.n", expected.leadN(), lt.path("n"));
        c.percentile("changeLeadTime.medianSeconds", expected.leadN(), expected.leadMedian(), lt, "medianSeconds");
        c.percentile("changeLeadTime.p75Seconds", expected.leadN(), expected.leadP75(), lt, "p75Seconds");
        c.percentile("changeLeadTime.p90Seconds", expected.leadN(), expected.leadP90(), lt, "p90Seconds");
        JsonNode cfr = actual.path("changeFailureRate");
        c.text("changeFailureRate.method", expected.method(), cfr.path("method"));
        c.exact("changeFailureRate.deployments", expected.cfrDeployments(), cfr.path("deployments"));
        c.exact("changeFailureRate.evaluated", expected.cfrEvaluated(), cfr.path("evaluated"));
        c.exact("changeFailureRate.failed", expected.cfrFailed(), cfr.path("failed"));
        c.exact("changeFailureRate.pending", expected.cfrPending(), cfr.path("pending"));
        c.number("changeFailureRate.rate", expected.cfrRate(), cfr.path("rate"));
        c.interval("changeFailureRate.ci95", expected.cfrCi95(), cfr.path("ci95"));
        JsonNode fdrt = actual.path("failedDeploymentRecoveryTime");
        c.exact("failedDeploymentRecoveryTime.n", expected.recoveryN(), fdrt.path("n"));
        c.percentile("failedDeploymentRecoveryTime.medianSeconds", expected.recoveryN(), expected.recoveryMedian(), fdrt,
                "medianSeconds");
        c.percentile("failedDeploymentRecoveryTime.p90Seconds", expected.recoveryN(), expected.recoveryP90(), fdrt, "p90Seconds");
        JsonNode ttr = actual.path("timeToRestore");
        c.exact("timeToRestore.n", expected.restoreN(), ttr.path("n"));
        c.exact("timeToRestore.open", expected.restoreOpen(), ttr.path("open"));
        c.percentile("timeToRestore.medianSeconds", expected.restoreN(), expected.restoreMedian(), ttr, "medianSeconds");
        c.percentile("timeToRestore.p90Seconds", expected.restoreN(), expected.restoreP90(), ttr, "p90Seconds");
        JsonNode rw = actual.path("reworkRate");
        c.exact("reworkRate.known", expected.reworkKnown(), rw.path("known"));
        c.exact("reworkRate.rework", expected.rework(), rw.path("rework"));
        c.number("reworkRate.rate", expected.reworkRate(), rw.path("rate"));
        c.interval("reworkRate.ci95", expected.reworkCi95(), rw.path("ci95"));
        JsonNode rem = actual.path("remediation");
        c.number("remediation.rollbackRate", expected.rollbackRate(), rem.path("rollbackRate"));
        Map<String, Long> byType = new TreeMap<>();
        rem.path("byType").fields().forEachRemaining(e -> {
            if (e.getValue().asLong() != 0) {
                byType.put(e.getKey(), e.getValue().asLong());
            }
        });
        if (!byType.equals(expected.byType())) {
            c.differ("remediation.byType", expected.byType(), byType);
        }
        ReferenceScores.lowSamples(expected).forEach((figure, low) -> {
            JsonNode flag = actual.path(figure).path("lowSample");
            if (!flag.isBoolean() || flag.asBoolean() != low) {
                c.differ(figure + ".lowSample", low, flag);
            }
        });
        return c.differences;
    }

    /** Under a benchmark without scores: no figure has a score or a position, and there is no profile. */
    static List<String> unscored(String label, JsonNode actual) {
        FigureComparison c = new FigureComparison(label);
        for (String figure : SCORED) {
            if (actual.path(figure).has("score") || actual.path(figure).has("position")) {
                c.differ(figure + ".score/position", "absent", actual.path(figure));
            }
        }
        if (actual.has("profile")) {
            c.differ("profile", "absent", actual.path("profile"));
        }
        return c.differences;
    }

    /** The five scores with their positions, and the profile, against {@link ReferenceScores}; levels null. */
    static List<String> scored(String label, Map<String, ReferenceScores.Scored> expected, JsonNode actual) {
        FigureComparison c = new FigureComparison(label);
        expected.forEach((name, e) -> {
            JsonNode node = name.startsWith("profile.") ? actual.path("profile").path(name.substring("profile.".length()))
                    : actual.path(name);
            if (!name.startsWith("profile.")) {
                if (name.equals("reworkRate")) {
                    if (node.has("level")) { // no edition gives rework rate a level: the field never exists
                        c.differ(name + ".level", "absent", node.path("level"));
                    }
                } else if (!node.has("level") || !node.get("level").isNull()) {
                    c.differ(name + ".level", null, node.path("level"));
                }
                if (!node.has("score") || !node.has("position")) {
                    c.differ(name + ".score/position", "present", node);
                    return;
                }
            }
            if (e == null) {
                if (!node.isNull()) {
                    c.differ(name, null, node);
                }
                return;
            }
            c.number(name + ".score", e.score(), node.path("score"));
            if (e.place() == null) {
                c.number(name + ".position", null, node.path("position"));
            } else {
                JsonNode p = node.path("position");
                c.text(name + ".position.family", e.place().family(), p.path("family"));
                c.text(name + ".position.group", e.place().group(), p.path("group"));
                c.text(name + ".position.edition", "2025", p.path("edition"));
                c.number(name + ".position.z", e.place().z(), p.path("z"));
                c.number(name + ".position.percentile", e.place().percentile(), p.path("percentile"));
            }
            if (e.partial() != null) {
                if (!node.path("partial").isBoolean() || node.path("partial").asBoolean() != e.partial()) {
                    c.differ(name + ".partial", e.partial(), node.path("partial"));
                }
                if (!node.path("lowSample").isBoolean() || node.path("lowSample").asBoolean() != e.lowSample()) {
                    c.differ(name + ".lowSample", e.lowSample(), node.path("lowSample"));
                }
            }
        });
        return c.differences;
    }

    private void exact(String figure, long expected, JsonNode actual) {
        if (!actual.isIntegralNumber() || actual.asLong() != expected) {
            differ(figure, expected, actual);
        }
    }

    private void text(String figure, String expected, JsonNode actual) {
        if (!Objects.equals(expected, actual.isTextual() ? actual.asText() : null)) {
            differ(figure, expected, actual);
        }
    }

    private void number(String figure, Double expected, JsonNode actual) {
        if (expected == null) {
            if (!actual.isNull()) {
                differ(figure, null, actual);
            }
            return;
        }
        if (!actual.isNumber()) {
            differ(figure, expected, actual);
            return;
        }
        double a = actual.asDouble();
        if (Math.abs(a - expected) > TOLERANCE * Math.max(1.0, Math.abs(expected))) {
            differ(figure, expected, actual);
        }
    }

    /**
     * A percentile of a figure over {@code n} values: exact, unless the figure says {@code "approximate": true},
     * which it may only above {@link #SKETCH_ALLOWED_ABOVE} values, and then within {@link #SKETCH_ERROR}.
     */
    private void percentile(String figure, long n, Double expected, JsonNode owner, String field) {
        JsonNode actual = owner.path(field);
        if (!owner.path("approximate").asBoolean(false)) {
            number(figure, expected, actual);
            return;
        }
        if (n <= SKETCH_ALLOWED_ABOVE) {
            differ(figure + " (approximate over " + n + " values)", "exact", actual);
            return;
        }
        if (expected == null || !actual.isNumber()
                || Math.abs(actual.asDouble() - expected) > SKETCH_ERROR * Math.abs(expected) + TOLERANCE) {
            differ(figure + " (approximate)", expected + " within " + SKETCH_ERROR * 100 + " %", actual);
        }
    }

    /** An interval served as {@code [low, high]}, or null. */
    private void interval(String figure, List<Double> expected, JsonNode actual) {
        if (expected == null) {
            number(figure, null, actual);
            return;
        }
        if (!actual.isArray() || actual.size() != 2) {
            differ(figure, expected, actual);
            return;
        }
        number(figure + "[0]", expected.get(0), actual.get(0));
        number(figure + "[1]", expected.get(1), actual.get(1));
    }

    private void differ(String figure, Object expected, Object actual) {
        differences.add(label + ": " + figure + " expected " + expected + " but was " + actual);
    }
}
