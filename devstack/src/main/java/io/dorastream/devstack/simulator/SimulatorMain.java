package io.dorastream.devstack.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link DatadogSimulator} with generated data until interrupted (Ctrl-C).
 *
 * <pre>
 * java -cp … io.dorastream.devstack.simulator.SimulatorMain --port 8089 --seed 42 --services 8 --months 3 \
 *      --api-key my-api-key --app-key my-app-key
 * </pre>
 * Options: {@code --port}, {@code --bind ADDRESS} (default 127.0.0.1; 0.0.0.0 in a container), {@code --seed},
 * {@code --services}, {@code --teams}, {@code --envs},
 * {@code --months}, {@code --dense-hour N}, {@code --incidents-per-month N}, {@code --no-verdicts}, {@code --colon-ids SHARE},
 * {@code --empty} (no data), {@code --api-key} and {@code --app-key} (repeatable),
 * {@code --rate-limit N}, {@code --rate-period SECONDS}, {@code --separate-buckets},
 * {@code --no-validate-keys} (no {@code /api/v2/validate_keys}: 404, as a site without it), {@code --timestamps rfc3339|epoch_nanos},
 * {@code --filter-field started_at|finished_at}, {@code --sort started_at_desc|…|insertion},
 * {@code --to-exclusive}, {@code --now INSTANT} (the clock frozen there, the data generated back from it: the
 * same answers on every run); the quirks of the real Datadog ({@link ListQuirks}): {@code --page-cap N},
 * {@code --latency-per-event MICROS}, {@code --gateway-timeout MILLIS}, {@code --documented-shapes},
 * {@code --zero-times}, {@code --malformed SHARE}.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    /** Entry point; see the class comment for the options. */
    public static void main(String[] args) throws InterruptedException {
        SimulatorConfig.Builder config = SimulatorConfig.builder().port(8089);
        DatasetSpec spec = DatasetSpec.demo();
        List<String> apiKeys = new ArrayList<>();
        List<String> appKeys = new ArrayList<>();
        boolean empty = false;
        int rateLimit = SimulatorConfig.defaults().rateLimit();
        int ratePeriod = SimulatorConfig.defaults().ratePeriodSeconds();
        ListQuirks quirks = ListQuirks.defaults();
        long microsPerEvent = 0;
        long gatewayTimeout = 0;
        java.time.Instant frozenNow = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--no-verdicts" -> spec = spec.withNoVerdicts(true);
                case "--empty" -> empty = true;
                case "--to-exclusive" -> config.toInclusive(false);
                case "--documented-shapes" -> quirks = quirks.withRealShapes(false);
                case "--zero-times" -> quirks = quirks.withZeroTimes(true);
                case "--separate-buckets" -> config.separateBuckets(true);
                case "--no-validate-keys" -> config.validateKeys(false);
                case "--help", "-h" -> {
                    System.out.println("usage: SimulatorMain [--port N] [--bind ADDRESS] [--seed N] [--services N] [--teams N] [--envs N]"
                            + " [--months N] [--dense-hour N] [--incidents-per-month N] [--no-verdicts] [--colon-ids SHARE] [--empty]"
                            + " [--api-key KEY]... [--app-key KEY]... [--rate-limit N] [--rate-period SECONDS] [--separate-buckets]"
                            + " [--no-validate-keys]"
                            + " [--timestamps rfc3339|epoch_nanos] [--filter-field started_at|finished_at]"
                            + " [--sort started_at_asc|started_at_desc|finished_at_asc|finished_at_desc|insertion]"
                            + " [--to-exclusive] [--page-cap N] [--latency-per-event MICROS] [--gateway-timeout MILLIS]"
                            + " [--documented-shapes] [--zero-times] [--malformed SHARE] [--now RFC3339-INSTANT]");
                    return;
                }
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("missing value after " + option);
                    }
                    String value = args[++i];
                    switch (option) {
                        case "--port" -> config.port(Integer.parseInt(value));
                        case "--bind" -> config.bindAddress(value);
                        case "--seed" -> spec = spec.withSeed(Long.parseLong(value));
                        case "--services" -> spec = spec.withServices(Integer.parseInt(value));
                        case "--teams" -> spec = spec.withTeams(Integer.parseInt(value));
                        case "--envs" -> spec = spec.withEnvironments(Integer.parseInt(value));
                        case "--months" -> spec = spec.withMonthsBack(Integer.parseInt(value));
                        case "--dense-hour" -> spec = spec.withDenseHourDeployments(Integer.parseInt(value));
                        case "--incidents-per-month" -> spec = spec.withStandaloneIncidents(Integer.parseInt(value));
                        case "--colon-ids" -> spec = spec.withColonIdShare(Double.parseDouble(value));
                        case "--api-key" -> apiKeys.add(value);
                        case "--app-key" -> appKeys.add(value);
                        case "--rate-limit" -> rateLimit = Integer.parseInt(value);
                        case "--rate-period" -> ratePeriod = Integer.parseInt(value);
                        case "--timestamps" -> config.timestampFormat(
                                SimulatorConfig.TimestampFormat.valueOf(value.toUpperCase(Locale.ROOT)));
                        case "--filter-field" -> config.filterField(
                                SimulatorConfig.FilterField.valueOf(value.toUpperCase(Locale.ROOT)));
                        case "--sort" -> config.defaultSort(
                                SimulatorConfig.SortOrder.valueOf(value.toUpperCase(Locale.ROOT)));
                        case "--page-cap" -> quirks = quirks.withPageCap(Integer.parseInt(value));
                        case "--latency-per-event" -> microsPerEvent = Long.parseLong(value);
                        case "--gateway-timeout" -> gatewayTimeout = Long.parseLong(value);
                        case "--malformed" -> quirks = quirks.withMalformedShare(Double.parseDouble(value));
                        case "--now" -> frozenNow = Timestamps.parseRfc3339(value);
                        default -> throw new IllegalArgumentException("unknown option " + option + " (try --help)");
                    }
                }
            }
        }
        if (!apiKeys.isEmpty()) {
            config.apiKeys(apiKeys.toArray(String[]::new));
        }
        if (!appKeys.isEmpty()) {
            config.appKeys(appKeys.toArray(String[]::new));
        }
        config.rateLimit(rateLimit, ratePeriod);
        config.listQuirks(quirks.withLatency(microsPerEvent, gatewayTimeout));

        DatadogSimulator simulator = DatadogSimulator.start(config.build());
        if (frozenNow != null) {
            simulator.clock().set(frozenNow);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "datadog-simulator-shutdown"));
        Dataset data = empty ? Dataset.empty() : simulator.generate(spec);
        System.out.printf("Datadog DORA simulator listening on %s (%d deployments, %d failures; API keys %s, "
                        + "application keys %s)%n", simulator.baseUri(), data.deployments().size(),
                data.failures().size(), simulator.config().apiKeys(), simulator.config().appKeys());
        stopped.await();
    }
}
