package io.dorastream.aggregator.rollup;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.dorastream.api.metrics.Remediation;

/**
 * The net change a batch makes to {@code deployment_daily}: per rollup row, count deltas, the values
 * entering and leaving its distributions and remediation count deltas. A deployment's contribution
 * leaves with its old facts and enters with its new ones; what cancels out (an update that keeps the
 * lead time, a verdict moving back) costs nothing when written. Which columns a deployment counts in
 * is decided here and in {@link RollupSql#ROWS_OF_DEPLOYMENTS} (the rebuild's form), which must agree.
 */
public final class RollupDelta {

    /** A rollup row's primary key ('' for none). */
    public record Key(UUID connectionId, LocalDate day, String service, String env, String team) {
    }

    private final Map<Key, Entry> entries = new LinkedHashMap<>();

    /** Adds ({@code sign} +1) or removes (-1) a deployment's whole contribution. */
    public void add(DeploymentRow d, int sign) {
        Entry e = entries.computeIfAbsent(d.rollupKey(), k -> new Entry());
        e.deployments += sign;
        String type = d.remediationType() == null ? Remediation.UNKNOWN : d.remediationType();
        if (d.changeFailure() == null) {
            e.cfPending += sign;
        } else if (d.changeFailure()) {
            e.cfFailed += sign;
            e.cfRemediation.merge(type, (long) sign, Long::sum);
            if (d.recoveryTimeSec() != null) {
                e.cfRecovery.merge(d.recoveryTimeSec().doubleValue(), (long) sign, Long::sum);
            }
        } else {
            e.cfStable += sign;
        }
        if (d.linkFailed()) {
            e.linkFailed += sign;
            e.linkRemediation.merge(type, (long) sign, Long::sum);
            if (d.recoveryTimeSec() != null) {
                e.linkRecovery.merge(d.recoveryTimeSec().doubleValue(), (long) sign, Long::sum);
            }
        }
        if (d.deploymentType() != null) {
            e.typeKnown += sign;
            if (d.isRework()) {
                e.rework += sign;
            }
        }
        if (d.leadTimeSec() != null) {
            e.leadTimes.merge(d.leadTimeSec(), (long) sign, Long::sum);
        }
    }

    /** The rows that change, in the order first touched. */
    public Map<Key, Entry> changes() {
        Map<Key, Entry> out = new LinkedHashMap<>();
        entries.forEach((k, e) -> {
            if (!e.isEmpty()) {
                out.put(k, e);
            }
        });
        return out;
    }

    /**
     * The net change of the value distributions per month (keys with the first day of the month), for
     * {@code deployment_sketch_monthly}; months whose values only moved between days are left out.
     */
    public Map<Key, Values> monthlyValues() {
        Map<Key, Values> months = new LinkedHashMap<>();
        entries.forEach((k, e) -> {
            Values v = months.computeIfAbsent(new Key(k.connectionId(), k.day().withDayOfMonth(1), k.service(), k.env(), k.team()),
                    x -> new Values());
            e.leadTimes.forEach((x, n) -> v.net[0].merge(x, n, Long::sum));
            e.cfRecovery.forEach((x, n) -> v.net[1].merge(x, n, Long::sum));
            e.linkRecovery.forEach((x, n) -> v.net[2].merge(x, n, Long::sum));
        });
        months.values().removeIf(Values::isEmpty);
        return months;
    }

    /** Net value changes of the three distributions: lead times, recovery times (change_failure, incident_link). */
    public static final class Values {
        public static final int FAMILIES = 3;
        @SuppressWarnings("unchecked")
        final TreeMap<Double, Long>[] net = new TreeMap[] { new TreeMap<>(), new TreeMap<>(), new TreeMap<>() };

        /** The values entering distribution {@code family}, ascending. */
        public Double[] in(int family) {
            return Entry.values(net[family], 1);
        }

        /** The values leaving distribution {@code family}, ascending. */
        public Double[] out(int family) {
            return Entry.values(net[family], -1);
        }

        public boolean anyOut() {
            for (TreeMap<Double, Long> m : net) {
                if (m.values().stream().anyMatch(n -> n < 0)) {
                    return true;
                }
            }
            return false;
        }

        boolean isEmpty() {
            for (TreeMap<Double, Long> m : net) {
                if (m.values().stream().anyMatch(n -> n != 0)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One rollup row's net change. */
    public static final class Entry {
        long deployments;
        long cfFailed;
        long cfStable;
        long cfPending;
        long linkFailed;
        long typeKnown;
        long rework;
        final TreeMap<Double, Long> leadTimes = new TreeMap<>();
        final TreeMap<Double, Long> cfRecovery = new TreeMap<>();
        final TreeMap<Double, Long> linkRecovery = new TreeMap<>();
        final TreeMap<String, Long> cfRemediation = new TreeMap<>();
        final TreeMap<String, Long> linkRemediation = new TreeMap<>();

        /** The count deltas: deployments, cf failed, stable, pending, link failed, type known, rework. */
        public long[] counts() {
            return new long[] { deployments, cfFailed, cfStable, cfPending, linkFailed, typeKnown, rework };
        }

        public Double[] leadTimesIn() {
            return values(leadTimes, 1);
        }

        public Double[] leadTimesOut() {
            return values(leadTimes, -1);
        }

        public Double[] cfRecoveryIn() {
            return values(cfRecovery, 1);
        }

        public Double[] cfRecoveryOut() {
            return values(cfRecovery, -1);
        }

        public Double[] linkRecoveryIn() {
            return values(linkRecovery, 1);
        }

        public Double[] linkRecoveryOut() {
            return values(linkRecovery, -1);
        }

        /** Remediation count deltas (change_failure), zeros left out. */
        public Map<String, Long> cfRemediation() {
            return nonZero(cfRemediation);
        }

        /** Remediation count deltas (incident_link), zeros left out. */
        public Map<String, Long> linkRemediation() {
            return nonZero(linkRemediation);
        }

        boolean isEmpty() {
            for (long c : counts()) {
                if (c != 0) {
                    return false;
                }
            }
            return nonZero(leadTimes).isEmpty() && nonZero(cfRecovery).isEmpty() && nonZero(linkRecovery).isEmpty()
                    && cfRemediation().isEmpty() && linkRemediation().isEmpty();
        }

        /** The values with a net multiplicity of the given sign, each repeated that many times, ascending. */
        private static Double[] values(TreeMap<Double, Long> net, int sign) {
            List<Double> out = new ArrayList<>();
            net.forEach((v, n) -> {
                for (long i = 0; i < n * sign; i++) {
                    out.add(v);
                }
            });
            return out.toArray(Double[]::new);
        }

        private static <K> Map<K, Long> nonZero(Map<K, Long> m) {
            Map<K, Long> out = new TreeMap<>();
            m.forEach((k, v) -> {
                if (v != 0) {
                    out.put(k, v);
                }
            });
            return out;
        }
    }
}
