package io.dorastream.gateway.config;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration of the gateway ({@code dorastream.*} in application.properties). */
@ConfigMapping(prefix = "dorastream")
public interface GatewayConfig {

    /** The service token sent on every call to the internal APIs ({@code DORA_INTERNAL_TOKEN}). */
    String internalToken();

    Auth auth();

    interface Auth {
        /** A plain admin token ({@code DORA_ADMIN_TOKEN}), e.g. the run command's; named {@code admin-env}. */
        Optional<String> adminToken();

        /**
         * Named API tokens: {@code dorastream.auth.tokens.<name>.sha256} (hex SHA-256 of the token) and
         * {@code .role} ({@code viewer} or {@code admin}). Only hashes are configured and compared.
         */
        Map<String, Token> tokens();
    }

    interface Token {
        String sha256();

        @WithDefault("viewer")
        Role role();
    }

    enum Role {
        VIEWER,
        ADMIN
    }
}
