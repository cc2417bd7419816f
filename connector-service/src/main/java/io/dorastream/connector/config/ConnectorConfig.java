package io.dorastream.connector.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration of the connector ({@code dorastream.*} in application.properties). */
@ConfigMapping(prefix = "dorastream")
public interface ConnectorConfig {

    /** The service token the gateway sends on every internal call ({@code DORA_INTERNAL_TOKEN}). */
    String internalToken();

    /** During a rotation, the previous service token, still accepted ({@code DORA_INTERNAL_TOKEN_PREVIOUS}). */
    Optional<String> internalTokenPrevious();

    Datadog datadog();

    Sync sync();

    Kafka kafka();

    Crypto crypto();

    Privacy privacy();

    Idempotency idempotency();

    /** {@code Idempotency-Key} on {@code POST /internal/connections}. */
    interface Idempotency {
        /** How long a key and its stored answer are kept (a repeat after that is a new request); a cleanup deletes older ones. */
        @WithDefault("24h")
        Duration keyTtl();
    }

    interface Datadog {
        /**
         * Sends every Datadog call to this base URL instead of {@code https://api.<site>}
         * ({@code DATADOG_API_URL}; the simulator in tests and the local run).
         */
        Optional<String> apiUrl();

        /**
         * Lets {@code api-url} be plain http to a host other than loopback in production (demo set-ups
         * whose simulator speaks http inside their network; never with real keys).
         */
        @WithDefault("false")
        boolean allowInsecureApiUrl();

        /** Timeout of one Datadog request. */
        @WithDefault("30s")
        Duration requestTimeout();

        /**
         * How long validating keys (create, key rotation) waits for an organisation's rate budget
         * that is used up; past it the request is answered 503 with {@code Retry-After}.
         */
        @WithDefault("10s")
        Duration interactiveMaxWait();

        /**
         * The whole live validation of a create, or of new keys or a new query (the connect checklist: up to four
         * Datadog calls and the wait for the rate budget), answers within this: each call gets the time that
         * remains as its timeout; past it the request is answered 504 with {@code Retry-After} and nothing is
         * written. Keep it well below the gateway's read timeout for the connector
         * ({@code quarkus.rest-client.connector.read-timeout}, 60 s), so the caller never sees the gateway give up
         * while a connection may still be written.
         */
        @WithDefault("25s")
        Duration validationDeadline();

        /** {@code limit} of list requests: Datadog's maximum is 1000. */
        @WithDefault("1000")
        int pageLimit();

        /** The circuit breaker each connection has around its polls. */
        Breaker breaker();

        interface Breaker {
            /** Polls the failure ratio is computed over. */
            @WithDefault("4")
            int window();

            /** Share of failed polls among the last {@link #window()} that opens the breaker. */
            @WithDefault("0.75")
            double failureRatio();

            /** How long an open breaker skips the connection's polls before one is tried again. */
            @WithDefault("60s")
            Duration delay();
        }
    }

    interface Sync {
        /** How often the scheduler looks for streams that are due. */
        @WithDefault("1s")
        Duration tick();

        @WithDefault("90")
        int defaultBackfillDays();

        @WithDefault("60")
        int defaultPollIntervalSeconds();

        /**
         * The first window of a backfill (progress is saved after each window); the next ones are sized from the
         * density read so far to hold about a page each ({@code sync/BackfillPlan}). Re-read steps are at most this long.
         */
        @WithDefault("P7D")
        Duration backfillStep();

        /**
         * Backfill windows a stream reads back to back within one claim of its lease, each saved before the next
         * starts, instead of one window per claim and tick; at least 1 (1: one window per claim). The chain ends
         * earlier when the stream turns live, a poll fails, the lease is lost or the connection paused or deleted.
         * It bounds how long a backfill holds its slot while other backfills wait for one.
         */
        @WithDefault("20")
        int backfillChain();

        /**
         * Streams polled at the same time by this replica. Streams that are still backfilling get
         * at most all but one of them, so a live stream always finds a free slot.
         */
        @WithDefault("4")
        int maxConcurrentPolls();

        /**
         * The wait before a failed poll is tried again (Datadog's failure or DoraStream's own); it doubles
         * with every failed poll in a row, up to {@link #failureBackoffMax()}. An open circuit breaker
         * waits {@code dorastream.datadog.breaker.delay} instead.
         */
        @WithDefault("15s")
        Duration failureBackoff();

        /** The longest wait between tries of a stream that keeps failing. */
        @WithDefault("5m")
        Duration failureBackoffMax();

        /** How often streams the keys could not read ({@code unavailable}) are probed again. */
        @WithDefault("PT1H")
        Duration reprobeInterval();

        /**
         * A connection Datadog refused (401/403 while polling) is tried again after this long, then after
         * twice as long after each refusal, up to {@code unauthorized-probe-max}; it resumes by itself once
         * the keys work again.
         */
        @WithDefault("5m")
        Duration unauthorizedProbeInitial();

        /** The longest wait between two probes of a refused connection. */
        @WithDefault("1h")
        Duration unauthorizedProbeMax();

        /** This replica's name in stream leases; defaults to the host name (the pod) plus a random suffix. */
        Optional<String> replicaId();

        /**
         * How long a stream's lease lasts without renewal (renewed every third of it while its poll
         * runs). A dead replica's streams are taken over after at most this; keep it at most the poll
         * interval so takeover happens within two intervals.
         */
        @WithDefault("30s")
        Duration leaseTtl();

        /**
         * The trailing window every live poll reads again (with the new events, in one read) to
         * catch changes and deletions of recent events. Clipped at the start of the backfill.
         */
        @WithDefault("PT72H")
        Duration lookBack();

        /**
         * How long a still-pending deployment (no {@code finished_at} or verdict yet) or a still-open
         * failure is re-read every poll, counted from its {@code started_at}. Older ones are left to
         * reconciliation.
         */
        @WithDefault("P30D")
        Duration settleMaxAge();

        /**
         * How often the whole backfill range of each stream is re-read, in steps at the lowest
         * priority of the rate budget, to catch changes and deletions older than the look-back.
         */
        @WithDefault("PT24H")
        Duration reconcileInterval();

        /**
         * Steps (about a page each) of a re-read someone waits for (an operator's request, a query change)
         * read per poll of the stream, at the backfill's priority; the scheduled reconciliation reads one.
         */
        @WithDefault("4")
        int rereadStepsPerPoll();
    }

    interface Kafka {
        /** Put in front of every topic name (e.g. {@code acme.}). */
        Optional<String> topicPrefix();

        /** Create the topics this service writes at start (off where topics are managed, e.g. by Strimzi). */
        @WithDefault("true")
        boolean createTopics();

        @WithDefault("3")
        int partitions();

        @WithDefault("1")
        short replicationFactor();
    }

    interface Crypto {
        /** Id of the key that encrypts new credentials. */
        String activeKey();

        /** Keyring: key id to base64 of a 256-bit AES key. Old ids stay to decrypt old rows. */
        Map<String, String> keys();
    }

    interface Privacy {
        /** What happens to commit author emails before publishing: drop, hash or keep. */
        @WithDefault("drop")
        AuthorEmails authorEmails();

        /**
         * This installation's secret key for {@code hash}: emails become HMAC-SHA256 tokens under it (at
         * least 16 characters; required with {@code hash}). Introducing or changing it republishes each
         * deployment with hashed emails once.
         */
        Optional<String> authorEmailSalt();
    }

    enum AuthorEmails {
        DROP,
        HASH,
        KEEP
    }
}
