package io.dorastream.connector.reading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.connector.config.ConnectorConfig.AuthorEmails;
import io.dorastream.connector.datadog.DatadogEventParser;
import io.dorastream.connector.datadog.DatadogEventParser.Parsed;
import io.dorastream.devstack.simulator.Dataset;
import io.dorastream.devstack.simulator.DatadogSimulator;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.dorastream.devstack.simulator.SimulatorConfig.FilterField;
import io.dorastream.devstack.simulator.SimulatorConfig.SortOrder;

/**
 * Whatever timestamp Datadog's window filters on, whichever bounds are inclusive and however it
 * sorts by default, the reader returns every event of {@code [from, to)} (computed here from the
 * simulator's export by the configured filter field) and nothing further than one second outside,
 * read as one window and read day by day, with Datadog's page limit and with a small one that
 * forces deep splitting and the split by service.
 */
class WindowReaderMatrixTest {

    static final Dataset DATASET = ReaderDataset.build();

    static Stream<Arguments> configurations() {
        List<Arguments> all = new ArrayList<>();
        for (int limit : new int[] { 1000, 50 }) {
            for (FilterField field : FilterField.values()) {
                for (boolean fromInclusive : new boolean[] { true, false }) {
                    for (boolean toInclusive : new boolean[] { false, true }) {
                        for (SortOrder sort : SortOrder.values()) {
                            all.add(Arguments.of(limit, field, fromInclusive, toInclusive, sort));
                        }
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "limit {0}, {1}, from inclusive {2}, to inclusive {3}, {4}")
    @MethodSource("configurations")
    void readsEveryEventOfTheWindow(int limit, FilterField field, boolean fromInclusive, boolean toInclusive, SortOrder sort) {
        SimulatorConfig config = SimulatorConfig.builder().filterField(field).fromInclusive(fromInclusive)
                .toInclusive(toInclusive).defaultSort(sort).rateLimit(1_000_000, 60).build();
        try (DatadogSimulator sim = DatadogSimulator.start(config)) {
            sim.clock().set(ReaderDataset.NOW);
            sim.load(DATASET);
            Dataset export = sim.export();
            WindowReader reader = new WindowReader(new DatadogEventParser(AuthorEmails.DROP), limit,
                    WindowReader.Settings.defaults().withSleeper(d -> sim.clock().advance(d)));
            SimulatorListCall call = new SimulatorListCall(sim.baseUri());
            StringBuilder report = new StringBuilder();
            for (io.dorastream.events.Stream stream : io.dorastream.events.Stream.values()) {
                Set<String> expected = ReaderDataset.expected(export, stream, field, ReaderDataset.FROM, ReaderDataset.TO, i -> true);
                WindowReader.Result whole = reader.read(call, stream, null, ReaderDataset.FROM, ReaderDataset.TO);
                assertComplete(expected, whole, stream + " as one window");
                assertNear(whole.events(), field, ReaderDataset.FROM, ReaderDataset.TO, stream + " as one window");
                assertEquals(0, whole.rejected());

                Set<String> union = new HashSet<>();
                int dailyRequests = 0;
                for (Instant day = ReaderDataset.DAILY_FROM; day.isBefore(ReaderDataset.DAILY_TO); day = day.plus(Duration.ofDays(1))) {
                    Instant next = day.plus(Duration.ofDays(1));
                    WindowReader.Result daily = reader.read(call, stream, null, day, next);
                    assertComplete(ReaderDataset.expected(export, stream, field, day, next, i -> true), daily, stream + " on " + day);
                    assertNear(daily.events(), field, day, next, stream + " on " + day);
                    daily.events().forEach(p -> union.add(p.id()));
                    dailyRequests += daily.requests();
                }
                assertTrue(union.containsAll(ReaderDataset.expected(export, stream, field, ReaderDataset.DAILY_FROM,
                        ReaderDataset.DAILY_TO, i -> true)), stream + " day by day");
                report.append(String.format(" %s: %d events, %d requests whole, %d day by day;", stream.id(), expected.size(),
                        whole.requests(), dailyRequests));
            }
            System.out.printf("limit %d %s from %s to %s %s:%s%n", limit, field, fromInclusive ? "[" : "(",
                    toInclusive ? "]" : ")", sort, report);
        }
    }

    static void assertComplete(Set<String> expected, WindowReader.Result result, String what) {
        Set<String> read = result.events().stream().map(Parsed::id).collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(read);
        assertTrue(missing.isEmpty(), what + ": " + missing.size() + " events missing, e.g. "
                + missing.stream().limit(10).toList());
        assertEquals(read.size(), result.events().size(), what + ": each event once");
    }

    /** Nothing returned lies further than one second outside the window (by the filter field). */
    static void assertNear(List<Parsed> events, FilterField field, Instant from, Instant to, String what) {
        Map<String, ObjectNode> items = new java.util.HashMap<>();
        DATASET.deployments().forEach(i -> items.put("d" + i.get("id").asText(), i));
        DATASET.failures().forEach(i -> items.put("f" + i.get("id").asText(), i));
        for (Parsed p : events) {
            ObjectNode item = items.get((p.stream() == io.dorastream.events.Stream.DEPLOYMENTS ? "d" : "f") + p.id());
            Instant t = ReaderDataset.filterTime(item, field);
            assertTrue(!t.isBefore(from.minusSeconds(1)) && !t.isAfter(to), what + ": " + p.id() + " at " + t + " is not near the window");
        }
    }
}
