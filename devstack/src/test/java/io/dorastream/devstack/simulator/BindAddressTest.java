package io.dorastream.devstack.simulator;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The address the simulator listens on: loopback by default, any given one (a container gives 0.0.0.0). */
class BindAddressTest {

    @Test
    void listensOnLoopbackByDefaultAndOnTheGivenAddress() throws Exception {
        assertEquals("127.0.0.1", SimulatorConfig.defaults().bindAddress());
        try (DatadogSimulator sim = DatadogSimulator.start(SimulatorConfig.builder().bindAddress("0.0.0.0").build())) {
            assertEquals("0.0.0.0", sim.config().bindAddress());
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/_sim/clock")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
        }
    }
}
