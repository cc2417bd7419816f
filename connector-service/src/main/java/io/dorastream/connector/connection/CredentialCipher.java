package io.dorastream.connector.connection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.dorastream.connector.config.ConnectorConfig;

/**
 * Encrypts credentials at rest with AES-256-GCM under a keyring. A ciphertext reads
 * {@code v1:<keyId>:<base64(iv | ciphertext+tag)>}: it names its key, so the active key can rotate
 * while old ids stay decryptable. The key id is bound as associated data.
 */
@ApplicationScoped
public class CredentialCipher {

    private static final String PREFIX = "v1";
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

    public String encrypt(String plaintext) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(activeKeyId.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array();
            return PREFIX + ":" + activeKeyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String decrypt(String stored) {
        String[] parts = stored.split(":", 3);
        if (parts.length != 3 || !parts[0].equals(PREFIX)) {
            throw new UnreadableCredentialException("stored credential has an unknown format");
        }
        SecretKey key = keys.get(parts[1]);
        if (key == null) {
            throw new UnreadableCredentialException("stored credential uses key id '" + parts[1] + "', which is not in the keyring");
        }
        byte[] in = Base64.getDecoder().decode(parts[2]);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            c.updateAAD(parts[1].getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new UnreadableCredentialException("stored credential could not be decrypted with key id '" + parts[1] + "'");
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
