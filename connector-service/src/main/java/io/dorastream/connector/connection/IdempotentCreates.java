package io.dorastream.connector.connection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.dorastream.connector.config.ConnectorConfig;
import io.dorastream.events.DoraJson;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * {@code Idempotency-Key} of {@code POST /internal/connections}. A key is claimed (per caller) before the create
 * runs, with the fingerprint of the request; a create that wrote a connection stores its answer with the key, and a
 * repeat of the same request with the same key gets that answer again without validating anything. A create that
 * wrote nothing (refused, Datadog unavailable or too slow) releases its key, so the repeat runs anew. The same key
 * with another request is refused; a key whose create still runs (a concurrent repeat) too. Keys expire after
 * {@code dorastream.idempotency.key-ttl}; a claim whose create never finished (the replica died) is given up after
 * {@link #abandonedAfter()}. Works across replicas: the claim is a row in PostgreSQL.
 */
@ApplicationScoped
public class IdempotentCreates {

    private static final Logger LOG = Logger.getLogger(IdempotentCreates.class);

    /** What a claim found. */
    public sealed interface Claim {
    }

    /** The key is this request's now: run the create, then {@link #finish} or {@link #release}. */
    public record Claimed() implements Claim {
    }

    /** The same request ran before with this key: its answer. */
    public record Replay(int status, String body) implements Claim {
    }

    /** The key was used for another request. */
    public record Mismatch() implements Claim {
    }

    /** The create of this key still runs. */
    public record InProgress() implements Claim {
    }

    private final ConnectorConfig config;
    private final Clock clock;

    public IdempotentCreates(ConnectorConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** SHA-256 of the request as JSON: what a repeat must match (the keys in it are never stored in clear). */
    public static String fingerprint(Object request) {
        try {
            byte[] json = DoraJson.mapper().writeValueAsBytes(request);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint the request", e);
        }
    }

    /**
     * A claim whose create has not finished after this long is taken to be abandoned (its replica died): the live
     * validation's deadline twice, plus two minutes for publishing and writing.
     */
    Duration abandonedAfter() {
        return config.datadog().validationDeadline().multipliedBy(2).plusMinutes(2);
    }

    /** Claims {@code key} for a request of {@code caller} ("" when none is known) with fingerprint {@code request}. */
    public Claim claim(String caller, String key, String request) {
        return QuarkusTransaction.requiringNew().call(() -> {
            EntityManager em = ConnectionEntity.getEntityManager();
            Instant now = clock.instant();
            int inserted = em.createNativeQuery("INSERT INTO idempotency_key (caller, idempotency_key, request_hash, created_at)"
                    + " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING")
                    .setParameter(1, caller).setParameter(2, key).setParameter(3, request).setParameter(4, now)
                    .executeUpdate();
            if (inserted == 1) {
                return new Claimed();
            }
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT request_hash, answer_status, answer_body,"
                    + " (answer_status IS NOT NULL AND created_at < ?3) OR (answer_status IS NULL AND created_at < ?4)"
                    + " FROM idempotency_key WHERE caller = ?1 AND idempotency_key = ?2 FOR UPDATE")
                    .setParameter(1, caller).setParameter(2, key)
                    .setParameter(3, now.minus(config.idempotency().keyTtl()))
                    .setParameter(4, now.minus(abandonedAfter()))
                    .getResultList();
            if (rows.isEmpty() || Boolean.TRUE.equals(rows.get(0)[3])) {
                // released or cleaned up meanwhile, expired, or abandoned: this request's now
                em.createNativeQuery("INSERT INTO idempotency_key (caller, idempotency_key, request_hash, created_at)"
                        + " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (caller, idempotency_key) DO UPDATE SET"
                        + " request_hash = EXCLUDED.request_hash, created_at = EXCLUDED.created_at,"
                        + " connection_id = NULL, answer_status = NULL, answer_body = NULL")
                        .setParameter(1, caller).setParameter(2, key).setParameter(3, request).setParameter(4, now)
                        .executeUpdate();
                return new Claimed();
            }
            Object[] row = rows.get(0);
            if (!request.equals(row[0])) {
                return new Mismatch();
            }
            if (row[1] == null) {
                return new InProgress();
            }
            return new Replay(((Number) row[1]).intValue(), (String) row[2]);
        });
    }

    /** Stores the answer of the create that wrote {@code connection}, for repeats. */
    public void finish(String caller, String key, UUID connection, int status, String body) {
        QuarkusTransaction.requiringNew().run(() -> ConnectionEntity.getEntityManager()
                .createNativeQuery("UPDATE idempotency_key SET connection_id = ?3, answer_status = ?4, answer_body = ?5"
                        + " WHERE caller = ?1 AND idempotency_key = ?2")
                .setParameter(1, caller).setParameter(2, key).setParameter(3, connection).setParameter(4, status)
                .setParameter(5, body).executeUpdate());
    }

    /** Gives the key up: the create wrote nothing, a repeat runs anew. */
    public void release(String caller, String key) {
        QuarkusTransaction.requiringNew().run(() -> ConnectionEntity.getEntityManager()
                .createNativeQuery("DELETE FROM idempotency_key WHERE caller = ?1 AND idempotency_key = ?2 AND answer_status IS NULL")
                .setParameter(1, caller).setParameter(2, key).executeUpdate());
    }

    /** Deletes expired keys (their answers too); returns how many. */
    public int deleteExpired() {
        return QuarkusTransaction.requiringNew().call(() -> ConnectionEntity.getEntityManager()
                .createNativeQuery("DELETE FROM idempotency_key WHERE created_at < ?1")
                .setParameter(1, clock.instant().minus(config.idempotency().keyTtl())).executeUpdate());
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void cleanup() {
        int deleted = deleteExpired();
        if (deleted > 0) {
            LOG.debugf("deleted %d expired idempotency keys", deleted);
        }
    }
}
