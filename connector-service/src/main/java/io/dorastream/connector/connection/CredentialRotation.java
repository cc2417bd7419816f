package io.dorastream.connector.connection;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.dorastream.connector.datadog.DatadogClient.Credentials;
import io.quarkus.scheduler.Scheduled;

/**
 * Moves stored credentials to the active key of the keyring and the current format: after a key
 * rotation (a new active id, the old one kept to decrypt), or for values of the first format (not
 * bound to their connection and field), every such row is re-encrypted, a batch per transaction,
 * at start and then hourly. Once no row names the old id, it can leave the keyring. Safe on several
 * replicas: a row is rewritten only if it still holds what was read. A row that cannot be read
 * (malformed, a key missing from the keyring) is logged and passed over; it never stops the run.
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
