package io.dorastream.connector.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.dorastream.connector.config.ConnectorConfig;

class CredentialCipherTest {

    static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
    static final String K2 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void roundTripsAndNamesItsKey() {
        CredentialCipher c = new CredentialCipher(config("k1", Map.of("k1", K1)));
        String stored = c.encrypt("secret-api-key");
        assertTrue(stored.startsWith("v1:k1:"));
        assertFalse(stored.contains("secret"));
        assertEquals("secret-api-key", c.decrypt(stored));
        assertNotEquals(stored, c.encrypt("secret-api-key"), "a fresh IV each time");
    }

    @Test
    void oldKeysStayDecryptableAfterRotation() {
        String old = new CredentialCipher(config("k1", Map.of("k1", K1))).encrypt("value");
        CredentialCipher rotated = new CredentialCipher(config("k2", Map.of("k1", K1, "k2", K2)));
        assertEquals("value", rotated.decrypt(old));
        assertEquals("k1", CredentialCipher.keyId(old));
        assertEquals("k2", CredentialCipher.keyId(rotated.encrypt("value")));
    }

    @Test
    void tamperingOrAMissingKeyFailsWithoutLeakingTheValue() {
        CredentialCipher c = new CredentialCipher(config("k1", Map.of("k1", K1)));
        String stored = c.encrypt("value");
        char last = stored.charAt(stored.length() - 3);
        String tampered = stored.substring(0, stored.length() - 3) + (last == 'A' ? 'B' : 'A') + stored.substring(stored.length() - 2);
        assertThrows(IllegalStateException.class, () -> c.decrypt(tampered));
        String relabelled = stored.replace("v1:k1:", "v1:k2:");
        CredentialCipher both = new CredentialCipher(config("k1", Map.of("k1", K1, "k2", K2)));
        assertThrows(IllegalStateException.class, () -> both.decrypt(relabelled), "the key id is authenticated");
        CredentialCipher other = new CredentialCipher(config("k2", Map.of("k2", K2)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.decrypt(stored));
        assertFalse(e.getMessage().contains("value"));
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
        };
    }
}
