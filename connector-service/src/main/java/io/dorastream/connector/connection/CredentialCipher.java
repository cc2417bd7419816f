package io.dorastream.connector.connection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.dorastream.connector.config.ConnectorConfig;
import io.dorastream.connector.datadog.DatadogClient.Credentials;

/**
 * Encrypts credentials at rest with AES-256-GCM under a keyring. A ciphertext reads
 * {@code v2:<keyId>:<base64(iv | ciphertext+tag)>}: it names its key, so the active key can rotate
 * while old ids stay decryptable. Bound as associated data: the format, the key id, the connection's
 * id and the field, so a ciphertext copied into another row or the other field does not decrypt.
 * Values of the first format ({@code v1}, only the key id bound) still decrypt; {@link CredentialRotation}
 * rewrites them as {@code v2}.
 */
@ApplicationScoped
public class CredentialCipher {

    private static final String PREFIX = "v2";
    /** The first format: only the key id bound as associated data. Read, never written. */
    private static final String LEGACY_PREFIX = "v1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKey> keys = new HashMap<>();
    private final String activeKeyId;
    private final SecureRandom random = new SecureRandom();

    public CredentialCipher(ConnectorConfig config) {
        config.crypto().keys().forEach((id, b64) -> {
            if (id.contains(":")) {
                throw new IllegalArgumentException("crypto key id '" + id + "' must not contain ':'");
            }
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(b64.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("crypto key '" + id + "' is not base64");
            }
            if (raw.length != 32) {
                throw new IllegalArgumentException("crypto key '" + id + "' must be 256 bits (32 bytes), is " + raw.length);
            }
            keys.put(id, new SecretKeySpec(raw, "AES"));
        });
        this.activeKeyId = config.crypto().activeKey();
        if (!keys.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("dorastream.crypto.active-key '" + activeKeyId + "' is not in dorastream.crypto.keys");
        }
    }

    /** Which credential of a connection a value is; bound into its ciphertext. */
    public enum Field {
        API_KEY("api_key"),
        APP_KEY("app_key");

        private final String aad;

        Field(String aad) {
            this.aad = aad;
        }
    }

    /** The connection's keys in clear. */
    public Credentials credentials(ConnectionEntity c) {
        return new Credentials(decrypt(c.id, Field.API_KEY, c.apiKeyEnc), decrypt(c.id, Field.APP_KEY, c.appKeyEnc));
    }

    /** Stores {@code keys} on the connection (whose id must be set): encrypted under the active key, and their hints. */
    public void store(ConnectionEntity c, Credentials keys) {
        c.apiKeyEnc = encrypt(c.id, Field.API_KEY, keys.apiKey());
        c.appKeyEnc = encrypt(c.id, Field.APP_KEY, keys.appKey());
        c.apiKeyHint = hint(keys.apiKey());
        c.appKeyHint = hint(keys.appKey());
    }

    /** The prefix of every value already in the current format under the active key (what rotation leaves alone). */
    public String currentPrefix() {
        return PREFIX + ":" + activeKeyId + ":";
    }

    public String encrypt(UUID connection, Field field, String plaintext) {
        if (connection == null) {
            throw new IllegalArgumentException("a credential is bound to its connection's id, which is not set");
        }
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(associatedData(activeKeyId, connection, field));
            byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array();
            return currentPrefix() + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /**
     * @throws UnreadableCredentialException when the value is malformed, names a key not in the keyring, was
     *     tampered with, or belongs to another connection or field (the message never holds the value)
     */
    public String decrypt(UUID connection, Field field, String stored) {
        String[] parts = stored == null ? new String[0] : stored.split(":", 3);
        if (parts.length != 3 || !(parts[0].equals(PREFIX) || parts[0].equals(LEGACY_PREFIX))) {
            throw new UnreadableCredentialException("stored credential has an unknown format");
        }
        SecretKey key = keys.get(parts[1]);
        if (key == null) {
            throw new UnreadableCredentialException("stored credential uses key id '" + parts[1] + "', which is not in the keyring");
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new UnreadableCredentialException("stored credential is not valid base64");
        }
        if (in.length < IV_BYTES + TAG_BITS / 8) {
            throw new UnreadableCredentialException("stored credential is too short to be a ciphertext");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            c.updateAAD(parts[0].equals(PREFIX) ? associatedData(parts[1], connection, field)
                    : parts[1].getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new UnreadableCredentialException("stored credential could not be decrypted with key id '" + parts[1]
                    + "' for this connection and field");
        }
    }

    /**
     * A stored credential this replica's keyring cannot read (unknown format, a key id missing from
     * {@code dorastream.crypto.keys}, or a key that does not decrypt it): DoraStream's configuration is
     * at fault, never Datadog. The message names the key id, never a key.
     */
    public static final class UnreadableCredentialException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public UnreadableCredentialException(String message) {
            super(message);
        }
    }

    private static byte[] associatedData(String keyId, UUID connection, Field field) {
        return String.join("\n", PREFIX, keyId, connection.toString(), field.aad).getBytes(StandardCharsets.UTF_8);
    }

    /** The id of the key a stored value was encrypted with. */
    public static String keyId(String stored) {
        String[] parts = stored.split(":", 3);
        return parts.length == 3 ? parts[1] : null;
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    /** What responses show of a key: an ellipsis and its last four characters. */
    public static String hint(String key) {
        return key.length() <= 4 ? "…" : "…" + key.substring(key.length() - 4);
    }
}
