package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The list-request query language, construct by construct. */
class EventQueryTest {

    private static final ObjectNode CHECKOUT = attributes("""
            {"service":"checkout","env":"production","team":"backend","version":"v2.14.0",
             "custom_tags":["language:java","region:us-east-1"]}""");
    private static final ObjectNode SEARCH = attributes("""
            {"service":"search","env":"staging","team":"platform","version":"v1.3.0","custom_tags":["language:go"]}""");
    private static final ObjectNode INCIDENT = attributes("""
            {"name":"Outage","services":["payments","checkout"],"env":"production","team":"payments","severity":"SEV-1"}""");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "env:production                              | true  | false | true",
            "-env:production                             | false | true  | false",
            "NOT env:production                          | false | true  | false",
            "env:production team:backend                 | true  | false | false",
            "env:production AND team:backend             | true  | false | false",
            "service:(checkout OR search)                | true  | true  | true",
            "(service:search OR team:payments)           | false | true  | true",
            "service:payments                            | false | false | true",
            "service:check*                              | true  | false | true",
            "version:*v2*                                | true  | false | false",
            "language:java                               | true  | false | false",
            "language:(go OR java) -region:us-east-1     | false | true  | false",
            "severity:SEV-1                              | false | false | true",
            "severity:sev-1                              | false | false | true",
            "ENV:Production                              | true  | false | true",
            "severity:*                                  | false | false | true",
            "-severity:*                                 | true  | true  | false",
            "*                                           | true  | true  | true",
            "env:\"production\"                          | true  | false | true",
            "env:(production OR staging) -service:search | true  | false | true",
            "region:us-east-1 OR team:platform           | true  | true  | false",
            "service:(checkout AND payments)             | false | false | true",
            "unknown:tag                                 | false | false | false"})
    void matches(String query, boolean checkout, boolean search, boolean incident) {
        EventQuery parsed = EventQuery.parse(query);
        assertEquals(List.of(checkout, search, incident),
                List.of(parsed.matches(CHECKOUT), parsed.matches(SEARCH), parsed.matches(INCIDENT)));
    }

    @Test
    void blankQueryMatchesEverything() {
        assertTrue(EventQuery.parse("  ").matches(SEARCH));
        assertTrue(EventQuery.parse(null).matches(INCIDENT));
    }

    @Test
    void valuesMayContainColons() {
        ObjectNode tagged = attributes("{\"custom_tags\":[\"url:https://x.example/a\"]}");
        assertTrue(EventQuery.parse("url:https://x.example/*").matches(tagged));
    }

    @ParameterizedTest
    @ValueSource(strings = {"env:", "(env:a", "env:a)", "env:(a OR)", "production", "-", "OR env:a", "env:()",
            "env:\"abc", ":value", "env:a OR", "env:(a", "()"})
    void malformedQueriesAreRejected(String query) {
        assertThrows(EventQuery.SyntaxException.class, () -> EventQuery.parse(query));
    }

    @Test
    void overHttpAMalformedQueryIsA400AndAGoodOneFilters() {
        try (DatadogSimulator simulator = DatadogSimulator.start(SimulatorConfig.defaults())) {
            simulator.clock().set(Instant.parse("2026-03-02T00:00:00Z"));
            simulator.load(new Dataset(List.of(
                    TestEvents.deployment("a", "checkout", "production", "2026-03-01T10:00:00Z", null),
                    TestEvents.deployment("b", "search", "production", "2026-03-01T10:00:00Z", null),
                    TestEvents.deployment("c", "checkout", "staging", "2026-03-01T11:00:00Z", null)), List.of()));
            SimClient client = new SimClient(simulator);
            SimClient.Reply bad = client.listDeployments("{\"query\":\"service:(a OR\"}");
            assertEquals(400, bad.status());
            assertTrue(bad.json().at("/errors/0/detail").asText().startsWith("invalid query: "), bad.body());
            assertEquals(List.of("c", "b"), TestEvents.ids(client.listDeployments(
                    "{\"query\":\"service:(search OR checkout) -service:checkout OR env:staging\"}").json()));
        }
    }

    private static ObjectNode attributes(String json) {
        return (ObjectNode) Recordings.read(json);
    }
}
