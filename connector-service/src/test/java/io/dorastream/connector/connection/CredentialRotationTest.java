package io.dorastream.connector.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.dorastream.connector.ConnectorTestResources;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * After a key rotation, the job moves every stored credential to the active key and the current format,
 * unchanged in clear; an unreadable row never stops it.
 */
@QuarkusTest
@ConnectorTestResources
class CredentialRotationTest {

    /** The test profile's retired key ({@code %test.dorastream.crypto.keys.retired}). */
    private static final String RETIRED = "cmV0aXJlZC10ZXN0LWtleS1kby1ub3QtdXNlLWluLXA=";

    @Inject
    CredentialRotation rotation;
    @Inject
    CredentialCipher cipher;

    @Test
    void movesRowsUnderARetiredKeyToTheActiveOne() throws Exception {
        UUID id = UUID.randomUUID();
        // written as the first format wrote it: under a retired key, bound to nothing but the key id
        insert(id, CredentialCipherTest.legacy("retired", RETIRED, "api-key-to-rotate"),
                CredentialCipherTest.legacy("retired", RETIRED, "app-key-to-rotate"));
        try {
            assertTrue(rotation.reencryptAll() >= 1);
            ConnectionEntity after = QuarkusTransaction.requiringNew().call(() -> ConnectionEntity.findById(id));
            assertTrue(after.apiKeyEnc.startsWith(cipher.currentPrefix()), after.apiKeyEnc);
            assertTrue(after.appKeyEnc.startsWith(cipher.currentPrefix()), after.appKeyEnc);
            assertEquals("api-key-to-rotate", cipher.credentials(after).apiKey());
            assertEquals("app-key-to-rotate", cipher.credentials(after).appKey());
            assertEquals(0, rotation.reencryptAll(), "nothing left to move");
        } finally {
            QuarkusTransaction.requiringNew().run(() -> ConnectionEntity.deleteById(id));
        }
    }

    @Test
    void aMalformedRowIsPassedOverAndTheOthersStillMove() throws Exception {
        // ids in order: the malformed row comes first in the batch, and used to abort the whole run
        UUID malformed = new UUID(0, 1);
        UUID good = new UUID(0, 2);
        insert(malformed, "v1:retired:not base64!", "v1:retired:%%%");
        insert(good, CredentialCipherTest.legacy("retired", RETIRED, "api-key"), CredentialCipherTest.legacy("retired", RETIRED, "app-key"));
        try {
            assertEquals(1, rotation.reencryptAll());
            ConnectionEntity after = QuarkusTransaction.requiringNew().call(() -> ConnectionEntity.findById(good));
            assertEquals("api-key", cipher.credentials(after).apiKey());
            ConnectionEntity stuck = QuarkusTransaction.requiringNew().call(() -> ConnectionEntity.findById(malformed));
            assertEquals("v1:retired:not base64!", stuck.apiKeyEnc, "left as it was, for an operator to see");
            assertEquals(0, rotation.reencryptAll(), "the malformed row is passed over again, without an error");
        } finally {
            QuarkusTransaction.requiringNew().run(() -> {
                ConnectionEntity.deleteById(malformed);
                ConnectionEntity.deleteById(good);
            });
        }
    }

    @Test
    void rowsWrittenBeforeFingerprintsGetOneAndADuplicateAmongThemBlocksNothing() throws Exception {
        // ids in creation order: the first of two rows reading the same source keeps it, the second stays without
        UUID first = new UUID(0, 11);
        UUID duplicate = new UUID(0, 12);
        UUID other = new UUID(0, 13);
        UUID malformed = new UUID(0, 14);
        insert(first, CredentialCipherTest.legacy("retired", RETIRED, "0123456789abcdef0123456789abcdef"),
                CredentialCipherTest.legacy("retired", RETIRED, "app"));
        insert(duplicate, CredentialCipherTest.legacy("retired", RETIRED, "0123456789abcdef0123456789abcdef"),
                CredentialCipherTest.legacy("retired", RETIRED, "app"));
        insert(other, CredentialCipherTest.legacy("retired", RETIRED, "fedcba9876543210fedcba9876543210"),
                CredentialCipherTest.legacy("retired", RETIRED, "app"));
        insert(malformed, "v1:retired:not base64!", "v1:retired:%%%");
        try {
            assertEquals(2, rotation.fillFingerprints());
            String expected = SourceFingerprint.of(io.dorastream.connector.datadog.DatadogSite.parse("datadoghq.com"),
                    "0123456789abcdef0123456789abcdef", null);
            assertEquals(expected, fingerprint(first));
            assertEquals(null, fingerprint(duplicate), "a duplicate keeps none (logged), and blocks nothing");
            assertTrue(fingerprint(other) != null && !fingerprint(other).equals(expected));
            assertEquals(null, fingerprint(malformed), "an unreadable row is passed over");
            assertEquals(0, rotation.fillFingerprints(), "idempotent: nothing left that can be filled");
        } finally {
            QuarkusTransaction.requiringNew().run(() -> {
                for (UUID id : new UUID[] { first, duplicate, other, malformed }) {
                    ConnectionEntity.deleteById(id);
                }
            });
        }
    }

    private static String fingerprint(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> ConnectionEntity.<ConnectionEntity>findById(id).sourceFingerprint);
    }

    private static void insert(UUID id, String apiKeyEnc, String appKeyEnc) {
        QuarkusTransaction.requiringNew().run(() -> {
            ConnectionEntity c = new ConnectionEntity();
            c.id = id;
            c.name = "rotated";
            c.site = "datadoghq.com";
            c.apiKeyEnc = apiKeyEnc;
            c.appKeyEnc = appKeyEnc;
            c.apiKeyHint = "…tate";
            c.appKeyHint = "…tate";
            c.backfillDays = 1;
            c.pollIntervalSeconds = 60;
            c.paused = true;
            c.status = ConnectionStatus.PAUSED;
            c.createdAt = Instant.now().plusMillis(Math.floorMod(id.getLeastSignificantBits(), 1000)); // small ids: creation order follows them
            c.updatedAt = c.createdAt;
            c.persist();
        });
    }
}
