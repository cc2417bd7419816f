package io.dorastream.connector.reading;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.dorastream.connector.datadog.DatadogApiException;
import io.dorastream.connector.datadog.DatadogEventParser;
import io.dorastream.connector.datadog.DatadogEventParser.Parsed;
import io.dorastream.connector.datadog.RateLimit;
import io.dorastream.events.Stream;

/**
 * Reads every event of a stream whose filter timestamp lies in {@code [from, to)}, although
 * Datadog's list endpoints have no cursor and it is unknown which timestamp they filter on,
 * whether their bounds are inclusive and how they sort. It may also return events up to one
 * second outside the window; callers de-duplicate by id.
 *
 * <ul>
 * <li><b>Bounds.</b> A logical window {@code [a, b)} (whole seconds) is requested as
 * {@code [a - 1 s, b)}: the open interior of that request already holds every instant of
 * {@code [a, b)}, so an event exactly on a boundary is read whichever bound Datadog treats as
 * exclusive. Adjacent windows thereby overlap by one second; events are de-duplicated by id.</li>
 * <li><b>Completeness.</b> A stretch counts as read only once a request over it comes back with
 * fewer than {@code limit} events, and fewer than a server-side cap may have allowed: Datadog may
 * silently return fewer events than asked, so a page as large as the largest it ever returned for
 * the connection counts as possibly full ({@link PageCap}). A full page means the window may hold
 * more, so it is read again in smaller windows (whole seconds). The events of full pages are kept
 * as well. Once a cap is proven, windows are planned for it.</li>
 * <li><b>Planning</b> (how large the windows are; completeness never rests on it). One request
 * over the whole window first; if full, a sweep from the end its answer seems sorted toward.
 * Each next window is sized to hold a little under {@code limit} events by what is known: the
 * events already seen, a full page that looks sorted toward the sweep (the stretch it shows is
 * then taken as complete for planning), the same stretch in the one to three weeks already read
 * (deployments follow the working week) or, before a week was read or during a burst the weeks
 * do not predict, the density of the last windows. After a full page the next window shrinks
 * (by 5 % when sorted, a fifth, then halves), so the sweep always progresses. The sweep
 * ({@link WindowSweep}) moves a {@link SweepPosition} and asks the {@link DensityModel} for each
 * window's length; the pages and what they hold are the {@link PageCollector}'s.</li>
 * <li><b>Crowded seconds.</b> A one-second window still full is read by service over three
 * seconds (so the crowded second cannot sit on the next window's overlap): {@code (query)
 * service:(a OR b …)} for groups of the services seen, then the rest {@code (query) -service:(a
 * OR b …)}, repeated with the services that page shows while the rest is full; a group still
 * full is halved down to one service. The connection's query is parenthesised, so its own
 * {@code OR}s stay inside. One service still full there cannot be read completely: that ends in
 * an {@link IllegalStateException} naming it, never in a silent loss ({@link CrowdedSecondReader}).</li>
 * <li><b>A failing Datadog</b> (see {@link PageFetcher}): 5xx, unreadable bodies and unanswered
 * calls are retried with exponential backoff; a 429 waits {@code X-RateLimit-Reset}, at most
 * {@link Settings#maxRateLimitWait()} per page. A window longer than a second that fails twice in
 * a row is read in halves instead (a heavy window times out again and again), and its pieces are
 * halved again at each failure; windows are then planned for fewer events for the rest of the
 * read. Splitting is retrying: the failed calls in a row count across the pieces, and the
 * {@link Settings#maxAttempts()}-th ends the read, so a Datadog failing everything costs as many
 * calls as without splitting.</li>
 * </ul>
 *
 * Thread-safe: all state of a read lives in that read, but for what the answers showed of a page
 * cap, kept per connection and stream ({@link #cap}).
 */
public final class WindowReader {

    /** Pauses the reader (backoff, rate limit); tests substitute one that does not really sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * @param maxAttempts      failed calls in a row (5xx answers, unreadable bodies, unanswered calls; across the pieces of a
     *                         window split for failing) that end the read
     * @param maxRateLimitWait longest total wait on 429 answers for one page before the read ends with a 429
     * @param sleeper          how the reader waits
     */
    public record Settings(int maxAttempts, Duration maxRateLimitWait, Sleeper sleeper) {

        public Settings {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            Objects.requireNonNull(maxRateLimitWait, "maxRateLimitWait");
            Objects.requireNonNull(sleeper, "sleeper");
        }

        /** 6 attempts (backoff 0.5, 1, 2, 4, 8 s), at most 10 minutes of rate-limit waits per page, real sleeps. */
        public static Settings defaults() {
            return new Settings(6, Duration.ofMinutes(10), d -> Thread.sleep(d.toMillis()));
        }

        public Settings withSleeper(Sleeper value) {
            return new Settings(maxAttempts, maxRateLimitWait, value);
        }

        public Settings withMaxRateLimitWait(Duration value) {
            return new Settings(maxAttempts, value, sleeper);
        }

        public Settings withMaxAttempts(int value) {
            return new Settings(value, maxRateLimitWait, sleeper);
        }
    }

    /**
     * The events read (each id once), the ids of the distinct events that could not be parsed (the
     * item's JSON for one without id), the last rate-limit headers seen (null when no answer came)
     * and the number of calls made (retries and refused calls included).
     */
    public record Result(List<Parsed> events, Set<String> unreadable, RateLimit rateLimit, int requests) {

        /** How many distinct events could not be parsed. */
        public int rejected() {
            return unreadable.size();
        }
    }

    private final DatadogEventParser parser;
    private final int limit;
    private final Settings settings;
    /** What the answers showed of a page cap, per connection and stream (a few bytes each). */
    private final ConcurrentMap<Object, PageCap> caps = new ConcurrentHashMap<>();

    public WindowReader(DatadogEventParser parser, int limit) {
        this(parser, limit, Settings.defaults());
    }

    public WindowReader(DatadogEventParser parser, int limit, Settings settings) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be within 1..1000 (Datadog's maximum), got " + limit);
        }
        this.parser = Objects.requireNonNull(parser, "parser");
        this.limit = limit;
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public int limit() {
        return limit;
    }

    /** What the answers to {@code connection} showed of a page cap on {@code stream}. */
    public PageCap cap(Object connection, Stream stream) {
        return caps.computeIfAbsent(List.of(connection, stream), k -> new PageCap());
    }

    /** Reads {@code stream} over {@code [from, to)} as one connection: the page cap learned is this reader's own. */
    public Result read(ListCall call, Stream stream, String query, Instant from, Instant to) {
        return read(call, caps.computeIfAbsent(stream, k -> new PageCap()), stream, query, from, to);
    }

    /**
     * Reads {@code stream} over {@code [from, to)} (widened to whole seconds).
     *
     * @param call  the list call of the connection (site and keys bound)
     * @param cap   what the connection's answers showed of a page cap ({@link #cap})
     * @param query the connection's query, or null
     * @throws DatadogApiException   when Datadog refuses, keeps failing or keeps rate-limiting
     * @throws IllegalStateException when more than {@code limit} events of one service share one second
     */
    public Result read(ListCall call, PageCap cap, Stream stream, String query, Instant from, Instant to) {
        long start = from.getEpochSecond();
        long end = to.getEpochSecond() + (to.getNano() > 0 ? 1 : 0);
        PageFetcher fetcher = new PageFetcher(call, stream, limit, settings);
        PageCollector pages = new PageCollector(fetcher, parser, stream, limit, Objects.requireNonNull(cap, "cap"));
        if (end > start) {
            new WindowSweep(pages, stream, query).read(start, end);
        }
        return new Result(pages.events(), pages.unreadable(), fetcher.rateLimit(), fetcher.requests());
    }
}
