package io.dorastream.aggregator.metrics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Deployment frequency of a window.
 *
 * @param count                        deployments in the window
 * @param perDay                       {@code count / D}
 * @param deploymentDays               distinct UTC dates with at least one deployment
 * @param medianDeploymentDaysPerWeek  median over the window's weeks ({@link Window#weeks()}) of their deployment days
 * @param medianDeploymentDaysPerMonth median over the window's months ({@link Window#months()}) of their deployment days
 * @param level                        never null ({@code low} when there is no deployment)
 */
public record DeploymentFrequency(long count, double perDay, long deploymentDays, double medianDeploymentDaysPerWeek,
        double medianDeploymentDaysPerMonth, Level level) {

    /**
     * @param deploymentsPerDay the deployments in the window per UTC date (what the daily rollups give:
     *                          for a date the window only partly covers, the deployments of its part
     *                          inside the window). Dates the window does not touch and counts ≤ 0 are ignored.
     */
    public static DeploymentFrequency of(Window window, Map<LocalDate, ? extends Number> deploymentsPerDay, BenchmarkTable table) {
        long count = 0;
        Set<LocalDate> days = new TreeSet<>();
        for (Map.Entry<LocalDate, ? extends Number> e : deploymentsPerDay.entrySet()) {
            long n = e.getValue() == null ? 0 : e.getValue().longValue();
            if (n > 0 && window.touches(e.getKey())) {
                count += n;
                days.add(e.getKey());
            }
        }
        double perDay = BigDecimal.valueOf(count).multiply(BigDecimal.valueOf(86_400))
                .divide(window.exactSeconds(), MathContext.DECIMAL128).doubleValue();
        double weekly = Window.medianDeploymentDays(window.weeks(), days);
        double monthly = Window.medianDeploymentDays(window.months(), days);
        Level level = table.deploymentFrequency(count, days.size(), weekly, monthly, window);
        return new DeploymentFrequency(count, perDay, days.size(), weekly, monthly, level);
    }

    /** The per-date counts of raw deployments, keeping those in the window (by finish, else start). */
    public static SortedMap<LocalDate, Long> countPerDay(Window window, Collection<DeploymentFacts> deployments) {
        SortedMap<LocalDate, Long> perDay = new TreeMap<>();
        for (DeploymentFacts d : deployments) {
            if (window.contains(d.windowInstant())) {
                perDay.merge(LocalDate.ofInstant(d.windowInstant(), ZoneOffset.UTC), 1L, Long::sum);
            }
        }
        return perDay;
    }
}
