package io.dorastream.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * RS256 JWTs for the OIDC tests, signed with the key pair under {@code src/test/resources/oidc}
 * (generated for these tests only) or with a foreign key the gateway does not trust.
 */
public final class TestJwts {

    public static final String ISSUER = "https://idp.dorastream.test";
    /** The audience the gateway's OIDC tests require ({@code quarkus.oidc.token.audience}). */
    public static final String AUDIENCE = "dorastream";
    public static final String TRUSTED_KEY = "/oidc/test-signing-key.pem";
    public static final String FOREIGN_KEY = "/oidc/foreign-signing-key.pem";

    private TestJwts() {
    }

    /** The trusted public key as {@code quarkus.oidc.public-key} wants it: base64 of its X.509 form. */
    public static String trustedPublicKey() {
        return pemBody("/oidc/test-signing-key.pub.pem");
    }

    public static String jwt(String subject, List<String> groups) {
        return jwt(TRUSTED_KEY, ISSUER, subject, groups, Instant.now().plusSeconds(300));
    }

    public static String jwt(String keyResource, String issuer, String subject, List<String> groups, Instant expiresAt) {
        return jwt(keyResource, issuer, AUDIENCE, subject, groups, expiresAt);
    }

    public static String jwt(String keyResource, String issuer, String audience, String subject, List<String> groups,
            Instant expiresAt) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(audience);
        claims.setSubject(subject);
        claims.setStringListClaim("groups", groups);
        claims.setIssuedAt(NumericDate.fromSeconds(expiresAt.getEpochSecond() - 600));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(privateKey(keyResource));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey privateKey(String resource) {
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pemBody(resource))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pemBody(String resource) {
        try (InputStream in = TestJwts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
