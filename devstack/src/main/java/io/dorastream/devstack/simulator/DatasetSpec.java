package io.dorastream.devstack.simulator;

/**
 * What {@link DatasetGenerator} produces; the same spec and the same {@code now} always give
 * the same dataset.
 *
 * @param seed                 seed of every random choice
 * @param services             number of services (1–100)
 * @param teams                number of teams owning them (1–50)
 * @param environments         number of environments (1–5; the first is {@code production})
 * @param monthsBack           how far back from {@code now} the data reaches (1–24)
 * @param denseHourDeployments deployments crowded into one hour
 *                             ({@link DatasetGenerator#denseHourStart}), 0 for none (at most 1000)
 * @param noVerdicts           whether deployments carry no {@code change_failure},
 *                             {@code remediation} or {@code recovery_time_sec} at all
 * @param colonIdShare         share of ids (0–1) containing {@code :}
 * @param standaloneIncidents  incidents per month unrelated to any deployment (0–1000), beside those that failed
 *                             production deployments open
 */
public record DatasetSpec(long seed, int services, int teams, int environments, int monthsBack,
                          int denseHourDeployments, boolean noVerdicts, double colonIdShare, int standaloneIncidents) {

    /** Validates the ranges. */
    public DatasetSpec {
        requireRange("services", services, 1, 100);
        requireRange("teams", teams, 1, 50);
        requireRange("environments", environments, 1, 5);
        requireRange("monthsBack", monthsBack, 1, 24);
        requireRange("denseHourDeployments", denseHourDeployments, 0, 1000);
        requireRange("standaloneIncidents", standaloneIncidents, 0, 1000);
        if (!(colonIdShare >= 0 && colonIdShare <= 1)) {
            throw new IllegalArgumentException("colonIdShare must be within [0, 1]");
        }
    }

    /**
     * The standard demo: seed 42, 8 services, 3 teams, 2 environments, 3 months, 5% ids with colons, 2 standalone
     * incidents a month.
     */
    public static DatasetSpec demo() {
        return new DatasetSpec(42, 8, 3, 2, 3, 0, false, 0.05, 2);
    }

    /** A copy with another seed. */
    public DatasetSpec withSeed(long value) {
        return new DatasetSpec(value, services, teams, environments, monthsBack, denseHourDeployments, noVerdicts,
                colonIdShare, standaloneIncidents);
    }

    /** A copy with another number of services. */
    public DatasetSpec withServices(int value) {
        return new DatasetSpec(seed, value, teams, environments, monthsBack, denseHourDeployments, noVerdicts,
                colonIdShare, standaloneIncidents);
    }

    /** A copy with another number of teams. */
    public DatasetSpec withTeams(int value) {
        return new DatasetSpec(seed, services, value, environments, monthsBack, denseHourDeployments, noVerdicts,
                colonIdShare, standaloneIncidents);
    }

    /** A copy with another number of environments. */
    public DatasetSpec withEnvironments(int value) {
        return new DatasetSpec(seed, services, teams, value, monthsBack, denseHourDeployments, noVerdicts,
                colonIdShare, standaloneIncidents);
    }

    /** A copy reaching another number of months back. */
    public DatasetSpec withMonthsBack(int value) {
        return new DatasetSpec(seed, services, teams, environments, value, denseHourDeployments, noVerdicts,
                colonIdShare, standaloneIncidents);
    }

    /** A copy with another number of deployments in the dense hour. */
    public DatasetSpec withDenseHourDeployments(int value) {
        return new DatasetSpec(seed, services, teams, environments, monthsBack, value, noVerdicts, colonIdShare,
                standaloneIncidents);
    }

    /** A copy with or without verdict attributes. */
    public DatasetSpec withNoVerdicts(boolean value) {
        return new DatasetSpec(seed, services, teams, environments, monthsBack, denseHourDeployments, value,
                colonIdShare, standaloneIncidents);
    }

    /** A copy with another share of ids containing {@code :}. */
    public DatasetSpec withColonIdShare(double value) {
        return new DatasetSpec(seed, services, teams, environments, monthsBack, denseHourDeployments, noVerdicts,
                value, standaloneIncidents);
    }

    /** A copy with another number of standalone incidents a month. */
    public DatasetSpec withStandaloneIncidents(int value) {
        return new DatasetSpec(seed, services, teams, environments, monthsBack, denseHourDeployments, noVerdicts,
                colonIdShare, value);
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be within " + min + ".." + max + ", got " + value);
        }
    }
}
