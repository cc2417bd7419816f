package io.dorastream.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The service token of the {@code /internal} APIs ({@code DORA_INTERNAL_TOKEN}): the one rule of what
 * a token must be, and which {@code Authorization} headers the connector and the aggregator accept.
 *
 * <p>A service accepts its current token ({@code dorastream.internal-token}) and, during a rotation,
 * the previous one ({@code dorastream.internal-token-previous}), so the backends can take the new token
 * before the gateway presents it (docs/operations.md, "Rotating secrets without downtime"). In
 * production a token shorter than {@link #MIN_LENGTH} characters stops the service at start: the
 * token guards, among others, deleting connections and rebuilding every rollup. The internal ports'
 * first line of defence is the network (the Kubernetes NetworkPolicies let only the gateway in).
 */
public final class ServiceTokens {

    /** The shortest token accepted in production (e.g. {@code openssl rand -hex 32} gives 64). */
    public static final int MIN_LENGTH = 32;

    private final List<byte[]> accepted;

    private ServiceTokens(List<byte[]> accepted) {
        this.accepted = accepted;
    }

    /**
     * @param production whether to enforce {@link #MIN_LENGTH} (dev and test profiles use short fixed tokens)
     * @throws IllegalArgumentException naming the property when a token is empty or too short
     */
    public static ServiceTokens accepting(String current, Optional<String> previous, boolean production) {
        List<byte[]> accepted = new ArrayList<>();
        accepted.add(header(checked("dorastream.internal-token", current, production)));
        previous.filter(p -> !p.isBlank()).ifPresent(
                p -> accepted.add(header(checked("dorastream.internal-token-previous", p, production))));
        return new ServiceTokens(List.copyOf(accepted));
    }

    /** The token a caller presents, checked like one a service accepts. */
    public static String presented(String token, boolean production) {
        return checked("dorastream.internal-token", token, production);
    }

    /** Whether this {@code Authorization} header carries an accepted token (compared in constant time). */
    public boolean accepts(String authorization) {
        if (authorization == null) {
            return false;
        }
        byte[] given = authorization.getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (byte[] a : accepted) {
            ok |= MessageDigest.isEqual(a, given); // no early exit: the time says nothing of which one matched
        }
        return ok;
    }

    private static String checked(String property, String token, boolean production) {
        String t = token == null ? "" : token.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException(property + " (DORA_INTERNAL_TOKEN) is empty");
        }
        if (production && t.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(property + " is " + t.length() + " characters long; the service token"
                    + " must have at least " + MIN_LENGTH + " (e.g. openssl rand -hex 32)");
        }
        return t;
    }

    private static byte[] header(String token) {
        return ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }
}
