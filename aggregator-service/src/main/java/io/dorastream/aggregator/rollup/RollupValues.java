package io.dorastream.aggregator.rollup;

import java.util.Locale;

/**
 * The value distributions a {@code deployment_daily} row holds (sorted arrays of seconds) and
 * {@code deployment_monthly} sketches and counts, in their column order; the recovery times' monthly rows also
 * count each value ({@link #exactColumn()}).
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
     * Whether the monthly rows count each of its values exactly ({@link #exactColumn()}), so that an exact percentile
     * over whole months reads one row per month instead of every daily row: the recovery times, which only the
     * failed deployments have (about a tenth of them). Not the lead times: every deployment has one, nearly all
     * distinct, so their counts would be as large as the events; above the exact limit they come from the sketches.
     */
    public boolean countedMonthly() {
        return this != LEAD_TIMES;
    }

    /**
     * The monthly column counting each value ({@code {"seconds": n}}, the seconds as a whole number, as the
     * deployments store them) where {@link #countedMonthly()}.
     */
    public String exactColumn() {
        if (!countedMonthly()) {
            throw new IllegalStateException(this + " is not counted value by value");
        }
        return column() + "_values";
    }

    /** The distributions whose monthly rows count each value, in column order. */
    public static java.util.List<RollupValues> counted() {
        return java.util.stream.Stream.of(values()).filter(RollupValues::countedMonthly).toList();
    }
}
