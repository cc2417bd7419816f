package io.dorastream.connector.connection;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.dorastream.connector.datadog.DatadogClient.Credentials;
import io.dorastream.connector.datadog.DatadogSite;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Moves stored credentials to the active key of the keyring and the current format: after a key
 * rotation (a new active id, the old one kept to decrypt), or for values of the first format (not
 * bound to their connection and field), every such row is re-encrypted, a batch per transaction,
 * at start and then hourly. Once no row names the old id, it can leave the keyring. Safe on several
 * replicas: a row is rewritten only if it still holds what was read. A row that cannot be read
 * (malformed, a key missing from the keyring) is logged and passed over; it never stops the run.
 * <p>
 * The same run fills in the {@link SourceFingerprint} of rows written before it existed (it needs the decrypted API
 * key), each row on its own: a row that duplicates another's source keeps no fingerprint (logged, naming both),
 * which blocks nothing.
 */
@ApplicationScoped
public class CredentialRotation {

    private static final Logger LOG = Logger.getLogger(CredentialRotation.class);
    private static final int BATCH = 100;

    private final CredentialCipher cipher;

    public CredentialRotation(CredentialCipher cipher) {
        this.cipher = cipher;
    }

    @Scheduled(every = "1h", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int moved = reencryptAll();
        if (moved > 0) {
            LOG.infof("re-encrypted the credentials of %d connections under key %s", moved, cipher.activeKeyId());
        }
        int filled = fillFingerprints();
        if (filled > 0) {
            LOG.infof("computed the source fingerprint of %d connections", filled);
        }
    }

    /**
     * Computes the fingerprint of every row without one; returns how many were filled. Idempotent: a row is written
     * only while it has none; a row that cannot be read or duplicates another is passed over.
     */
    public int fillFingerprints() {
        List<UUID> missing = QuarkusTransaction.requiringNew().call(() -> ConnectionEntity
                .<ConnectionEntity>list("sourceFingerprint is null order by createdAt, id").stream().map(c -> c.id).toList());
        int filled = 0;
        for (UUID id : missing) {
            try {
                filled += QuarkusTransaction.requiringNew().call(() -> {
                    ConnectionEntity c = ConnectionEntity.findById(id);
                    if (c == null || c.sourceFingerprint != null) {
                        return 0;
                    }
                    String fingerprint = SourceFingerprint.of(DatadogSite.parse(c.site), cipher.credentials(c).apiKey(),
                            SourceFingerprint.normalizedQuery(c.query));
                    ConnectionEntity same = ConnectionEntity.<ConnectionEntity>find("sourceFingerprint", fingerprint).firstResult();
                    if (same != null) {
                        LOG.warnf("connection %s (%s) reads the same site with the same API key and query as connection %s"
                                + " (%s): it counts the same events twice; delete one of them", c.id, c.name, same.id, same.name);
                        return 0;
                    }
                    return ConnectionEntity.update("sourceFingerprint = ?1 where id = ?2 and sourceFingerprint is null",
                            fingerprint, id);
                });
            } catch (RuntimeException e) { // one unreadable row (or a concurrent replica's write) must not stop the others
                LOG.warnf("connection %s keeps no source fingerprint for now: %s", id, e.getMessage());
            }
        }
        return filled;
    }

    /** Re-encrypts every row not under the active key; returns how many connections moved. */
    public int reencryptAll() {
        int total = 0;
        UUID after = new UUID(0, 0); // the smallest in PostgreSQL's (unsigned) uuid order
        while (after != null) {
            Batch batch = reencryptBatch(after);
            total += batch.moved();
            after = batch.last();
        }
        return total;
    }

    /** What one batch did; {@code last} is null after the last batch. */
    record Batch(int moved, UUID last) {
    }

    /** Up to {@link #BATCH} stale rows after {@code after} (by id, so a row that cannot move is passed, not retried forever). */
    @Transactional
    Batch reencryptBatch(UUID after) {
        String prefix = cipher.currentPrefix();
        List<ConnectionEntity> stale = ConnectionEntity.<ConnectionEntity>find(
                "id > ?1 and (apiKeyEnc not like ?2 or appKeyEnc not like ?2) order by id", after, prefix + "%")
                .page(0, BATCH).list();
        int moved = 0;
        for (ConnectionEntity c : stale) {
            try {
                Credentials keys = cipher.credentials(c);
                // Rewritten only if unchanged since read: a concurrent key update or another replica wins.
                moved += ConnectionEntity.update(
                        "apiKeyEnc = ?1, appKeyEnc = ?2 where id = ?3 and apiKeyEnc = ?4 and appKeyEnc = ?5",
                        cipher.encrypt(c.id, CredentialCipher.Field.API_KEY, keys.apiKey()),
                        cipher.encrypt(c.id, CredentialCipher.Field.APP_KEY, keys.appKey()), c.id, c.apiKeyEnc, c.appKeyEnc);
            } catch (RuntimeException e) { // one unreadable row must not stop the others' rotation
                LOG.warnf("connection %s keeps its credentials under their old key: %s", c.id, e.getMessage());
            }
        }
        return new Batch(moved, stale.size() < BATCH ? null : stale.get(stale.size() - 1).id);
    }
}
