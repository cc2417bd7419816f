package io.dorastream.gateway.auth;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.commons.codec.digest.DigestUtils;

import io.dorastream.gateway.config.GatewayConfig;
import io.dorastream.gateway.config.GatewayConfig.Role;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The configured bearer tokens, held as SHA-256 hashes. A presented token is hashed and compared with
 * every configured hash in constant time, so neither the token nor its position leaks through timing.
 */
@ApplicationScoped
public class ApiTokens {

    /**
     * An authenticated caller: a name safe to log (the token's configured name, or {@code oidc:<subject>}),
     * its role (null: authenticated but given neither role), and the tag metrics use — the token's name,
     * or {@code oidc} for every OIDC caller so that label values stay bounded.
     */
    public record Caller(String name, Role role, String metricTag) {

        /** The attribute of the request's {@link SecurityIdentity} that holds its caller. */
        public static final String ATTRIBUTE = "dorastream.caller";

        public Caller(String name, Role role) {
            this(name, role, name);
        }

        /** The caller of an authenticated identity (a configured token's or an OIDC one's); empty when anonymous. */
        public static Optional<Caller> of(SecurityIdentity identity) {
            return identity != null && identity.getAttribute(ATTRIBUTE) instanceof Caller c ? Optional.of(c) : Optional.empty();
        }

        /** The name of an authenticated identity's caller: its token's (or OIDC caller's) name, else its principal's. */
        public static String nameOf(SecurityIdentity identity) {
            return of(identity).map(Caller::name).orElse(identity.getPrincipal().getName());
        }
    }

    private record Entry(String name, byte[] hash, Role role) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public ApiTokens(GatewayConfig config) {
        config.auth().adminToken().filter(t -> !t.isBlank())
                .ifPresent(t -> entries.add(new Entry("admin-env", DigestUtils.sha256(t.trim()), Role.ADMIN)));
        config.auth().tokens().forEach((name, token) -> {
            byte[] hash;
            try {
                hash = HexFormat.of().parseHex(token.sha256().trim().toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("dorastream.auth.tokens." + name + ".sha256 is not hex");
            }
            if (hash.length != 32) {
                throw new IllegalArgumentException("dorastream.auth.tokens." + name + ".sha256 is not a SHA-256 (64 hex digits)");
            }
            entries.add(new Entry(name, hash, token.role()));
        });
    }

    public Optional<Caller> authenticate(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = DigestUtils.sha256(token);
        Caller found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.hash(), presented) && found == null) {
                found = new Caller(e.name(), e.role());
            }
        }
        return Optional.ofNullable(found);
    }
}
