package io.dorastream.api.benchmark;

/**
 * The measures of DORA's Quick Check data ({@code benchmarks/dora-2025-*.json}), by their keys in
 * those files. Each group gives a mean and standard deviation per measure on the 0–10 scale; three
 * are stored <em>before inversion</em> (higher is worse: change fail rate and rework as
 * {@code pct / 10}, instability), so their comparable mean is {@code 10 − mean} (std unchanged).
 */
public enum Measure {
    LEAD_TIME("leadtime", false),
    DEPLOYMENT_FREQUENCY("deployfreq", false),
    FAILED_DEPLOYMENT_RECOVERY_TIME("failurerecovery", false),
    CHANGE_FAILURE_RATE("changefailure", true),
    REWORK_RATE("rework", true),
    /** The throughput aggregate: compared as is. */
    THROUGHPUT("software_delivery_throughput", false),
    /** Instability in the files; compared as stability, {@code 10 − mean}. */
    STABILITY("software_delivery_instability", true),
    /**
     * The files' value mixes directions (it averages the raw change-fail and rework values): the
     * comparable mean is recomputed as the mean of the five metrics' comparable means, the file's std kept.
     */
    PERFORMANCE_AVERAGE("performance_average", false);

    /** The five scored metrics, whose comparable means make {@link #PERFORMANCE_AVERAGE}'s. */
    public static final java.util.List<Measure> METRICS = java.util.List.of(LEAD_TIME, DEPLOYMENT_FREQUENCY,
            FAILED_DEPLOYMENT_RECOVERY_TIME, CHANGE_FAILURE_RATE, REWORK_RATE);

    private final String key;
    private final boolean inverted;

    Measure(String key, boolean inverted) {
        this.key = key;
        this.inverted = inverted;
    }

    /** The key in the data files. */
    public String key() {
        return key;
    }

    /** Whether the files store it before inversion (its comparable mean is {@code 10 − mean}). */
    public boolean inverted() {
        return inverted;
    }

    static Measure byKey(String key) {
        for (Measure m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown measure '" + key + "'");
    }
}
