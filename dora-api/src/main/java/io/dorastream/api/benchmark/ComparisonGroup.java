package io.dorastream.api.benchmark;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One group a score is positioned in (e.g. industry {@code financial_services} of edition 2025):
 * per {@link Measure}, the group's mean and standard deviation <em>comparable with a score</em>
 * (higher is better; inverted and recomputed means already applied, see {@link Measure}).
 *
 * @param family  {@code industry} or {@code orgSize}
 * @param key     the group's key in its family ({@code all} exists in every family)
 * @param name    the data's own name of the group ("All industries")
 * @param edition the data's edition ({@code 2025})
 */
public record ComparisonGroup(String family, String key, String name, String edition, Map<Measure, Stat> stats) {

    /** A mean and standard deviation on the 0–10 score scale. */
    public record Stat(double mean, double std) {

        public Stat {
            if (!Double.isFinite(mean) || !(std > 0) || !Double.isFinite(std)) {
                throw new IllegalArgumentException("a group statistic needs a finite mean and a positive std, got "
                        + mean + ", " + std);
            }
        }
    }

    public ComparisonGroup {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(edition, "edition");
        EnumMap<Measure, Stat> copy = new EnumMap<>(Measure.class);
        copy.putAll(stats);
        if (copy.size() != Measure.values().length) {
            throw new IllegalArgumentException("group " + family + "=" + key + " lacks measures: has " + copy.keySet());
        }
        stats = Collections.unmodifiableMap(copy);
    }

    public Stat stat(Measure m) {
        return stats.get(m);
    }
}
