package io.dorastream.aggregator.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import io.dorastream.events.DoraJson;
import io.dorastream.api.metrics.Level;

/**
 * One named benchmark table: for each of the four keys, an ordered list of rules; the first rule
 * whose comparison holds gives the level, and when none holds the level is {@code otherwise}
 * ({@code low}). There is no level when the figure a rule reads is null (no values); deployment
 * frequency is never null.
 *
 * <p>Comparisons are exact, never on rounded values: a rule's threshold is a decimal in its unit,
 * and every figure is compared as an exact fraction — rates by their counts ({@code failed·100 ≤
 * 5·evaluated}), per-period figures by {@code days × period × 86400 ≥ threshold × window seconds}.
 *
 * <p>JSON form (see {@code dora-api/src/main/resources/benchmarks/}):
 * <pre>{@code
 * {"name": "dora-2023", "title": "...", "otherwise": "low",
 *  "metrics": {
 *    "deploymentFrequency": [{"level": "elite", "figure": "medianDeploymentDaysPerWeek", "comparison": ">=", "threshold": 5}, ...],
 *    "changeLeadTime": [{"level": "elite", "figure": "medianSeconds", "comparison": "<", "threshold": 1, "unit": "days"}, ...],
 *    "changeFailureRate": [{"level": "elite", "figure": "rate", "comparison": "<=", "threshold": 5, "unit": "percent"}, ...],
 *    "failedDeploymentRecoveryTime": [{"level": "elite", "figure": "medianSeconds", "comparison": "<", "threshold": 1, "unit": "hours"}, ...]}}
 * }</pre>
 * Figures: deployment frequency {@code medianDeploymentDaysPerWeek}, {@code medianDeploymentDaysPerMonth},
 * {@code deploymentDaysPerPeriod} and {@code deploymentsPerPeriod} (both with {@code periodDays}:
 * {@code deploymentDays × periodDays / D}, {@code count × periodDays / D}); lead time
 * {@code medianSeconds}, {@code p75Seconds}, {@code p90Seconds}; change failure rate {@code rate};
 * recovery time {@code medianSeconds}, {@code p90Seconds}. Units: durations {@code seconds}
 * (default), {@code minutes}, {@code hours}, {@code days}, {@code weeks}; rates {@code fraction}
 * (default), {@code percent}; counts none. Comparisons: {@code >=}, {@code >}, {@code <=}, {@code <}.
 */
public final class BenchmarkTable {

    /** The four keys a level is attached to, by their JSON names. */
    public enum Metric {
        DEPLOYMENT_FREQUENCY("deploymentFrequency", Set.of("medianDeploymentDaysPerWeek", "medianDeploymentDaysPerMonth",
                "deploymentDaysPerPeriod", "deploymentsPerPeriod"), Map.of()),
        CHANGE_LEAD_TIME("changeLeadTime", Set.of("medianSeconds", "p75Seconds", "p90Seconds"), DurationUnits.MAP),
        CHANGE_FAILURE_RATE("changeFailureRate", Set.of("rate"), Map.of("fraction", BigDecimal.ONE,
                "percent", new BigDecimal("0.01"))),
        FAILED_DEPLOYMENT_RECOVERY_TIME("failedDeploymentRecoveryTime", Set.of("medianSeconds", "p90Seconds"), DurationUnits.MAP);

        private final String json;
        private final Set<String> figures;
        private final Map<String, BigDecimal> units;

        Metric(String json, Set<String> figures, Map<String, BigDecimal> units) {
            this.json = json;
            this.figures = figures;
            this.units = units;
        }

        public String json() {
            return json;
        }

        /** The figure names a rule of this metric may read. */
        public Set<String> figures() {
            return figures;
        }

        static Metric parse(String json) {
            for (Metric m : values()) {
                if (m.json.equals(json)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown metric '" + json + "'");
        }
    }

    private static final class DurationUnits {
        static final Map<String, BigDecimal> MAP = Map.of("seconds", BigDecimal.ONE, "minutes", BigDecimal.valueOf(60),
                "hours", BigDecimal.valueOf(3_600), "days", BigDecimal.valueOf(86_400), "weeks", BigDecimal.valueOf(604_800));
    }

    /** A comparison of a figure with a threshold. */
    public enum Comparison {
        GE(">="), GT(">"), LE("<="), LT("<");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        boolean holds(int cmp) {
            return switch (this) {
                case GE -> cmp >= 0;
                case GT -> cmp > 0;
                case LE -> cmp <= 0;
                case LT -> cmp < 0;
            };
        }

        static Comparison parse(String symbol) {
            for (Comparison c : values()) {
                if (c.symbol.equals(symbol)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown comparison '" + symbol + "': expected >=, >, <= or <");
        }
    }

    /**
     * One row: {@code level} when {@code figure comparison threshold}.
     *
     * @param threshold  in the figure's base unit (seconds, fraction, days per period) — the JSON
     *                   threshold times its unit
     * @param periodDays the period of the {@code ...PerPeriod} figures, else null
     */
    public record Rule(Level level, String figure, Comparison comparison, BigDecimal threshold, BigDecimal periodDays) {
    }

    /** The JSON shape of a table. */
    record TableJson(String name, String title, Level otherwise, Map<String, List<RuleJson>> metrics) {
    }

    /** The JSON shape of a rule. */
    record RuleJson(Level level, String figure, String comparison, BigDecimal threshold, String unit, BigDecimal periodDays) {
    }

    private final String name;
    private final String title;
    private final Level otherwise;
    private final Map<Metric, List<Rule>> rules;

    private BenchmarkTable(String name, String title, Level otherwise, Map<Metric, List<Rule>> rules) {
        this.name = name;
        this.title = title;
        this.otherwise = otherwise;
        this.rules = rules;
    }

    /**
     * The table of a benchmark without levels (e.g. {@code dora-2025}, which scores instead): no rule
     * and no {@code otherwise}, so every level is null.
     */
    public static BenchmarkTable withoutLevels(String name) {
        Map<Metric, List<Rule>> none = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            none.put(m, List.of());
        }
        return new BenchmarkTable(name, name + " (no levels)", null, none);
    }

    /** Reads and validates a table from its JSON. @throws IllegalArgumentException when invalid */
    public static BenchmarkTable parse(InputStream json) {
        try {
            return of(DoraJson.mapper().readValue(json, TableJson.class));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read benchmark table: " + e.getMessage(), e);
        }
    }

    /** Reads and validates a table from its JSON text. @throws IllegalArgumentException when invalid */
    public static BenchmarkTable parse(String json) {
        try {
            return of(DoraJson.mapper().readValue(json, TableJson.class));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read benchmark table: " + e.getMessage(), e);
        }
    }

    private static BenchmarkTable of(TableJson t) {
        if (t == null || t.name() == null || t.name().isBlank()) {
            throw new IllegalArgumentException("a benchmark table needs a name");
        }
        String where = "benchmark table '" + t.name() + "': ";
        if (t.metrics() == null) {
            throw new IllegalArgumentException(where + "no metrics");
        }
        Map<Metric, List<Rule>> rules = new EnumMap<>(Metric.class);
        Map<String, List<RuleJson>> given = new HashMap<>(t.metrics());
        for (Metric m : Metric.values()) {
            List<RuleJson> rows = given.remove(m.json());
            if (rows == null) {
                throw new IllegalArgumentException(where + "no rules for " + m.json());
            }
            List<Rule> parsed = new ArrayList<>();
            for (RuleJson r : rows) {
                parsed.add(rule(where + m.json() + ": ", m, r));
            }
            rules.put(m, List.copyOf(parsed));
        }
        if (!given.isEmpty()) {
            throw new IllegalArgumentException(where + "unknown metrics " + given.keySet());
        }
        return new BenchmarkTable(t.name(), t.title(), t.otherwise() == null ? Level.LOW : t.otherwise(), rules);
    }

    private static Rule rule(String where, Metric m, RuleJson r) {
        if (r == null || r.level() == null || r.figure() == null || r.comparison() == null || r.threshold() == null) {
            throw new IllegalArgumentException(where + "a rule needs level, figure, comparison and threshold: " + r);
        }
        if (!m.figures().contains(r.figure())) {
            throw new IllegalArgumentException(where + "unknown figure '" + r.figure() + "', expected one of " + m.figures());
        }
        BigDecimal scale = BigDecimal.ONE;
        if (r.unit() != null) {
            scale = m.units.get(r.unit().toLowerCase(Locale.ROOT));
            if (scale == null) {
                throw new IllegalArgumentException(where + "unit '" + r.unit() + "' does not fit, expected one of " + m.units.keySet());
            }
        }
        boolean perPeriod = r.figure().endsWith("PerPeriod");
        if (perPeriod != (r.periodDays() != null) || (perPeriod && r.periodDays().signum() <= 0)) {
            throw new IllegalArgumentException(where + "periodDays (> 0) goes with, and only with, the ...PerPeriod figures");
        }
        return new Rule(r.level(), r.figure(), Comparison.parse(r.comparison()), r.threshold().multiply(scale), r.periodDays());
    }

    public String name() {
        return name;
    }

    public String title() {
        return title;
    }

    /** The level when no rule holds; null for a table {@link #withoutLevels}. */
    public Level otherwise() {
        return otherwise;
    }

    /** The rules of one metric, in order. */
    public List<Rule> rules(Metric metric) {
        return rules.get(metric);
    }

    /** The level of deployment frequency (never null, except in a table {@link #withoutLevels}). */
    public Level deploymentFrequency(long count, long deploymentDays, double medianDeploymentDaysPerWeek,
            double medianDeploymentDaysPerMonth, Window window) {
        Objects.requireNonNull(window, "window");
        return level(Metric.DEPLOYMENT_FREQUENCY, rule -> switch (rule.figure()) {
            case "medianDeploymentDaysPerWeek" -> Fraction.of(medianDeploymentDaysPerWeek);
            case "medianDeploymentDaysPerMonth" -> Fraction.of(medianDeploymentDaysPerMonth);
            // x × period / D = x × period × 86400 / window seconds
            case "deploymentDaysPerPeriod" -> new Fraction(BigDecimal.valueOf(deploymentDays).multiply(rule.periodDays())
                    .multiply(BigDecimal.valueOf(86_400)), window.exactSeconds());
            case "deploymentsPerPeriod" -> new Fraction(BigDecimal.valueOf(count).multiply(rule.periodDays())
                    .multiply(BigDecimal.valueOf(86_400)), window.exactSeconds());
            default -> throw new IllegalStateException(rule.figure());
        });
    }

    /** The level of change lead time; null when there is no lead time. */
    public Level changeLeadTime(Double medianSeconds, Double p75Seconds, Double p90Seconds) {
        return level(Metric.CHANGE_LEAD_TIME, rule -> Fraction.of(switch (rule.figure()) {
            case "medianSeconds" -> medianSeconds;
            case "p75Seconds" -> p75Seconds;
            case "p90Seconds" -> p90Seconds;
            default -> throw new IllegalStateException(rule.figure());
        }), medianSeconds != null);
    }

    /** The level of change failure rate, compared by counts; null when nothing is evaluated. */
    public Level changeFailureRate(long failed, long evaluated) {
        return level(Metric.CHANGE_FAILURE_RATE, rule -> new Fraction(BigDecimal.valueOf(failed), BigDecimal.valueOf(evaluated)),
                evaluated > 0);
    }

    /** The level of failed deployment recovery time; null when there is none. */
    public Level failedDeploymentRecoveryTime(Double medianSeconds, Double p90Seconds) {
        return level(Metric.FAILED_DEPLOYMENT_RECOVERY_TIME, rule -> Fraction.of(switch (rule.figure()) {
            case "medianSeconds" -> medianSeconds;
            case "p90Seconds" -> p90Seconds;
            default -> throw new IllegalStateException(rule.figure());
        }), medianSeconds != null);
    }

    private Level level(Metric metric, Function<Rule, Fraction> figure) {
        return level(metric, figure, true);
    }

    private Level level(Metric metric, Function<Rule, Fraction> figure, boolean hasFigure) {
        if (!hasFigure) {
            return null;
        }
        for (Rule rule : rules.get(metric)) {
            Fraction value = figure.apply(rule);
            if (value == null) {
                return null;
            }
            // num/den ⋛ threshold  ⇔  num ⋛ threshold·den (den > 0)
            if (rule.comparison().holds(value.numerator().compareTo(rule.threshold().multiply(value.denominator())))) {
                return rule.level();
            }
        }
        return otherwise;
    }

    /** An exact value {@code numerator / denominator}, denominator > 0. */
    private record Fraction(BigDecimal numerator, BigDecimal denominator) {

        static Fraction of(Double value) {
            return value == null ? null : new Fraction(new BigDecimal(value), BigDecimal.ONE);
        }
    }

    @Override
    public String toString() {
        return "BenchmarkTable[" + name + "]";
    }
}
