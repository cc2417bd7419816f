package io.dorastream.devstack.testing;

import java.util.Map;

import io.dorastream.devstack.simulator.DatadogSimulator;
import io.dorastream.devstack.simulator.SimulatorConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a Quarkus service's Datadog calls ({@code dorastream.datadog.api-url}) at the JVM's shared
 * Datadog simulator, started on first use with the default keys ({@link SimulatorConfig#DEFAULT_API_KEY},
 * {@link SimulatorConfig#DEFAULT_APP_KEY}, and {@link #APP_KEY_WITHOUT_READ}). Tests reach it through {@link #simulator()} to load data,
 * set its clock or inject faults, and must restore what they change.
 */
public class SimulatorTestResource implements QuarkusTestResourceLifecycleManager {

    /** An application key the simulator accepts but that lacks {@code dora_metrics_read}. */
    public static final String APP_KEY_WITHOUT_READ = "sim-app-key-without-read";

    /**
     * A second accepted API key: another organisation (its own rate budget), e.g. to revoke one
     * connection's key while another goes on.
     */
    public static final String SECOND_API_KEY = "sim-api-key-2";

    /**
     * A third organisation for tests that use up or fault its rate limit, so that no other test's
     * budget is touched.
     */
    public static final String THROTTLED_API_KEY = "sim-api-key-3";

    /**
     * A fourth organisation for tests that use up one of its named rate-limit buckets on purpose
     * (its windows stay used up for the rest of the period).
     */
    public static final String BUCKETS_API_KEY = "sim-api-key-4";

    private static DatadogSimulator simulator;

    public static synchronized DatadogSimulator simulator() {
        if (simulator == null) {
            simulator = DatadogSimulator.start(SimulatorConfig.builder().port(0)
                    .apiKeys(SimulatorConfig.DEFAULT_API_KEY, SECOND_API_KEY, THROTTLED_API_KEY, BUCKETS_API_KEY)
                    .appKeysWithoutRead(APP_KEY_WITHOUT_READ).build());
            Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "simulator-shutdown"));
        }
        return simulator;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("dorastream.datadog.api-url", simulator().baseUri().toString());
    }

    @Override
    public void stop() {
        // Shared by every test of the JVM: stopped when the JVM exits.
    }
}
