package io.dorastream.gateway.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.dorastream.gateway.client.Answer;
import io.dorastream.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;

/** The cache is bounded by the memory its answers take, not by their count: many large answers cannot exhaust the heap. */
class MetricsCacheTest {

    private static final long BUDGET = 256 * 1024;

    @Test
    void largeAnswersAreBoundedByTheirSize() {
        MetricsCache cache = new MetricsCache(config(BUDGET), new SimpleMeterRegistry());
        String oneMegabyteSeries = "x".repeat(512 * 1024); // 1 MiB held as UTF-16: alone over the budget
        String large = "y".repeat(40 * 1024); // 80 KiB held
        for (int i = 0; i < 50; i++) {
            int n = i;
            cache.get("timeseries?from=2024-01-01T00:00:0" + n, () -> new Answer(200, "application/json", large + n, null));
            cache.get("timeseries?from=2024-01-01T00:00:1" + n, () -> new Answer(200, "application/json", oneMegabyteSeries, null));
            assertTrue(cache.weightedSize() <= BUDGET, "after " + (n + 1) + " rounds: " + cache.weightedSize() + " bytes kept");
        }
        assertTrue(cache.weightedSize() > BUDGET / 2, "small enough answers are still kept: " + cache.weightedSize());
    }

    @Test
    void smallAnswersAreServedFromMemory() {
        MetricsCache cache = new MetricsCache(config(BUDGET), new SimpleMeterRegistry());
        AtomicInteger calls = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            MetricsCache.Lookup l = cache.get("summary?from=a", () -> {
                calls.incrementAndGet();
                return new Answer(200, "application/json", "{\"n\":1}", null);
            });
            assertEquals("{\"n\":1}", l.entry().body());
        }
        assertEquals(1, calls.get());
        assertEquals(MetricsCache.weight("summary?from=a", new MetricsCache.Entry("{\"n\":1}", "application/json",
                ETags.of("{\"n\":1}"))), cache.weightedSize());
    }

    private static GatewayConfig config(long maxBytes) {
        GatewayConfig.Cache cache = new GatewayConfig.Cache() {
            public Duration ttl() {
                return Duration.ofHours(1);
            }

            public MemorySize maxSize() {
                return new MemorySize(BigInteger.valueOf(maxBytes));
            }

            public Duration clientMaxAge() {
                return Duration.ofSeconds(10);
            }
        };
        return (GatewayConfig) Proxy.newProxyInstance(GatewayConfig.class.getClassLoader(), new Class<?>[] { GatewayConfig.class },
                (proxy, method, args) -> method.getName().equals("cache") ? cache : null);
    }
}
