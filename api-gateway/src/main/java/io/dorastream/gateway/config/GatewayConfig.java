package io.dorastream.gateway.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import io.dorastream.gateway.auth.Roles;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration of the gateway ({@code dorastream.*} in application.properties). */
@ConfigMapping(prefix = "dorastream")
public interface GatewayConfig {

    /** The service token sent on every call to the internal APIs ({@code DORA_INTERNAL_TOKEN}). */
    String internalToken();

    Auth auth();

    /**
     * Larger request bodies are refused with a 413 problem, whether their length is declared or not. Its
     * value is set in {@code application.properties} only: {@code BodyLimit} reads it before mappings exist.
     */
    MemorySize maxBodySize();

    RateLimit rateLimit();

    Cache cache();

    Resilience resilience();

    interface Auth {
        /** A plain admin token ({@code DORA_ADMIN_TOKEN}), e.g. the run command's; named {@code admin-env}. */
        Optional<String> adminToken();

        /**
         * Named API tokens: {@code dorastream.auth.tokens.<name>.sha256} (hex SHA-256 of the token) and
         * {@code .role} ({@code viewer} or {@code admin}). Only hashes are configured and compared.
         */
        Map<String, Token> tokens();

        /**
         * OIDC bearer JWTs, verified by {@code quarkus-oidc}: off unless {@code quarkus.oidc.auth-server-url}
         * (or {@code quarkus.oidc.public-key}) is set; the roles come from the claim named by
         * {@code quarkus.oidc.roles.role-claim-path}.
         */
        Oidc oidc();

        /**
         * Failed authentications (the 401s of {@code /api} calls: no token, an unknown one, a rejected
         * JWT) one client address may have within {@link #failedWindow()} before it is blocked for
         * {@link #failedBlock()}; {@code 0} turns the limit off. Per gateway pod, in memory.
         */
        @WithDefault("20")
        int failedLimit();

        /** The window the failures are counted in, from an address's first failure. */
        @WithDefault("1m")
        Duration failedWindow();

        /** How long a blocked address is answered 429 (with {@code Retry-After}) on every {@code /api} call. */
        @WithDefault("5m")
        Duration failedBlock();
    }

    interface Oidc {
        /** The role (in the token's role claim) that makes a caller an admin. */
        @WithDefault("dorastream-admin")
        String adminRole();

        /** The role that makes a caller a viewer. */
        @WithDefault("dorastream-viewer")
        String viewerRole();
    }

    interface Token {
        String sha256();

        @WithDefault("viewer")
        Role role();

        /** This token's own sustained rate; {@code dorastream.rate-limit.requests-per-second} when absent. */
        OptionalDouble requestsPerSecond();

        /** This token's own burst; {@code dorastream.rate-limit.burst} when absent. */
        OptionalInt burst();
    }

    /** A configured token's role; {@link #roleName()} is what {@code @RolesAllowed} names. */
    enum Role {
        VIEWER(Roles.VIEWER),
        ADMIN(Roles.ADMIN);

        private final String roleName;

        Role(String roleName) {
            this.roleName = roleName;
        }

        public String roleName() {
            return roleName;
        }
    }

    /**
     * A token bucket per token name, held in memory: each gateway pod limits on its own, so the
     * cluster-wide rate of a token is at most the configured rate times the number of pods.
     */
    interface RateLimit {
        /** Turn the limit off entirely (e.g. behind an API gateway that already limits). */
        @WithDefault("true")
        boolean enabled();

        /** Sustained requests per second per token. */
        @WithDefault("20")
        double requestsPerSecond();

        /** Requests a token may make at once before the sustained rate applies. */
        @WithDefault("40")
        int burst();
    }

    /** The server-side cache of metrics answers and the freshness clients are told. */
    interface Cache {
        /** How long an aggregator answer is served from memory; {@code 0s} turns the cache off. */
        @WithDefault("10s")
        Duration ttl();

        /**
         * Most memory the kept answers may take (their text, counted as Java holds it: two bytes a
         * character, plus the key); the least recently used go first. A bound by size, not count: a
         * daily time series over two years is about a megabyte.
         */
        @WithDefault("32M")
        MemorySize maxSize();

        /** {@code Cache-Control: private, max-age=<seconds>} on metrics answers. */
        @WithDefault("10s")
        Duration clientMaxAge();
    }

    /**
     * Retries of idempotent reads and the circuit breaker of each backend. Timeouts are the REST
     * clients' ({@code quarkus.rest-client.<backend>.connect-timeout} / {@code read-timeout}).
     */
    interface Resilience {
        /** Further tries of a GET whose backend could not be reached (not for writes). */
        @WithDefault("2")
        int readRetries();

        /** Pause before a retry… */
        @WithDefault("50ms")
        Duration retryDelay();

        /** …plus a random jitter of up to this much either way. */
        @WithDefault("50ms")
        Duration retryJitter();

        /** No retry starts later than this after the first try. */
        @WithDefault("1s")
        Duration retryMaxDuration();

        /** Calls the breaker looks back over. */
        @WithDefault("4")
        int breakerRequestVolume();

        /** Share of failed calls among them that opens the breaker. */
        @WithDefault("0.5")
        double breakerFailureRatio();

        /** How long an open breaker refuses calls before letting one try through. */
        @WithDefault("5s")
        Duration breakerDelay();

        /**
         * Calls this gateway pod makes to one backend at once, whoever asks (below the backend's
         * database pool of 20 connections, so a flood of expensive queries cannot take all of it).
         */
        @WithDefault("16")
        int maxConcurrentCalls();

        /** How long a call waits for one of those places before it is answered 503 (busy, with Retry-After). */
        @WithDefault("1s")
        Duration maxQueueWait();
    }
}
