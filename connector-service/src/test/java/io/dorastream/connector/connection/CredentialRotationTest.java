package io.dorastream.connector.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.dorastream.connector.ConnectorTestResources;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** After a key rotation, the job moves every stored credential to the active key, unchanged in clear. */
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
    void movesRowsUnderARetiredKeyToTheActiveOne() {
        CredentialCipher before = new CredentialCipher(CredentialCipherTest.config("retired", Map.of("retired", RETIRED)));
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            ConnectionEntity c = new ConnectionEntity();
            c.id = id;
            c.name = "rotated";
            c.site = "datadoghq.com";
            c.apiKeyEnc = before.encrypt("api-key-to-rotate");
            c.appKeyEnc = before.encrypt("app-key-to-rotate");
            c.apiKeyHint = CredentialCipher.hint("api-key-to-rotate");
            c.appKeyHint = CredentialCipher.hint("app-key-to-rotate");
            c.backfillDays = 1;
            c.pollIntervalSeconds = 60;
            c.paused = true;
            c.status = ConnectionStatus.PAUSED;
            c.createdAt = Instant.now();
            c.updatedAt = c.createdAt;
            c.persist();
        });
        try {
            assertTrue(rotation.reencryptAll() >= 1);
            ConnectionEntity after = QuarkusTransaction.requiringNew().call(() -> ConnectionEntity.findById(id));
            assertEquals(cipher.activeKeyId(), CredentialCipher.keyId(after.apiKeyEnc));
            assertEquals(cipher.activeKeyId(), CredentialCipher.keyId(after.appKeyEnc));
            assertEquals("api-key-to-rotate", cipher.decrypt(after.apiKeyEnc));
            assertEquals("app-key-to-rotate", cipher.decrypt(after.appKeyEnc));
            assertEquals(0, rotation.reencryptAll(), "nothing left to move");
        } finally {
            QuarkusTransaction.requiringNew().run(() -> ConnectionEntity.deleteById(id));
        }
    }
}
