package io.dorastream.gateway.auth;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.dorastream.gateway.config.GatewayConfig;
import io.netty.util.NetUtil;
import io.quarkus.runtime.Startup;

/**
 * Failed authentications per client address, in this pod's memory: an address that fails
 * {@code dorastream.auth.failed-limit} times within {@code failed-window} (counted from its first
 * failure) is blocked for {@code failed-block} — every {@code /api} call from it is then refused
 * before its token is even looked at, whatever the token. Successes are not counted and do not end a
 * block; refusals during a block neither count nor lengthen it; the window after a block starts afresh.
 *
 * <p>The address is the one Vert.x reports for the connection (a proxy's forwarded one only when
 * Quarkus is told to trust it, {@code quarkus.http.proxy.*}). An IPv6 client is counted by its /64
 * prefix (one subscriber's usual allocation, within which an attacker could pick a new address per try);
 * an IPv4-mapped IPv6 address as its IPv4 address.
 *
 * <p>At most {@value #MAX_ADDRESSES} addresses are held (about 25 MB at worst); an address is forgotten
 * when its window or block ends. When the table is full, Caffeine evicts the entries it deems least
 * likely to be used again: a forgotten address starts over with no failures — an innocent address is
 * never blocked by it, an attacker with that many addresses may try more often. Created at start, so
 * that settings that cannot work stop the gateway there.
 */
@Startup
@ApplicationScoped
public class FailedAuthentications {

    private static final Logger LOG = Logger.getLogger(FailedAuthentications.class);

    /** Most addresses kept: a memory bound only. */
    static final int MAX_ADDRESSES = 100_000;

    /** Longest key kept for an address that is not an IP literal (e.g. an obfuscated {@code Forwarded: for=}). */
    private static final int MAX_KEY_LENGTH = 64;

    /** Failures of one address in its current window, or its block: both end at {@code until} (nano clock). */
    private record State(int failures, long until, boolean blocked) {
    }

    private final int limit;
    private final Duration window;
    private final Duration block;
    private final long windowNanos;
    private final long blockNanos;
    private final LongSupplier nanoClock;
    private final Cache<String, State> states;

    @Inject
    public FailedAuthentications(GatewayConfig config, NanoClock clock) {
        this(config.auth().failedLimit(), config.auth().failedWindow(), config.auth().failedBlock(), MAX_ADDRESSES, clock);
    }

    FailedAuthentications(int limit, Duration window, Duration block, int maxAddresses, LongSupplier nanoClock) {
        if (limit < 0) {
            throw new IllegalArgumentException("dorastream.auth.failed-limit must be 0 (off) or more, not " + limit);
        }
        if (limit > 0 && (window.isNegative() || window.isZero() || block.isNegative() || block.isZero())) {
            throw new IllegalArgumentException("dorastream.auth.failed-window and dorastream.auth.failed-block must be positive, not "
                    + window + " and " + block + " (set dorastream.auth.failed-limit=0 to turn the limit off)");
        }
        this.limit = limit;
        this.window = window;
        this.block = block;
        this.windowNanos = window.toNanos();
        this.blockNanos = block.toNanos();
        this.nanoClock = nanoClock;
        this.states = Caffeine.newBuilder()
                .ticker(nanoClock::getAsLong)
                .executor(Runnable::run)
                .maximumSize(maxAddresses)
                .expireAfter(new Expiry<String, State>() {
                    @Override
                    public long expireAfterCreate(String key, State state, long now) {
                        return Math.max(0, state.until() - now);
                    }

                    @Override
                    public long expireAfterUpdate(String key, State state, long now, long remaining) {
                        return Math.max(0, state.until() - now);
                    }

                    @Override
                    public long expireAfterRead(String key, State state, long now, long remaining) {
                        return remaining;
                    }
                })
                .build();
    }

    /** Whether addresses are limited at all ({@code dorastream.auth.failed-limit} above 0). */
    public boolean enabled() {
        return limit > 0;
    }

    /** Allowed, or refused with the whole seconds left of the address's block. */
    public RateLimiter.Decision check(String address) {
        if (!enabled() || address == null) {
            return RateLimiter.Decision.ALLOWED;
        }
        State state = states.getIfPresent(key(address));
        long now = nanoClock.getAsLong();
        if (state == null || !state.blocked() || now - state.until() >= 0) {
            return RateLimiter.Decision.ALLOWED;
        }
        return new RateLimiter.Decision(false, Math.max(1, (state.until() - now + 999_999_999L) / 1_000_000_000L));
    }

    /**
     * Counts one failed authentication of the address; true when it is the one that blocks it. A
     * failure of an address already blocked (one that raced past {@link #check}) is not counted.
     */
    public boolean failed(String address) {
        if (!enabled() || address == null) {
            return false;
        }
        String key = key(address);
        long now = nanoClock.getAsLong();
        boolean[] blocks = { false };
        State after = states.asMap().compute(key, (k, old) -> {
            boolean current = old != null && now - old.until() < 0;
            if (current && old.blocked()) {
                return old;
            }
            int failures = current ? old.failures() + 1 : 1;
            if (failures >= limit) {
                blocks[0] = true;
                return new State(failures, now + blockNanos, true);
            }
            return new State(failures, current ? old.until() : now + windowNanos, false);
        });
        boolean blockedNow = blocks[0];
        if (blockedNow) {
            LOG.warnf("client %s blocked for %s after %d failed authentications within %s (dorastream.auth.failed-*)", key, block,
                    after.failures(), window);
        }
        return blockedNow;
    }

    /**
     * The key an address is counted under: an IPv4 address as written, an IPv6 one as its /64 prefix
     * ({@code 2001:db8:1:2::/64}), an IPv4-mapped IPv6 one as its IPv4 address; anything else (never a
     * DNS lookup) as its first {@value #MAX_KEY_LENGTH} characters.
     */
    static String key(String address) {
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        int zone = literal.indexOf('%');
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(zone >= 0 ? literal.substring(0, zone) : literal);
        if (bytes == null) {
            return literal.length() > MAX_KEY_LENGTH ? literal.substring(0, MAX_KEY_LENGTH) : literal;
        }
        if (bytes.length == 16 && isIpv4Mapped(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
        }
        return prefix.append(":/64").toString();
    }

    private static boolean isIpv4Mapped(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
    }

    /** Addresses held now (after expired ones are dropped). */
    long addresses() {
        states.cleanUp();
        return states.estimatedSize();
    }
}
