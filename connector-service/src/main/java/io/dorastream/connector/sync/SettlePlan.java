package io.dorastream.connector.sync;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Which windows a live poll reads: the trailing look-back up to now in one read, and the stretches
 * holding events that are still unsettled but older than the look-back, coalesced so that few
 * requests cover them. Datadog has a get-by-id, but one list request covers up to a page of events
 * (and tells deletions apart from changes) where a get covers one; so unsettled events are re-read by
 * window.
 *
 * <ul>
 * <li>An open event (no {@code finished_at}) may end anywhere up to now; should Datadog filter on
 * {@code finished_at}, only a read reaching now is sure to return it. So the main read starts at the
 * oldest open one.</li>
 * <li>A pending deployment is read over {@code [started_at, finished_at]}, so it is returned whichever
 * timestamp Datadog filters on. Neighbouring windows are merged while the stretch they span holds
 * fewer than a page of known events (a merged window then still costs one request), and the youngest
 * group joins the main read on the same rule.</li>
 * </ul>
 * Planning only: every window is read completely whatever it holds.
 */
final class SettlePlan {

    /** {@code [from, to)}, whole seconds. */
    record Window(Instant from, Instant to) {
    }

    /** The main read {@code [mainFrom, now)} and the other windows, oldest first. */
    record Plan(Instant mainFrom, List<Window> windows) {
    }

    private SettlePlan() {
    }

    /**
     * @param lookFrom  where the look-back read starts
     * @param unsettled the unsettled events started before {@code lookFrom} (within the settle age), ranked
     * @param perPage   how many known events a window may span and still be one request
     */
    static Plan plan(Instant lookFrom, EventVersionStore.Unsettled unsettled, int perPage) {
        Instant mainFrom = lookFrom;
        long mainRank = unsettled.total() + 1;
        List<EventVersionStore.Ranked> pending = new ArrayList<>();
        for (EventVersionStore.Ranked e : unsettled.events()) {
            if (e.finishedAt() == null) {
                mainFrom = floor(e.startedAt());
                mainRank = e.rank();
                break; // everything younger is read by the main read
            }
            pending.add(e);
        }
        List<Group> groups = new ArrayList<>();
        for (EventVersionStore.Ranked e : pending) {
            Instant from = floor(e.startedAt());
            Instant to = max(from, floor(e.finishedAt())).plusSeconds(1);
            Group last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
            if (last != null && (e.rank() - last.rank < perPage || !from.isAfter(last.to))) {
                last.to = max(last.to, to);
            } else {
                groups.add(new Group(e.rank(), from, to));
            }
        }
        while (!groups.isEmpty()) {
            Group last = groups.get(groups.size() - 1);
            if (mainRank - last.rank >= perPage && last.to.isBefore(mainFrom)) {
                break;
            }
            mainFrom = min(mainFrom, last.from);
            mainRank = last.rank;
            groups.remove(groups.size() - 1);
        }
        return new Plan(mainFrom, groups.stream().map(g -> new Window(g.from, g.to)).toList());
    }

    private static final class Group {
        final long rank;
        final Instant from;
        Instant to;

        Group(long rank, Instant from, Instant to) {
            this.rank = rank;
            this.from = from;
            this.to = to;
        }
    }

    private static Instant floor(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
