package io.dorastream.connector.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.dorastream.events.Stream;

/**
 * Sizes each backfill window from what the stream showed so far, so that a window holds a little under a page
 * and costs one list request: a sparse stream is read in a few long windows instead of
 * one per {@code backfill-step}, a dense one in windows the reader does not have to split.
 *
 * <p>Deployments follow the working week: a window of ten days holds six to eight working days, so the density of
 * the last window alone mispredicts the next by a quarter either way, and every window that comes back full costs
 * two more requests. So the plan learns the stream's <b>week</b>: the events per hour of the week (168 UTC hours,
 * whatever the team's time zone) over everything read, times the stream's recent level (the events of the last
 * {@link #RECENT} read against what the week predicts for them: a growing or shrinking stream). The next window
 * ends where that predicts its target (90 % of a page, less for small pages), skipping the quiet nights and weekends, and is at most
 * {@link #MAX_GROWTH} times longer than the last.
 *
 * <p>The first window of a backfill (and the first after this replica took the stream over, or after a restart)
 * is {@code backfill-step} long. The plan only chooses where windows end, never what they return: a window that
 * comes back fuller than a page is split by the reader as before, so every event is read exactly as with a fixed
 * step. Kept in memory per connection and stream while it backfills (a few kilobytes).
 */
final class BackfillPlan {

    /** Longest next window, as a multiple of the last one: a quiet stretch says little about the one after it. */
    static final int MAX_GROWTH = 8;
    /** The stretch whose events set the stream's level against its week. */
    static final Duration RECENT = Duration.ofDays(28);
    /** At most this many of the last windows set the level (a very dense stream reads many short windows). */
    static final int RECENT_WINDOWS = 1000;

    private static final int HOURS_OF_WEEK = 168;
    private static final long HOUR = 3600;

    /** A window read whole: {@code [from, to)} epoch seconds and the events it held. */
    private record Read(long from, long to, int events) {
    }

    /** What one stream's backfill showed so far. Guarded by itself. */
    private static final class Week {
        /** Events read per hour of the week, and hours of the week read (fractions at window edges). */
        final double[] events = new double[HOURS_OF_WEEK];
        final double[] hours = new double[HOURS_OF_WEEK];
        /** The windows read within {@link #RECENT} of the last one's end (at most {@link #RECENT_WINDOWS}), oldest first. */
        final Deque<Read> recent = new ArrayDeque<>();
    }

    /**
     * How many standard deviations of chance a window's count may rise above its prediction and still fit a page: a
     * window predicted to hold {@code n} events holds about {@code n ± √n} by chance alone.
     */
    static final double CHANCE_SIGMAS = 2.5;

    private final Duration firstWindow;
    /** Events a window is planned for. */
    private final int target;
    private final Map<String, Week> weeks = new ConcurrentHashMap<>();

    /**
     * @param perPage events a planned window may hold (a margin under {@code limit} for what the plan cannot know)
     * @param limit   the page size: a window is also planned for few enough events that chance alone rarely fills a
     *                page (it matters for small pages: 77 events for pages of 100, while pages of 1000 keep
     *                {@code perPage})
     */
    BackfillPlan(Duration firstWindow, int perPage, int limit) {
        if (firstWindow.isNegative() || firstWindow.isZero() || perPage < 1 || limit < perPage) {
            throw new IllegalArgumentException("backfill-step must be positive and a page hold an event");
        }
        this.firstWindow = firstWindow;
        // the largest n with n + CHANCE_SIGMAS * sqrt(n) <= limit
        double root = (-CHANCE_SIGMAS + Math.sqrt(CHANCE_SIGMAS * CHANCE_SIGMAS + 4.0 * limit)) / 2;
        this.target = Math.max(1, Math.min(perPage, (int) Math.floor(root * root)));
    }

    /** How long the backfill window from {@code from} should be. */
    Duration next(UUID connection, Stream stream, Instant from) {
        Week week = weeks.get(key(connection, stream));
        if (week == null) {
            return firstWindow;
        }
        synchronized (week) {
            return length(week, from.getEpochSecond());
        }
    }

    /**
     * The window {@code [from, to)} was read whole; {@code times} are its events' start times (events the reader
     * returned just outside the window are left out).
     */
    void read(UUID connection, Stream stream, Instant from, Instant to, Collection<Instant> times) {
        Week week = weeks.computeIfAbsent(key(connection, stream), k -> new Week());
        long lo = from.getEpochSecond();
        long hi = to.getEpochSecond();
        synchronized (week) {
            int inside = 0;
            for (Instant t : times) {
                long s = t.getEpochSecond();
                if (s >= lo && s < hi) {
                    week.events[hourOfWeek(s)]++;
                    inside++;
                }
            }
            forEachHour(lo, hi, (bin, fraction) -> week.hours[bin] += fraction);
            week.recent.addLast(new Read(lo, hi, inside)); // the window just read is never pruned: it is the last
            while (week.recent.size() > RECENT_WINDOWS || week.recent.peekFirst().to() < hi - RECENT.toSeconds()) {
                week.recent.removeFirst();
            }
        }
    }

    /** The stream is live (or gone): nothing to plan for it any more. */
    void forget(UUID connection, Stream stream) {
        weeks.remove(key(connection, stream));
    }

    private Duration length(Week week, long from) {
        Read last = week.recent.peekLast();
        if (last == null || last.to() != from || last.to() - last.from() < 1) {
            // nothing known, or another replica read in between: probe with the configured step
            return firstWindow;
        }
        long longest = Math.multiplyExact(last.to() - last.from(), (long) MAX_GROWTH);
        double[] rate = rates(week);
        if (rate == null) {
            return Duration.ofSeconds(longest); // nothing read yet: grow
        }
        double expected = 0;
        int recentEvents = 0;
        for (Read r : week.recent) {
            expected += expected(rate, r.from(), r.to());
            recentEvents += r.events();
        }
        double level = expected > 0 ? recentEvents / expected : 1;
        if (level <= 0) {
            return Duration.ofSeconds(longest); // quiet lately: grow
        }
        // walk hour by hour until the week, at the recent level, predicts a page
        double acc = 0;
        long t = from;
        long end = from + longest;
        while (t < end) {
            long stop = Math.min(end, Math.floorDiv(t, HOUR) * HOUR + HOUR);
            double here = rate[hourOfWeek(t)] * level * (stop - t) / HOUR;
            if (acc + here >= target) {
                long at = t + (long) Math.floor((stop - t) * (target - acc) / here);
                return Duration.ofSeconds(Math.max(1, at - from));
            }
            acc += here;
            t = stop;
        }
        return Duration.ofSeconds(longest);
    }

    /**
     * Events per hour for each hour of the week read so far; an hour of the week not read yet gets the average of
     * those read. Null when no event was read.
     */
    private static double[] rates(Week week) {
        double events = 0;
        double hours = 0;
        for (int i = 0; i < HOURS_OF_WEEK; i++) {
            events += week.events[i];
            hours += week.hours[i];
        }
        if (events == 0 || hours == 0) {
            return null;
        }
        double average = events / hours;
        double[] rate = new double[HOURS_OF_WEEK];
        for (int i = 0; i < HOURS_OF_WEEK; i++) {
            rate[i] = week.hours[i] > 0 ? week.events[i] / week.hours[i] : average;
        }
        return rate;
    }

    /** Events the week's rates predict for {@code [from, to)}. */
    private static double expected(double[] rate, long from, long to) {
        double[] sum = {0};
        forEachHour(from, to, (bin, fraction) -> sum[0] += rate[bin] * fraction);
        return sum[0];
    }

    private interface HourVisitor {
        void visit(int hourOfWeek, double fraction);
    }

    /** Visits each hour {@code [from, to)} touches with the fraction of it inside. */
    private static void forEachHour(long from, long to, HourVisitor visitor) {
        long t = from;
        while (t < to) {
            long stop = Math.min(to, Math.floorDiv(t, HOUR) * HOUR + HOUR);
            visitor.visit(hourOfWeek(t), (double) (stop - t) / HOUR);
            t = stop;
        }
    }

    /** The hour of the (UTC) week an epoch second lies in; which hour is the first does not matter. */
    static int hourOfWeek(long epochSecond) {
        return (int) Math.floorMod(Math.floorDiv(epochSecond, HOUR), (long) HOURS_OF_WEEK);
    }

    private static String key(UUID connection, Stream stream) {
        return connection + ":" + stream.id();
    }
}
