package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replays every exchange Datadog recorded (go and java cassettes, test-server data) against the
 * simulator, seeded with the data each recording shows and its clock at the recording's frozen
 * time, and checks the status, the content type and the JSON shape of each answer; answers
 * without server-made ids must equal the recording exactly.
 *
 * <p>Seeding is per scenario: the recordings come from different organisations and years (the
 * recorded send of a {@code shopist} deployment starts in the very second of the fixture
 * deployment {@code abc-123}, which the simulator, like Datadog, would refuse in one org).
 */
class RecordedExchangeReplayTest {

    private static final Pattern WRITE = Pattern.compile("/api/v2/dora/(deployment|failure|incident)");
    private static final List<Recordings.Scenario> SCENARIOS = Recordings.all();
    private static DatadogSimulator simulator;

    @BeforeAll
    static void start() {
        // the recorded events were sent through the API by Datadog's client tests: listed with the attributes sent
        simulator = DatadogSimulator.start(SimulatorConfig.builder().listQuirks(ListQuirks.documented()).build());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void readsEveryRecording() {
        assertEquals(29, SCENARIOS.size(), "9 go scenarios + 2 v1 go scenarios + 9 java + 9 test-server");
        assertEquals(List.of("abc-123"), SCENARIOS.stream()
                .flatMap(s -> Recordings.seedData(List.of(s)).deployments().stream())
                .map(d -> d.get("id").asText()).distinct().toList(), "the recorded deployment");
    }

    @TestFactory
    Stream<DynamicTest> replay() {
        return SCENARIOS.stream().map(scenario -> DynamicTest.dynamicTest(scenario.source(), () -> replay(scenario)));
    }

    private static void replay(Recordings.Scenario scenario) {
        simulator.load(Recordings.seedData(List.of(scenario)));
        if (scenario.frozenAt() != null) {
            simulator.clock().set(scenario.frozenAt());
        } else {
            simulator.clock().useSystemTime();
        }
        for (Recordings.Exchange exchange : scenario.exchanges()) {
            boolean refused = exchange.status() == 401 || exchange.status() == 403;
            SimClient client = refused ? new SimClient(simulator).withKeys(null, null) : new SimClient(simulator);
            SimClient.Reply reply = client.send(exchange.method(), exchange.path(),
                    exchange.requestBody().isEmpty() ? null : exchange.requestBody());
            String where = scenario.source() + " " + exchange.method() + " " + exchange.path();
            assertEquals(exchange.status(), reply.status(), where + ": status; body " + reply.body());
            assertEquals(exchange.contentType(), reply.contentType(), where + ": content type");
            JsonNode expected = Recordings.read(exchange.responseBody());
            JsonNode actual = reply.json();
            assertSameShape(expected, actual, where + " $");
            if (!makesId(exchange)) {
                assertEquals(expected, actual, where + ": body");
            }
        }
    }

    /** A send without a caller id: Datadog made the id, so only the shape can match. */
    private static boolean makesId(Recordings.Exchange exchange) {
        return exchange.method().equals("POST") && WRITE.matcher(exchange.path()).matches()
                && Recordings.read(exchange.requestBody()).path("data").path("attributes").path("id").isMissingNode();
    }

    /** Same node types, same object keys, same array lengths, recursively. */
    static void assertSameShape(JsonNode expected, JsonNode actual, String path) {
        assertEquals(expected.getNodeType(), actual.getNodeType(), path + ": type");
        if (expected.isObject()) {
            Set<String> expectedKeys = new TreeSet<>();
            expected.fieldNames().forEachRemaining(expectedKeys::add);
            Set<String> actualKeys = new TreeSet<>();
            actual.fieldNames().forEachRemaining(actualKeys::add);
            assertEquals(expectedKeys, actualKeys, path + ": keys");
            for (Iterator<Map.Entry<String, JsonNode>> fields = expected.properties().iterator(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                assertSameShape(field.getValue(), actual.get(field.getKey()), path + "." + field.getKey());
            }
        } else if (expected.isArray()) {
            assertEquals(expected.size(), actual.size(), path + ": length");
            for (int i = 0; i < expected.size(); i++) {
                assertSameShape(expected.get(i), actual.get(i), path + "[" + i + "]");
            }
        } else if (expected.isNumber()) {
            assertTrue(actual.isIntegralNumber() == expected.isIntegralNumber(), path + ": number kind");
        } else if (!expected.isValueNode() && !expected.isNull()) {
            fail(path + ": unexpected node " + expected);
        }
    }
}
