package io.dorastream.connector.reading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.dorastream.connector.config.ConnectorConfig.AuthorEmails;
import io.dorastream.connector.datadog.DatadogEventParser;
import io.dorastream.connector.datadog.DatadogEventParser.Parsed;
import io.dorastream.devstack.simulator.Dataset;
import io.dorastream.devstack.simulator.DatadogSimulator;
import io.dorastream.devstack.simulator.DatasetGenerator;
import io.dorastream.devstack.simulator.DatasetSpec;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.devstack.simulator.SimulatorConfig.FilterField;
import io.dorastream.devstack.simulator.SimulatorConfig.SortOrder;
import io.dorastream.events.Stream;

/**
 * Over data spread over weeks, the reader needs few more calls than the fewest full pages that
 * could hold the data ({@code ceil(events / limit)}), although every window it keeps must come
 * back short: a window is sized from the same stretch in the weeks already read.
 *
 * <p>The bound follows from how windows are planned ({@link DensityModel}), not from one dataset:
 * each window is sized to hold {@code threshold / inflation} events, so {@code n} events need
 * {@code w = ceil(inflation * n / threshold)} windows; a window overflows a page only when its
 * count exceeds the guess by more than the one-standard-deviation margin in {@code inflation},
 * which about one window in six does, each costing one more call; and one first request spans the
 * whole range. A short page as large as any Datadog returned before may have been cut by a silent
 * server-side cap ({@link PageCap}): with pages of 1000, the first such page of a fresh reader costs
 * one more call to check. So {@code calls <= 1 + w * 7 / 6}, plus one where pages can reach
 * {@link PageCap#SMALLEST_CAP}.
 */
class WindowReaderEfficiencyTest {

    static final Instant NOW = ReaderDataset.NOW;
    /** 20 services over six months: about 8,000 deployments, 300 a week, none on most weekend days. */
    static final Dataset DATA = DatasetGenerator.generate(DatasetSpec.demo().withServices(20).withMonthsBack(6), NOW);
    static final Instant FROM = NOW.minus(Duration.ofDays(183));

    @Test
    void readsHalfAYearInFewMoreCallsThanFullPagesWouldNeed() {
        check(SimulatorConfig.builder(), 1000);
        check(SimulatorConfig.builder(), 100);
    }

    @Test
    void staysEfficientWhenTheWindowAndTheOrderAreNotWhatWasAssumed() {
        SimulatorConfig.Builder other = SimulatorConfig.builder().filterField(FilterField.FINISHED_AT).fromInclusive(false)
                .toInclusive(true).defaultSort(SortOrder.INSERTION);
        check(other, 1000);
        check(other, 100);
    }

    /** Once the connection's largest page is known (here from the half-year), an ordinary week of 300 is one call. */
    @Test
    void readsAnOrdinaryWeekThatFitsOnePageInOneCall() {
        try (DatadogSimulator sim = DatadogSimulator.start(SimulatorConfig.builder().rateLimit(1_000_000, 60).build())) {
            sim.clock().set(NOW);
            sim.load(DATA);
            WindowReader reader = new WindowReader(new DatadogEventParser(AuthorEmails.DROP), 1000);
            reader.read(new SimulatorListCall(sim.baseUri()), Stream.DEPLOYMENTS, null, FROM, NOW);
            SimulatorListCall call = new SimulatorListCall(sim.baseUri());
            int steps = 0;
            for (Instant from = FROM; from.isBefore(NOW); from = from.plus(Duration.ofDays(7))) {
                Instant to = from.plus(Duration.ofDays(7)).isBefore(NOW) ? from.plus(Duration.ofDays(7)) : NOW;
                assertEquals(1, reader.read(call, Stream.DEPLOYMENTS, null, from, to).requests(), "week from " + from);
                steps++;
            }
            assertEquals(steps, call.calls());
        }
    }

    /** The most calls the planning allows for {@code events} with pages of {@code limit}: see the class comment. */
    static int bound(int events, int limit) {
        long windows = (long) Math.ceil(DensityModel.inflation(limit) * events / DensityModel.threshold(limit));
        return (int) (1 + windows * 7 / 6) + (limit > PageCap.SMALLEST_CAP ? 1 : 0);
    }

    private static void check(SimulatorConfig.Builder config, int limit) {
        SimulatorConfig c = config.rateLimit(1_000_000, 60).build();
        try (DatadogSimulator sim = DatadogSimulator.start(c)) {
            sim.clock().set(NOW);
            sim.load(DATA);
            Set<String> expected = ReaderDataset.expected(sim.export(), Stream.DEPLOYMENTS, c.filterField(), FROM, NOW, i -> true);
            WindowReader reader = new WindowReader(new DatadogEventParser(AuthorEmails.DROP), limit);
            WindowReader.Result r = reader.read(new SimulatorListCall(sim.baseUri()), Stream.DEPLOYMENTS, null, FROM, NOW);
            Set<String> read = r.events().stream().map(Parsed::id).collect(Collectors.toSet());
            assertTrue(read.containsAll(expected), "complete");
            int ideal = (expected.size() + limit - 1) / limit;
            int bound = bound(expected.size(), limit);
            System.out.printf("%s %s %s, limit %d: %d deployments, %d calls, ideal %d, bound %d%n", c.filterField(),
                    c.defaultSort(), (c.fromInclusive() ? "[" : "(") + (c.toInclusive() ? "]" : ")"), limit, expected.size(),
                    r.requests(), ideal, bound);
            assertTrue(r.requests() <= bound, r.requests() + " calls for " + expected.size() + " deployments with pages of "
                    + limit + ": more than the " + bound + " the planning allows (" + ideal + " pages could hold them)");
        }
    }
}
