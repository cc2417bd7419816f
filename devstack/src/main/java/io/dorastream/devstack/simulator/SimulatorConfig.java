package io.dorastream.devstack.simulator;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * Configuration of a {@link DatadogSimulator}. Build one with {@link #builder()} (or start from
 * {@link #defaults()} and {@link #toBuilder()}).
 *
 * <p>An application key is accepted when it appears in {@code appKeys},
 * {@code appKeysWithoutRead} or {@code appKeysWithoutWrite}; the last two lack the permission
 * {@code dora_metrics_read} respectively {@code dora_metrics_write}.
 *
 * @param port                 TCP port on 127.0.0.1; 0 picks a free one
 * @param apiKeys              accepted API keys ({@code DD-API-KEY}); each one is an organisation
 * @param appKeys              accepted application keys with both DORA permissions
 * @param appKeysWithoutRead   accepted application keys lacking {@code dora_metrics_read}
 * @param appKeysWithoutWrite  accepted application keys lacking {@code dora_metrics_write}
 * @param rateLimit            requests allowed per API key and period
 * @param ratePeriodSeconds    length of the fixed rate-limit window, aligned on the clock's epoch
 * @param filterField          the timestamp a list request's {@code from}/{@code to} filter on
 * @param fromInclusive        whether an event exactly at {@code from} is listed
 * @param toInclusive          whether an event exactly at {@code to} is listed
 * @param defaultSort          order of list answers when the request names no {@code sort}
 * @param timestampFormat      how {@code started_at}/{@code finished_at} are written in answers
 * @param faults               faults injected from the start
 * @param mutatorSeed          seed of the {@link Mutator}'s random decisions
 * @param bindAddress          the address to listen on
 * @param listQuirks           how list answers differ from the documented API (page cap, latency, live shapes…)
 * @param separateBuckets      whether the deployments and failures endpoints count against
 *                             separate named rate-limit buckets (default: one shared bucket)
 * @param validateKeys         whether {@code GET /api/v2/validate_keys} exists (Datadog added it in 2026); without
 *                             it the simulator answers 404 there, as an older site does
 */
public record SimulatorConfig(int port, Set<String> apiKeys, Set<String> appKeys,
                              Set<String> appKeysWithoutRead, Set<String> appKeysWithoutWrite,
                              int rateLimit, int ratePeriodSeconds, FilterField filterField,
                              boolean fromInclusive, boolean toInclusive, SortOrder defaultSort,
                              TimestampFormat timestampFormat, FaultConfig faults, long mutatorSeed,
                              String bindAddress, ListQuirks listQuirks,
                              boolean separateBuckets, boolean validateKeys) {

    /** API key accepted by {@link #defaults()}. */
    public static final String DEFAULT_API_KEY = "sim-api-key";
    /** Application key (with both permissions) accepted by {@link #defaults()}. */
    public static final String DEFAULT_APP_KEY = "sim-app-key";

    /** Which timestamp a list request's window applies to. */
    public enum FilterField {
        /** The event's {@code started_at}. */
        STARTED_AT,
        /** The event's {@code finished_at}; events without one fall back to {@code started_at}. */
        FINISHED_AT
    }

    /** Order of list answers when the request has no {@code sort} attribute. */
    public enum SortOrder {
        /** Oldest {@code started_at} first. */
        STARTED_AT_ASC,
        /** Newest {@code started_at} first. */
        STARTED_AT_DESC,
        /** Oldest {@code finished_at} first (falling back to {@code started_at}). */
        FINISHED_AT_ASC,
        /** Newest {@code finished_at} first (falling back to {@code started_at}). */
        FINISHED_AT_DESC,
        /** Unsorted: the order in which the simulator received (or loaded) the events. */
        INSERTION
    }

    /** Wire form of {@code started_at} and {@code finished_at} in answers. */
    public enum TimestampFormat {
        /** RFC 3339 strings, e.g. {@code 2026-01-29T08:25:52Z} (Datadog since 2026). */
        RFC3339,
        /** Integer Unix nanoseconds (Datadog before 2026). */
        EPOCH_NANOS
    }

    /** Validates the configuration and freezes the key sets. */
    public SimulatorConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be within 0..65535");
        }
        apiKeys = Set.copyOf(apiKeys);
        appKeys = Set.copyOf(appKeys);
        appKeysWithoutRead = Set.copyOf(appKeysWithoutRead);
        appKeysWithoutWrite = Set.copyOf(appKeysWithoutWrite);
        if (rateLimit < 1 || ratePeriodSeconds < 1) {
            throw new IllegalArgumentException("rateLimit and ratePeriodSeconds must be positive");
        }
        Objects.requireNonNull(filterField, "filterField");
        Objects.requireNonNull(defaultSort, "defaultSort");
        Objects.requireNonNull(timestampFormat, "timestampFormat");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(listQuirks, "listQuirks");
    }

    /**
     * Defaults: a free port, API key {@value #DEFAULT_API_KEY}, application key
     * {@value #DEFAULT_APP_KEY}, 1000 requests per 60 s, window on {@code started_at} as
     * {@code [from, to]} (the live probe suggests an inclusive {@code to}), newest first, RFC 3339
     * timestamps, no faults, 2026's live item shapes ({@link ListQuirks#defaults()}).
     */
    public static SimulatorConfig defaults() {
        return builder().build();
    }

    /** A builder holding the {@linkplain #defaults() defaults}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Whether {@code key} is an accepted application key. */
    boolean knowsAppKey(String key) {
        return key != null && (appKeys.contains(key) || appKeysWithoutRead.contains(key)
                || appKeysWithoutWrite.contains(key));
    }

    /** Builder of {@link SimulatorConfig}; every setter returns the builder. */
    public static final class Builder {
        private int port;
        private Set<String> apiKeys = Set.of(DEFAULT_API_KEY);
        private Set<String> appKeys = Set.of(DEFAULT_APP_KEY);
        private Set<String> appKeysWithoutRead = Set.of();
        private Set<String> appKeysWithoutWrite = Set.of();
        private int rateLimit = 1000;
        private int ratePeriodSeconds = 60;
        private FilterField filterField = FilterField.STARTED_AT;
        private boolean fromInclusive = true;
        private boolean toInclusive = true;
        private SortOrder defaultSort = SortOrder.STARTED_AT_DESC;
        private TimestampFormat timestampFormat = TimestampFormat.RFC3339;
        private FaultConfig faults = FaultConfig.none();
        private long mutatorSeed = 1;
        private String bindAddress = "127.0.0.1";
        private ListQuirks listQuirks = ListQuirks.defaults();
        private boolean separateBuckets;
        private boolean validateKeys = true;

        private Builder() {
        }

        private Builder(SimulatorConfig c) {
            port = c.port;
            apiKeys = c.apiKeys;
            appKeys = c.appKeys;
            appKeysWithoutRead = c.appKeysWithoutRead;
            appKeysWithoutWrite = c.appKeysWithoutWrite;
            rateLimit = c.rateLimit;
            ratePeriodSeconds = c.ratePeriodSeconds;
            filterField = c.filterField;
            fromInclusive = c.fromInclusive;
            toInclusive = c.toInclusive;
            defaultSort = c.defaultSort;
            timestampFormat = c.timestampFormat;
            faults = c.faults;
            mutatorSeed = c.mutatorSeed;
            bindAddress = c.bindAddress;
            listQuirks = c.listQuirks;
            separateBuckets = c.separateBuckets;
            validateKeys = c.validateKeys;
        }

        /** TCP port; 0 (the default) picks a free one. */
        public Builder port(int value) {
            port = value;
            return this;
        }

        /** Accepted API keys (replacing the default). */
        public Builder apiKeys(String... keys) {
            apiKeys = Set.copyOf(Arrays.asList(keys));
            return this;
        }

        /** Accepted application keys with both permissions (replacing the default). */
        public Builder appKeys(String... keys) {
            appKeys = Set.copyOf(Arrays.asList(keys));
            return this;
        }

        /** Accepted application keys lacking {@code dora_metrics_read}. */
        public Builder appKeysWithoutRead(String... keys) {
            appKeysWithoutRead = Set.copyOf(Arrays.asList(keys));
            return this;
        }

        /** Accepted application keys lacking {@code dora_metrics_write}. */
        public Builder appKeysWithoutWrite(String... keys) {
            appKeysWithoutWrite = Set.copyOf(Arrays.asList(keys));
            return this;
        }

        /** Rate limit: {@code requests} per API key in each fixed window of {@code periodSeconds}. */
        public Builder rateLimit(int requests, int periodSeconds) {
            rateLimit = requests;
            ratePeriodSeconds = periodSeconds;
            return this;
        }

        /** The timestamp list windows apply to. */
        public Builder filterField(FilterField value) {
            filterField = value;
            return this;
        }

        /** Whether the window's lower bound is inclusive (default true). */
        public Builder fromInclusive(boolean value) {
            fromInclusive = value;
            return this;
        }

        /** Whether the window's upper bound is inclusive (default true). */
        public Builder toInclusive(boolean value) {
            toInclusive = value;
            return this;
        }

        /** Order of list answers without a {@code sort} attribute. */
        public Builder defaultSort(SortOrder value) {
            defaultSort = value;
            return this;
        }

        /** Wire form of timestamps in answers. */
        public Builder timestampFormat(TimestampFormat value) {
            timestampFormat = value;
            return this;
        }

        /** Faults injected from the start. */
        public Builder faults(FaultConfig value) {
            faults = value;
            return this;
        }

        /** Seed of the mutator. */
        public Builder mutatorSeed(long value) {
            mutatorSeed = value;
            return this;
        }

        /**
         * The address to listen on: {@code 127.0.0.1} (the default) keeps it to this machine; a container
         * image gives {@code 0.0.0.0} so that other containers reach it.
         */
        public Builder bindAddress(String value) {
            bindAddress = value;
            return this;
        }

        /** How list answers differ from the documented API (default {@link ListQuirks#defaults()}). */
        public Builder listQuirks(ListQuirks value) {
            listQuirks = value;
            return this;
        }

        /**
         * Whether deployments and failures each have their own named rate-limit bucket
         * ({@code X-RateLimit-Name}), each with the whole {@link #rateLimit limit}; false (the
         * default) counts every endpoint of an organisation in one bucket.
         */
        public Builder separateBuckets(boolean value) {
            separateBuckets = value;
            return this;
        }

        /**
         * Whether {@code GET /api/v2/validate_keys} exists (true, the default, as on Datadog since 2026); false
         * answers 404 there whatever the keys, as a site without it does.
         */
        public Builder validateKeys(boolean value) {
            validateKeys = value;
            return this;
        }

        /** The configuration. */
        public SimulatorConfig build() {
            return new SimulatorConfig(port, apiKeys, appKeys, appKeysWithoutRead, appKeysWithoutWrite,
                    rateLimit, ratePeriodSeconds, filterField, fromInclusive, toInclusive, defaultSort,
                    timestampFormat, faults, mutatorSeed, bindAddress, listQuirks, separateBuckets, validateKeys);
        }
    }
}
