package io.dorastream.gateway.cache;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.dorastream.gateway.client.Answer;
import io.dorastream.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * The aggregator's successful metrics answers, kept in this pod's memory for
 * {@code dorastream.cache.ttl} after they were fetched, at most {@code dorastream.cache.max-size} of
 * memory (by {@link #weight}; least recently used out first), keyed by the endpoint and the normalized query — the
 * caller's token plays no part. The cache is bounded by time, not invalidated: a cached answer's
 * {@code dataAsOf} lags the aggregator's by at most the TTL. Concurrent misses of one key make one
 * call. Only 200 answers are kept; problems and outages are never cached.
 */
@ApplicationScoped
public class MetricsCache {

    /** A cached 200 answer with its entity tag. */
    public record Entry(String body, String contentType, String etag) {
    }

    /** The answer of a lookup: the entry, or the backend's non-cacheable answer. */
    public record Lookup(Entry entry, Answer uncached) {
    }

    private final Cache<String, Entry> cache;

    public MetricsCache(GatewayConfig config, MeterRegistry meters) {
        GatewayConfig.Cache c = config.cache();
        if (c.ttl().isZero() || c.ttl().isNegative()) {
            cache = null;
        } else {
            cache = Caffeine.newBuilder().expireAfterWrite(c.ttl()).maximumWeight(c.maxSize().asLongValue())
                    .weigher(MetricsCache::weight).recordStats().build();
            CaffeineCacheMetrics.monitor(meters, cache, "dorastream.gateway.metrics");
        }
    }

    public Lookup get(String key, Supplier<Answer> load) {
        if (cache == null) {
            Answer a = load.get();
            return a.status() == 200 ? new Lookup(entry(a), null) : new Lookup(null, a);
        }
        Answer[] uncached = new Answer[1];
        Entry e = cache.get(key, k -> {
            Answer a = load.get();
            if (a.status() == 200) {
                return entry(a);
            }
            uncached[0] = a;
            return null;
        });
        return new Lookup(e, e == null ? uncached[0] : null);
    }

    /** What an entry costs in memory, near enough: its strings' characters at two bytes each, plus a fixed overhead. */
    static int weight(String key, Entry e) {
        long chars = (long) key.length() + e.body().length() + (e.contentType() == null ? 0 : e.contentType().length())
                + e.etag().length();
        return (int) Math.min(Integer.MAX_VALUE, 2 * chars + ENTRY_OVERHEAD);
    }

    /** The objects around an entry's strings (headers, the map's node): a few hundred bytes. */
    static final int ENTRY_OVERHEAD = 256;

    /** The memory the kept answers take now, by {@link #weight}; 0 with the cache off. */
    public long weightedSize() {
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return cache.policy().eviction().map(ev -> ev.weightedSize().orElse(0L)).orElse(0L);
    }

    /** Forgets every answer (tests start from an empty cache). */
    public void clear() {
        if (cache != null) {
            cache.invalidateAll();
        }
    }

    private static Entry entry(Answer a) {
        return new Entry(a.body() == null ? "" : a.body(), a.contentType(), ETags.of(a.body() == null ? "" : a.body()));
    }
}
