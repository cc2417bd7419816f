package io.dorastream.aggregator.rollup;

import java.util.Locale;

/** The counts a {@code deployment_daily} row holds, in its column order. */
public enum RollupCount {
    DEPLOYMENTS, CF_FAILED, CF_STABLE, CF_PENDING, LINK_FAILED, TYPE_KNOWN, REWORK;

    /** The column's name. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }
}
