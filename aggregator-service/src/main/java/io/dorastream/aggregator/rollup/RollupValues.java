package io.dorastream.aggregator.rollup;

import java.util.Locale;

/**
 * The value distributions a {@code deployment_daily} row holds (sorted arrays of seconds) and
 * {@code deployment_monthly} sketches and counts, in their column order; the recovery times' monthly rows also
 * hold each value ({@link #exactColumn()}).
 */
public enum RollupValues {
    /** Lead times for changes. */
    LEAD_TIMES,
    /** Recovery times of the deployments failed under {@code change_failure}. */
    CF_RECOVERY,
    /** Recovery times of the deployments failed under {@code incident_link}. */
    LINK_RECOVERY;

    /** The column's name. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The column holding the number of values ({@code deployment_monthly}, and the queries' results). */
    public String sizeColumn() {
        return "n_" + column();
    }

    /**
     * Whether the monthly rows hold each of its values exactly ({@link #exactColumn()}), so that an exact percentile
     * over whole months reads one row per month instead of every daily row: the recovery times, which only the
     * failed deployments have (about a tenth of them). Not the lead times: every deployment has one, nearly all
     * distinct, so their monthly values would be as many as the events; above the exact limit they come from the sketches.
     */
    public boolean keptMonthly() {
        return this != LEAD_TIMES;
    }

    /**
     * The monthly column holding the values where {@link #keptMonthly()}: sorted, each as often as it occurs, whole
     * seconds as the deployments store them (the daily rows' form).
     */
    public String exactColumn() {
        if (!keptMonthly()) {
            throw new IllegalStateException(this + " is not kept value by value");
        }
        return column() + "_values";
    }

    /** The distributions whose monthly rows hold each value, in column order. */
    public static java.util.List<RollupValues> withMonthlyValues() {
        return java.util.stream.Stream.of(values()).filter(RollupValues::keptMonthly).toList();
    }
}
