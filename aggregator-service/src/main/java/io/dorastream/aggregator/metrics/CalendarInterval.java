package io.dorastream.aggregator.metrics;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/**
 * The calendar intervals of UTC dates: days, ISO weeks (Monday to Sunday) and calendar months. The one
 * definition of where such an interval starts and ends: the deployment-frequency medians
 * ({@link Window#weeks()}, {@link Window#months()}) and the time series' points both use it, and the
 * database is handed the starts it computes (it never truncates dates itself).
 */
public enum CalendarInterval {
    DAY, WEEK, MONTH;

    /** The first date of the interval holding {@code date}. */
    public LocalDate start(LocalDate date) {
        return switch (this) {
            case DAY -> date;
            case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> date.withDayOfMonth(1);
        };
    }

    /** The first date of the interval after the one starting at {@code start}. */
    public LocalDate next(LocalDate start) {
        return switch (this) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
        };
    }
}
