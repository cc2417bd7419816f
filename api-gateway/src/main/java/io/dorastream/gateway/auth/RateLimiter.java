package io.dorastream.gateway.auth;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.dorastream.gateway.config.GatewayConfig;

/**
 * One token bucket per token name, in this pod's memory: the limit is per gateway pod (with N pods
 * a token may make up to N times the configured rate cluster-wide). Keyed by the name, never by
 * the token itself, so the table holds nothing secret. OIDC callers ({@code oidc:<subject>}) are not
 * a fixed set, so a bucket left unused until it would be full again (its burst over its rate) is
 * forgotten — a forgotten bucket and a new one are the same full bucket, so this changes no answer —
 * and at most {@value #MAX_BUCKETS} buckets are kept whatever happens.
 */
@ApplicationScoped
public class RateLimiter {

    /** Refused: how many whole seconds until the next request would be let through. */
    public record Decision(boolean allowed, long retryAfterSeconds) {
        static final Decision ALLOWED = new Decision(true, 0);
    }

    /** A sustained rate and a burst. */
    record Limit(double perSecond, int burst) {
        Limit {
            if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
                throw new IllegalArgumentException("requests-per-second must be a positive number, not " + perSecond);
            }
            if (burst < 1) {
                throw new IllegalArgumentException("burst must be at least 1, not " + burst);
            }
        }
    }

    /** Most buckets kept: a memory bound only, far above the callers one pod serves within a refill time. */
    static final int MAX_BUCKETS = 100_000;

    private static final class Bucket {
        private final Limit limit;
        private double tokens;
        private long refilledAt;

        Bucket(Limit limit, long now) {
            this.limit = limit;
            this.tokens = limit.burst();
            this.refilledAt = now;
        }

        /** How long an unused bucket takes to be full again, after which forgetting it changes nothing. */
        long refillNanos() {
            return (long) Math.min(1e18, Math.ceil(limit.burst() / limit.perSecond() * 1e9));
        }
    }

    private final boolean enabled;
    private final Limit defaults;
    private final Map<String, Limit> perToken;
    private final Cache<String, Bucket> buckets;
    private final LongSupplier nanoClock;

    @Inject
    public RateLimiter(GatewayConfig config) {
        this(config.rateLimit().enabled(), limit("dorastream.rate-limit", config.rateLimit().requestsPerSecond(),
                config.rateLimit().burst()), perToken(config), System::nanoTime);
    }

    RateLimiter(boolean enabled, Limit defaults, Map<String, Limit> perToken, LongSupplier nanoClock) {
        this.enabled = enabled;
        this.defaults = defaults;
        this.perToken = Map.copyOf(perToken);
        this.nanoClock = nanoClock;
        this.buckets = Caffeine.newBuilder()
                .ticker(nanoClock::getAsLong)
                .executor(Runnable::run)
                .maximumSize(MAX_BUCKETS)
                .expireAfter(Expiry.<String, Bucket> accessing((name, bucket) -> Duration.ofNanos(bucket.refillNanos())))
                .build();
    }

    private static Map<String, Limit> perToken(GatewayConfig config) {
        GatewayConfig.RateLimit rl = config.rateLimit();
        Map<String, Limit> limits = new HashMap<>();
        config.auth().tokens().forEach((name, t) -> limits.put(name, limit("dorastream.auth.tokens." + name,
                t.requestsPerSecond().orElse(rl.requestsPerSecond()), t.burst().orElse(rl.burst()))));
        return limits;
    }

    private static Limit limit(String prefix, double perSecond, int burst) {
        try {
            return new Limit(perSecond, burst);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + ": " + e.getMessage(), e);
        }
    }

    /** Takes one request from the token's bucket, or says how long to wait. */
    public Decision acquire(String tokenName) {
        if (!enabled) {
            return Decision.ALLOWED;
        }
        Limit limit = perToken.getOrDefault(tokenName, defaults);
        long now = nanoClock.getAsLong();
        Bucket bucket = buckets.get(tokenName, n -> new Bucket(limit, now));
        synchronized (bucket) {
            double refill = (now - bucket.refilledAt) / 1e9 * limit.perSecond();
            bucket.tokens = Math.min(limit.burst(), bucket.tokens + refill);
            bucket.refilledAt = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return Decision.ALLOWED;
            }
            double wait = (1 - bucket.tokens) / limit.perSecond();
            return new Decision(false, Math.max(1, (long) Math.ceil(wait)));
        }
    }

    /** Buckets held now (after expired ones are dropped). */
    long buckets() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }
}
