package io.dorastream.gateway.cache;

import java.util.Arrays;
import java.util.HexFormat;

import org.apache.commons.codec.digest.DigestUtils;

/** Strong entity tags from the body's SHA-256 and the {@code If-None-Match} test. */
public final class ETags {

    private ETags() {
    }

    /** {@code "<first 128 bits of the body's SHA-256 in hex>"}. */
    public static String of(String body) {
        byte[] hash = DigestUtils.sha256(body);
        return '"' + HexFormat.of().formatHex(Arrays.copyOf(hash, 16)) + '"';
    }

    /** Whether an {@code If-None-Match} header names {@code etag} (weak comparison, as RFC 9110 asks for it). */
    public static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*")) {
                return true;
            }
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
