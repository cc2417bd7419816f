package io.dorastream.connector.datadog;

import java.util.Locale;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

import io.dorastream.connector.config.ConnectorConfig;
import io.dorastream.connector.config.ConnectorConfig.AuthorEmails;
import io.quarkus.runtime.Startup;

/**
 * What happens to a commit author's email before it leaves the connector
 * ({@code dorastream.privacy.author-emails}): dropped, kept, or replaced by
 * {@code hmac-sha256:<hex>}, a keyed hash under this installation's salt
 * ({@code dorastream.privacy.author-email-salt}), so that the same person has the same token in every
 * event of this installation while a dictionary of known addresses, hashed without the salt, matches
 * nothing. Built at start, so a {@code hash} policy without a usable salt stops the service at once.
 */
@Singleton
@Startup
public class AuthorEmailPolicy {

    /** The shortest salt accepted: 16 characters (e.g. {@code openssl rand -hex 32} gives 64). */
    public static final int MIN_SALT_LENGTH = 16;

    public static final AuthorEmailPolicy DROP = new AuthorEmailPolicy(AuthorEmails.DROP, null);
    public static final AuthorEmailPolicy KEEP = new AuthorEmailPolicy(AuthorEmails.KEEP, null);

    private final AuthorEmails mode;
    private final HmacUtils hmac;

    @Inject
    AuthorEmailPolicy(ConnectorConfig config) {
        this(config.privacy().authorEmails(), checkedSalt(config.privacy().authorEmails(), config.privacy().authorEmailSalt()));
    }

    private AuthorEmailPolicy(AuthorEmails mode, String salt) {
        this.mode = mode;
        this.hmac = salt == null ? null : new HmacUtils(HmacAlgorithms.HMAC_SHA_256, salt);
    }

    /** The hashing policy under {@code salt}. */
    public static AuthorEmailPolicy hash(String salt) {
        return new AuthorEmailPolicy(AuthorEmails.HASH, checkedSalt(AuthorEmails.HASH, Optional.ofNullable(salt)));
    }

    private static String checkedSalt(AuthorEmails mode, Optional<String> salt) {
        if (mode != AuthorEmails.HASH) {
            return null;
        }
        String s = salt.map(String::trim).orElse("");
        if (s.length() < MIN_SALT_LENGTH) {
            throw new IllegalArgumentException("dorastream.privacy.author-emails=hash needs dorastream.privacy.author-email-salt"
                    + " (DORASTREAM_PRIVACY_AUTHOR_EMAIL_SALT) of at least " + MIN_SALT_LENGTH
                    + " characters, this installation's secret: e.g. openssl rand -hex 32");
        }
        return s;
    }

    public AuthorEmails mode() {
        return mode;
    }

    /** The value to publish for an email: null to drop it. */
    public String apply(String email) {
        return switch (mode) {
            case KEEP -> email;
            case DROP -> null;
            case HASH -> "hmac-sha256:" + hmac.hmacHex(email.trim().toLowerCase(Locale.ROOT));
        };
    }
}
