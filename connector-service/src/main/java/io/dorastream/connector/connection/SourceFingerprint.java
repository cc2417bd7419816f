package io.dorastream.connector.connection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.dorastream.connector.datadog.DatadogSite;

/**
 * What a connection reads — its site, API key and query — as one value, so that a second connection
 * reading the same events is found by an index ({@code connection.source_fingerprint}, unique) instead
 * of decrypting every stored key.
 * <p>
 * A plain SHA-256, not a keyed hash: Datadog API keys are 32 random hexadecimal characters (128 bits),
 * so the digest cannot be reversed by guessing keys, and a plain digest does not change when the
 * credentials keyring rotates (a keyed one would have to be recomputed for every row with every key
 * change, and two replicas with different keyrings mid-rotation would disagree). The site and the query
 * are not secrets; they only separate sources that share a key.
 */
public final class SourceFingerprint {

    private SourceFingerprint() {
    }

    /**
     * @param query the query as stored ({@link #normalizedQuery}: trimmed, null when blank)
     * @return lower-case hex SHA-256 of {@code site \n apiKey \n query}
     */
    public static String of(DatadogSite site, String apiKey, String query) {
        String source = site.host() + "\n" + apiKey.trim() + "\n" + (query == null ? "" : query);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** A query as connections store and compare it: trimmed; blank (or none) is no query. */
    public static String normalizedQuery(String query) {
        return query == null || query.isBlank() ? null : query.trim();
    }
}
