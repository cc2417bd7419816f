package io.dorastream.connector.reading;

import static io.dorastream.connector.reading.WindowReaderTest.DATASET;
import static io.dorastream.connector.reading.WindowReaderTest.assertContains;
import static io.dorastream.connector.reading.WindowReaderTest.config;
import static io.dorastream.connector.reading.WindowReaderTest.ids;
import static io.dorastream.connector.reading.WindowReaderTest.simulator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.dorastream.connector.config.ConnectorConfig.AuthorEmails;
import io.dorastream.connector.datadog.DatadogEventParser;
import io.dorastream.devstack.simulator.Dataset;
import io.dorastream.devstack.simulator.DatadogSimulator;
import io.dorastream.devstack.simulator.ListQuirks;
import io.dorastream.devstack.simulator.SimulatorConfig.FilterField;
import io.dorastream.events.Stream;

/** The reader against the real Datadog's quirks: a silent page cap below {@code limit}, windows too heavy to answer. */
class ReaderQuirksTest {

    /**
     * Datadog returns at most {@code cap} events whatever {@code limit} asks: every event is read all
     * the same, and the cap is learned (windows are then planned for it).
     */
    @ParameterizedTest
    @ValueSource(ints = { 500, 137 })
    void readsEverythingUnderASilentPageCap(int cap) {
        try (DatadogSimulator sim = simulator(config().listQuirks(ListQuirks.defaults().withPageCap(cap)).build(), DATASET)) {
            Dataset export = sim.export();
            WindowReader reader = new WindowReader(new DatadogEventParser(AuthorEmails.DROP), 1000,
                    WindowReader.Settings.defaults().withSleeper(d -> sim.clock().advance(d)));
            SimulatorListCall call = new SimulatorListCall(sim.baseUri());
            for (Stream stream : Stream.values()) {
                PageCap learned = reader.cap("connection", stream);
                WindowReader.Result r = reader.read(call, learned, stream, null, ReaderDataset.FROM, ReaderDataset.TO);
                Set<String> expected = ReaderDataset.expected(export, stream, FilterField.STARTED_AT, ReaderDataset.FROM,
                        ReaderDataset.TO, i -> true);
                assertContains(expected, ids(r), stream.id() + " with pages capped at " + cap);
                if (stream == Stream.DEPLOYMENTS || expected.size() > cap) {
                    assertTrue(expected.size() > cap, "more events than one capped page: " + expected.size());
                    assertEquals(cap, learned.provenCap(), stream.id() + ": the cap is learned");
                }
            }
        }
    }

    /**
     * A window too heavy to answer in time (latency grows with the page; the gateway gives up after
     * 10 ms, 500 events at 20 µs each) is split, not retried at the same size until the read fails.
     */
    @Test
    void splitsAWindowThatKeepsTimingOut() {
        WindowReaderTest.Sleeps sleeps = new WindowReaderTest.Sleeps();
        try (DatadogSimulator sim = simulator(config().listQuirks(ListQuirks.defaults().withLatency(20, 10)).build(), DATASET)) {
            Dataset export = sim.export();
            WindowReader reader = WindowReaderTest.reader(1000, sleeps);
            SimulatorListCall call = new SimulatorListCall(sim.baseUri());
            for (Stream stream : Stream.values()) {
                WindowReader.Result r = reader.read(call, stream, null, ReaderDataset.FROM, ReaderDataset.TO);
                assertContains(ReaderDataset.expected(export, stream, FilterField.STARTED_AT, ReaderDataset.FROM,
                        ReaderDataset.TO, i -> true), ids(r), stream.id());
            }
            assertTrue(sim.stats().count("POST /api/v2/dora/deployments", 504) > 0, "heavy windows timed out: " + sim.stats().byEndpoint());
        }
    }
}
