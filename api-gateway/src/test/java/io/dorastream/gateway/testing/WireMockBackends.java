package io.dorastream.gateway.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * One WireMock server per JVM standing in for both backends. The connector answers under
 * {@value #CONNECTOR}, the aggregator under {@value #AGGREGATOR} (the REST clients' base URLs carry
 * those prefixes, so the stubs of the two backends never overlap); their management interfaces
 * under {@value #CONNECTOR_MANAGEMENT} and {@value #AGGREGATOR_MANAGEMENT}. Its port is fixed when it first
 * starts, so that a test can stop it (the backends are down) and start it again on the same port.
 */
public class WireMockBackends implements QuarkusTestResourceLifecycleManager {

    public static final String CONNECTOR = "/connector";
    public static final String AGGREGATOR = "/aggregator";
    /** The backends' management interfaces (readiness). */
    public static final String CONNECTOR_MANAGEMENT = "/connector-management";
    public static final String AGGREGATOR_MANAGEMENT = "/aggregator-management";

    private static volatile WireMockServer server;

    @Override
    public Map<String, String> start() {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        WireMockServer s = new WireMockServer(options().port(port).bindAddress("127.0.0.1"));
        s.start();
        server = s;
        String base = "http://127.0.0.1:" + s.port();
        return Map.of(
                "quarkus.rest-client.connector.url", base + CONNECTOR,
                "quarkus.rest-client.aggregator.url", base + AGGREGATOR,
                "quarkus.rest-client.connector-management.url", base + CONNECTOR_MANAGEMENT,
                "quarkus.rest-client.aggregator-management.url", base + AGGREGATOR_MANAGEMENT);
    }

    @Override
    public void stop() {
        WireMockServer s = server;
        server = null;
        if (s != null) {
            s.stop();
        }
    }

    /** The running server (the test resource is started before any @QuarkusTest runs). */
    public static WireMockServer server() {
        WireMockServer s = server;
        if (s == null) {
            throw new IllegalStateException("WireMock is not running: is the test annotated with @WithTestResource(WireMockBackends.class)?");
        }
        return s;
    }
}
