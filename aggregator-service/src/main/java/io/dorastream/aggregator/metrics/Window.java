package io.dorastream.aggregator.metrics;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A query window {@code [from, to)} in UTC, with its length in days and the calendar buckets
 * (ISO weeks, calendar months) the deployment-frequency medians run over.
 */
public record Window(Instant from, Instant to) {

    private static final BigDecimal SECONDS_PER_DAY = BigDecimal.valueOf(86_400);

    /** @throws IllegalArgumentException unless {@code from < to} */
    public Window {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("window needs from < to, got [" + from + ", " + to + ")");
        }
    }

    /** The window {@code [from, to)} of two dates' midnights UTC. */
    public static Window ofDates(LocalDate from, LocalDate to) {
        return new Window(from.atStartOfDay(ZoneOffset.UTC).toInstant(), to.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** {@code D = (to - from) / 86400 s}, fractional. */
    public double days() {
        return exactSeconds().divide(SECONDS_PER_DAY, java.math.MathContext.DECIMAL128).doubleValue();
    }

    public Duration length() {
        return Duration.between(from, to);
    }

    /** The window's length in seconds, exactly (nanoseconds included). */
    public BigDecimal exactSeconds() {
        Duration d = length();
        return BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
    }

    /** Whether the instant lies in {@code [from, to)}. */
    public boolean contains(Instant t) {
        return t != null && !t.isBefore(from) && t.isBefore(to);
    }

    /** The first UTC date the window touches. */
    public LocalDate firstDate() {
        return LocalDate.ofInstant(from, ZoneOffset.UTC);
    }

    /** The last UTC date the window touches ({@code to} itself is excluded). */
    public LocalDate lastDate() {
        return LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC);
    }

    /** Whether some part of the UTC date lies in the window. */
    public boolean touches(LocalDate date) {
        return !date.isBefore(firstDate()) && !date.isAfter(lastDate());
    }

    /** Every UTC date the window touches, whole or in part, in order. */
    public List<LocalDate> dates() {
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate d = firstDate(); !d.isAfter(lastDate()); d = d.plusDays(1)) {
            dates.add(d);
        }
        return dates;
    }

    /**
     * The window cut at the boundaries of a calendar interval: one part per interval it touches, in
     * order, the first and last clipped to the window (a time series' points).
     */
    public List<Window> split(CalendarInterval interval) {
        List<Window> parts = new ArrayList<>();
        for (LocalDate start = interval.start(firstDate()); startOf(start).isBefore(to); start = interval.next(start)) {
            Instant s = startOf(start).isAfter(from) ? startOf(start) : from;
            Instant e = startOf(interval.next(start)).isBefore(to) ? startOf(interval.next(start)) : to;
            parts.add(new Window(s, e));
        }
        return parts;
    }

    private static Instant startOf(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /**
     * The ISO weeks (Monday–Sunday, UTC) lying wholly inside the window; when there is none,
     * every week that intersects the window, each holding only the dates the window touches.
     */
    public List<Bucket> weeks() {
        return buckets(CalendarInterval.WEEK);
    }

    /**
     * The calendar months lying wholly inside the window; when there is none, every month that
     * intersects the window, each holding only the dates the window touches.
     */
    public List<Bucket> months() {
        return buckets(CalendarInterval.MONTH);
    }

    private List<Bucket> buckets(CalendarInterval interval) {
        List<Bucket> whole = new ArrayList<>();
        List<Bucket> intersecting = new ArrayList<>();
        for (LocalDate start = interval.start(firstDate()); start.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(to);
                start = interval.next(start)) {
            LocalDate end = interval.next(start);
            Instant startAt = start.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant endAt = end.atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!endAt.isAfter(from)) {
                continue;
            }
            boolean isWhole = !startAt.isBefore(from) && !endAt.isAfter(to);
            LocalDate first = start.isBefore(firstDate()) ? firstDate() : start;
            LocalDate last = end.minusDays(1).isAfter(lastDate()) ? lastDate() : end.minusDays(1);
            Bucket bucket = new Bucket(start, end, isWhole, first, last);
            intersecting.add(bucket);
            if (isWhole) {
                whole.add(bucket);
            }
        }
        return List.copyOf(whole.isEmpty() ? intersecting : whole);
    }

    /**
     * The median, over the buckets, of each bucket's number of distinct deployment days.
     *
     * @param buckets         {@link #weeks()} or {@link #months()}
     * @param deploymentDates the UTC dates with at least one deployment in the window
     */
    public static double medianDeploymentDays(List<Bucket> buckets, Set<LocalDate> deploymentDates) {
        List<Long> perBucket = new ArrayList<>(buckets.size());
        for (Bucket b : buckets) {
            perBucket.add(deploymentDates.stream().filter(b::holds).count());
        }
        Double median = Percentiles.median(perBucket);
        return median == null ? 0.0 : median; // never null: a window always meets at least one bucket
    }

    /**
     * A calendar bucket {@code [start, end)} (dates). {@code firstDate..lastDate} are the dates of the
     * bucket that count: all of them for a whole bucket, those the window touches otherwise.
     */
    public record Bucket(LocalDate start, LocalDate end, boolean whole, LocalDate firstDate, LocalDate lastDate) {

        /** Whether the date is one of the bucket's counted dates. */
        public boolean holds(LocalDate date) {
            return !date.isBefore(firstDate) && !date.isAfter(lastDate);
        }

        /** How many dates count in this bucket. */
        public long countedDays() {
            return lastDate.toEpochDay() - firstDate.toEpochDay() + 1;
        }
    }
}
