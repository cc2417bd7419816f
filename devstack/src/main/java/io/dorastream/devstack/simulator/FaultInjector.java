package io.dorastream.devstack.simulator;

import java.util.Random;

/** Draws the fault of each {@code /api} request from the configured shares, reproducibly. */
final class FaultInjector {

    /** What happens to one request. */
    enum Fault { NONE, ERROR_5XX, RATE_LIMITED, TIMEOUT, MALFORMED_JSON, TRUNCATED_JSON }

    /**
     * One request's draw.
     *
     * @param fault         the fault
     * @param status        the 5xx status for {@link Fault#ERROR_5XX}, else 0
     * @param latencyMillis delay before answering
     * @param holdMillis    how long a {@link Fault#TIMEOUT} holds the request
     */
    record Decision(Fault fault, int status, long latencyMillis, long holdMillis) {
    }

    private static final int[] SERVER_ERRORS = {500, 502, 503, 504};

    private FaultConfig config;
    private Random random;

    FaultInjector(FaultConfig config) {
        configure(config);
    }

    /** Applies a configuration and restarts the decision sequence from its seed. */
    synchronized void configure(FaultConfig value) {
        config = value;
        random = new Random(value.seed());
    }

    synchronized FaultConfig config() {
        return config;
    }

    synchronized Decision decide() {
        double draw = random.nextDouble();
        Fault fault = Fault.NONE;
        double bound = config.error5xx();
        if (draw < bound) {
            fault = Fault.ERROR_5XX;
        } else if (draw < (bound += config.rateLimited429())) {
            fault = Fault.RATE_LIMITED;
        } else if (draw < (bound += config.timeout())) {
            fault = Fault.TIMEOUT;
        } else if (draw < (bound += config.malformedJson())) {
            fault = Fault.MALFORMED_JSON;
        } else if (draw < bound + config.truncatedJson()) {
            fault = Fault.TRUNCATED_JSON;
        }
        int status = fault == Fault.ERROR_5XX ? SERVER_ERRORS[random.nextInt(SERVER_ERRORS.length)] : 0;
        return new Decision(fault, status, config.latencyMillis(), config.timeoutHoldMillis());
    }
}
