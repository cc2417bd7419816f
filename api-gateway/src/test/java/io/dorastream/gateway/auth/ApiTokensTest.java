package io.dorastream.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.dorastream.gateway.auth.ApiTokens.Caller;
import io.dorastream.gateway.config.GatewayConfig;
import io.dorastream.gateway.config.GatewayConfig.Role;

class ApiTokensTest {

    /** A hand-written configuration: no SmallRye Config involved. */
    private record Config(Optional<String> adminToken, Map<String, GatewayConfig.Token> tokens) implements GatewayConfig {
        @Override
        public String internalToken() {
            return "unused";
        }

        @Override
        public io.quarkus.runtime.configuration.MemorySize maxBodySize() {
            return new io.quarkus.runtime.configuration.MemorySize(java.math.BigInteger.valueOf(64 * 1024));
        }

        @Override
        public RateLimit rateLimit() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Cache cache() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Resilience resilience() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Auth auth() {
            Config c = this;
            return new Auth() {
                @Override
                public Optional<String> adminToken() {
                    return c.adminToken;
                }

                @Override
                public Map<String, Token> tokens() {
                    return c.tokens;
                }

                @Override
                public Oidc oidc() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int failedLimit() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public java.time.Duration failedWindow() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public java.time.Duration failedBlock() {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }

    private record Token(String sha256, Role role) implements GatewayConfig.Token {
        @Override
        public OptionalDouble requestsPerSecond() {
            return OptionalDouble.empty();
        }

        @Override
        public OptionalInt burst() {
            return OptionalInt.empty();
        }
    }

    private static String hex(String token) {
        return DigestUtils.sha256Hex(token);
    }

    private static ApiTokens tokens(Optional<String> admin, Map<String, GatewayConfig.Token> named) {
        return new ApiTokens(new Config(admin, named));
    }

    private static Map<String, GatewayConfig.Token> named(Object... nameTokenRole) {
        Map<String, GatewayConfig.Token> m = new LinkedHashMap<>();
        for (int i = 0; i < nameTokenRole.length; i += 3) {
            m.put((String) nameTokenRole[i], new Token((String) nameTokenRole[i + 1], (Role) nameTokenRole[i + 2]));
        }
        return m;
    }

    @Test
    void sha256IsTheStandardDigest() {
        // the hashes configured in application.properties for the test profile
        assertEquals("17d6bfe05d1b1fb7bc499f8e3f639c7b3eda4c40f321eef8887a0c04c89a99c5", hex("test-admin-token"));
        assertEquals("04afacc947b28c94e15578a9db68c1d1bf775b3ff82bc88e31d4465f26bc0b42", hex("test-viewer-token"));
    }

    @Test
    void aNamedTokenIsRecognisedByItsHash() {
        ApiTokens t = tokens(Optional.empty(), named(
                "ci", hex("ci-secret"), Role.ADMIN,
                "grafana", hex("grafana-secret"), Role.VIEWER));

        assertEquals(Optional.of(new Caller("ci", Role.ADMIN)), t.authenticate("ci-secret"));
        assertEquals(Optional.of(new Caller("grafana", Role.VIEWER)), t.authenticate("grafana-secret"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ci-secre", "ci-secret ", "CI-SECRET", "ci-secretx"})
    void anyOtherTokenIsUnknown(String presented) {
        ApiTokens t = tokens(Optional.empty(), named("ci", hex("ci-secret"), Role.ADMIN));
        assertEquals(Optional.empty(), t.authenticate(presented));
    }

    @Test
    void nullIsUnknown() {
        assertEquals(Optional.empty(), tokens(Optional.of("admin"), named()).authenticate(null));
    }

    @Test
    void theHashItselfIsNotAToken() {
        String hash = hex("ci-secret");
        ApiTokens t = tokens(Optional.empty(), named("ci", hash, Role.ADMIN));
        assertEquals(Optional.empty(), t.authenticate(hash));
    }

    @Test
    void hashesAreReadCaseInsensitivelyAndTrimmed() {
        ApiTokens t = tokens(Optional.empty(), named("ci", "  " + hex("ci-secret").toUpperCase() + "\n", Role.VIEWER));
        assertEquals(Optional.of(new Caller("ci", Role.VIEWER)), t.authenticate("ci-secret"));
    }

    @Test
    void noTokensConfiguredMeansNobodyGetsIn() {
        ApiTokens t = tokens(Optional.empty(), named());
        assertEquals(Optional.empty(), t.authenticate("anything"));
        assertEquals(Optional.empty(), t.authenticate(""));
    }

    @Test
    void thePlainAdminTokenIsAnAdminNamedAdminEnv() {
        ApiTokens t = tokens(Optional.of("run-command-secret"), named("grafana", hex("grafana-secret"), Role.VIEWER));

        assertEquals(Optional.of(new Caller("admin-env", Role.ADMIN)), t.authenticate("run-command-secret"));
        assertEquals(Optional.of(new Caller("grafana", Role.VIEWER)), t.authenticate("grafana-secret"));
        assertEquals(Optional.empty(), t.authenticate("run-command-secre"));
    }

    @Test
    void thePlainAdminTokenIsTrimmed() {
        ApiTokens t = tokens(Optional.of("  run-command-secret\n"), named());
        assertEquals(Optional.of(new Caller("admin-env", Role.ADMIN)), t.authenticate("run-command-secret"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t"})
    void aBlankAdminTokenAddsNoToken(String admin) {
        ApiTokens t = tokens(Optional.of(admin), named());
        assertEquals(Optional.empty(), t.authenticate(admin));
        assertEquals(Optional.empty(), t.authenticate(""));
        assertEquals(Optional.empty(), t.authenticate(admin.trim()));
    }

    @Test
    void theSameTokenTwiceIsTheFirstConfigured() {
        ApiTokens t = tokens(Optional.of("shared"), named("viewer", hex("shared"), Role.VIEWER));
        assertEquals(Optional.of(new Caller("admin-env", Role.ADMIN)), t.authenticate("shared"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-hex-at-all", "zz6bfe05d1b1fb7bc499f8e3f639c7b3eda4c40f321eef8887a0c04c89a99c5", "abc"})
    void aNonHexSha256IsRejected(String sha256) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tokens(Optional.empty(), named("broken", sha256, Role.VIEWER)));
        assertEquals("dorastream.auth.tokens.broken.sha256 is not hex", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", // empty
            "17d6bfe05d1b1fb7bc499f8e3f639c7b3eda4c40f321eef8887a0c04c89a99", // 31 bytes
            "17d6bfe05d1b1fb7bc499f8e3f639c7b3eda4c40f321eef8887a0c04c89a99c5aa", // 33 bytes
            "d41d8cd98f00b204e9800998ecf8427e"}) // an MD5
    void aSha256OfTheWrongLengthIsRejected(String sha256) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tokens(Optional.empty(), named("short", sha256, Role.ADMIN)));
        assertTrue(e.getMessage().startsWith("dorastream.auth.tokens.short.sha256 is not a SHA-256"), e.getMessage());
    }
}
