package io.dorastream.aggregator.rollup;

import java.util.Locale;

/**
 * The value distributions a {@code deployment_daily} row holds (sorted arrays of seconds) and
 * {@code deployment_monthly} sketches and counts, in their column order.
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
}
