package io.dorastream.connector.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.dorastream.connector.config.ConnectorConfig;
import io.dorastream.connector.connection.CredentialCipher.Field;

class CredentialCipherTest {

    static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
    static final String K2 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    @Test
    void roundTripsAndNamesItsKey() {
        CredentialCipher c = new CredentialCipher(config("k1", Map.of("k1", K1)));
        String stored = c.encrypt(A, Field.API_KEY, "secret-api-key");
        assertTrue(stored.startsWith("v2:k1:"));
        assertFalse(stored.contains("secret"));
        assertEquals("secret-api-key", c.decrypt(A, Field.API_KEY, stored));
        assertNotEquals(stored, c.encrypt(A, Field.API_KEY, "secret-api-key"), "a fresh IV each time");
    }

    @Test
    void aCiphertextIsBoundToItsConnectionAndField() {
        CredentialCipher c = new CredentialCipher(config("k1", Map.of("k1", K1)));
        String apiKeyOfA = c.encrypt(A, Field.API_KEY, "api-key-of-a");
        assertThrows(IllegalStateException.class, () -> c.decrypt(B, Field.API_KEY, apiKeyOfA), "copied into another row");
        assertThrows(IllegalStateException.class, () -> c.decrypt(A, Field.APP_KEY, apiKeyOfA), "swapped with the other field");
        assertThrows(IllegalArgumentException.class, () -> c.encrypt(null, Field.API_KEY, "x"), "never bound to nothing");
    }

    @Test
    void valuesOfTheFirstFormatStillDecryptAndAreNotCurrent() throws Exception {
        CredentialCipher c = new CredentialCipher(config("k1", Map.of("k1", K1)));
        String legacy = legacy("k1", K1, "old-api-key");
        assertEquals("old-api-key", c.decrypt(A, Field.API_KEY, legacy));
        assertFalse(legacy.startsWith(c.currentPrefix()), "rotation rewrites it");
        assertTrue(c.encrypt(A, Field.API_KEY, "x").startsWith(c.currentPrefix()));
    }

    @Test
    void oldKeysStayDecryptableAfterRotation() {
        String old = new CredentialCipher(config("k1", Map.of("k1", K1))).encrypt(A, Field.APP_KEY, "value");
        CredentialCipher rotated = new CredentialCipher(config("k2", Map.of("k1", K1, "k2", K2)));
        assertEquals("value", rotated.decrypt(A, Field.APP_KEY, old));
        assertEquals("k1", CredentialCipher.keyId(old));
        assertEquals("k2", CredentialCipher.keyId(rotated.encrypt(A, Field.APP_KEY, "value")));
    }

    @Test
    void tamperingOrAMissingKeyFailsWithoutLeakingTheValue() {
        CredentialCipher c = new CredentialCipher(config("k1", Map.of("k1", K1)));
        String stored = c.encrypt(A, Field.API_KEY, "value");
        char last = stored.charAt(stored.length() - 3);
        String tampered = stored.substring(0, stored.length() - 3) + (last == 'A' ? 'B' : 'A') + stored.substring(stored.length() - 2);
        assertThrows(IllegalStateException.class, () -> c.decrypt(A, Field.API_KEY, tampered));
        String relabelled = stored.replace("v2:k1:", "v2:k2:");
        CredentialCipher both = new CredentialCipher(config("k1", Map.of("k1", K1, "k2", K2)));
        assertThrows(IllegalStateException.class, () -> both.decrypt(A, Field.API_KEY, relabelled), "the key id is authenticated");
        String downgraded = stored.replace("v2:k1:", "v1:k1:");
        assertThrows(IllegalStateException.class, () -> c.decrypt(A, Field.API_KEY, downgraded), "the format is authenticated");
        CredentialCipher other = new CredentialCipher(config("k2", Map.of("k2", K2)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.decrypt(A, Field.API_KEY, stored));
        assertFalse(e.getMessage().contains("value"));
    }

    @Test
    void malformedValuesAreIllegalStateNeverAnotherException() {
        CredentialCipher c = new CredentialCipher(config("k1", Map.of("k1", K1)));
        for (String bad : new String[] { "v2:k1:not base64!", "v2:k1:", "v2:k1:AAAA", "garbage", "v3:k1:AAAA", null }) {
            assertThrows(IllegalStateException.class, () -> c.decrypt(A, Field.API_KEY, bad), String.valueOf(bad));
        }
    }

    /** A value as the first format wrote it (AES-GCM, only the key id as associated data), written here independently. */
    static String legacy(String keyId, String keyB64, String plaintext) throws Exception {
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(keyB64), "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
        byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        return "v1:" + keyId + ":" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array());
    }

    @Test
    void refusesBadKeyrings() {
        assertThrows(IllegalArgumentException.class, () -> new CredentialCipher(config("k9", Map.of("k1", K1))));
        assertThrows(IllegalArgumentException.class, () -> new CredentialCipher(config("k1", Map.of("k1", "c2hvcnQ="))));
        assertThrows(IllegalArgumentException.class, () -> new CredentialCipher(config("k1", Map.of("k1", "not base64!"))));
    }

    @Test
    void hintShowsTheLastFourOnly() {
        assertEquals("…cdef", CredentialCipher.hint("0123456789abcdef"));
        assertEquals("…", CredentialCipher.hint("abc"));
    }

    static ConnectorConfig config(String active, Map<String, String> keys) {
        return new ConnectorConfig() {
            public String internalToken() {
                return "t";
            }

            public Optional<String> internalTokenPrevious() {
                return Optional.empty();
            }

            public Datadog datadog() {
                return null;
            }

            public Sync sync() {
                return null;
            }

            public Kafka kafka() {
                return null;
            }

            public Crypto crypto() {
                return new Crypto() {
                    public String activeKey() {
                        return active;
                    }

                    public Map<String, String> keys() {
                        return keys;
                    }
                };
            }

            public Privacy privacy() {
                return null;
            }

            public Idempotency idempotency() {
                return null;
            }
        };
    }
}
