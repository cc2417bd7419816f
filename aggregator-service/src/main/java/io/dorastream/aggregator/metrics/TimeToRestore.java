package io.dorastream.aggregator.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Time to restore (incident-based): median and p90 of {@link FailureFacts#timeToRestoreSeconds()}
 * over the resolved failures in scope, their number {@code n}, and {@code open}, the failures in
 * scope without {@code finished_at}. Each failure counts once, however many services it names (the
 * input is de-duplicated by id).
 */
public record TimeToRestore(long n, long open, Double medianSeconds, Double p90Seconds,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean approximate) {

    /** Exact figures. */
    public TimeToRestore(long n, long open, Double medianSeconds, Double p90Seconds) {
        this(n, open, medianSeconds, p90Seconds, null);
    }

    /** From the percentiles of the resolved failures' times to restore, and the open failures. */
    public static TimeToRestore of(Quantiles q, long open) {
        return new TimeToRestore(q.n(), open, q.p50(), q.p90(), q.approximateFlag());
    }

    public static TimeToRestore of(Collection<FailureFacts> failures) {
        Map<String, FailureFacts> unique = new LinkedHashMap<>();
        for (FailureFacts f : failures) {
            unique.putIfAbsent(f.id(), f);
        }
        List<Double> values = new ArrayList<>();
        long open = 0;
        for (FailureFacts f : unique.values()) {
            if (!f.resolved()) {
                open++;
            } else if (f.timeToRestoreSeconds() != null) {
                values.add(f.timeToRestoreSeconds());
            }
        }
        double[] sorted = Percentiles.sorted(values);
        return new TimeToRestore(sorted.length, open, Percentiles.percentileOfSorted(sorted, 0.5),
                Percentiles.percentileOfSorted(sorted, 0.9));
    }
}
