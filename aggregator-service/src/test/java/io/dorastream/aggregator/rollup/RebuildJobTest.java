package io.dorastream.aggregator.rollup;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.config.AggregatorConfig;

/** The background rebuild: answered at once, one at a time, its outcome reported, a failure in words without its details. */
class RebuildJobTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger runs = new AtomicInteger();
    private volatile RuntimeException failWith;

    private final Rebuilder rebuilder = new Rebuilder(null, config()) {
        @Override
        public Result rebuild() {
            runs.incrementAndGet();
            try {
                assertTrue(release.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (failWith != null) {
                throw failWith;
            }
            return new Result(7, 3, 1, 5, Instant.EPOCH, Instant.EPOCH);
        }
    };

    @Test
    void runsInTheBackgroundOneAtATimeAndReportsWhatItDid() {
        RebuildJob job = new RebuildJob(rebuilder);
        assertEquals("idle", job.status().state());
        RebuildJob.Status started = job.start();
        assertEquals("running", started.state());
        assertSame(started, job.start(), "asked again while it runs: the running one, not a second");
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 1);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> !job.status().running());
        RebuildJob.Status done = job.status();
        assertEquals("succeeded", done.state());
        assertEquals(started.startedAt(), done.startedAt());
        assertEquals(7, done.result().deployments());
        assertNull(done.error());
        assertEquals(1, runs.get());
        job.stop();
    }

    @Test
    void aFailureIsReportedInWordsWithoutItsDetails() {
        failWith = new IllegalStateException("password=hunter2 at jdbc:postgresql://db-7:5432/aggregator");
        release.countDown();
        RebuildJob job = new RebuildJob(rebuilder);
        job.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !job.status().running());
        RebuildJob.Status failed = job.status();
        assertEquals("failed", failed.state());
        assertNull(failed.result());
        assertFalse(failed.error().contains("hunter2") || failed.error().contains("jdbc"), failed.error());
        assertTrue(failed.error().contains("log"), failed.error());
        failWith = null;
        assertEquals("running", job.start().state(), "a failed rebuild can be asked again");
        job.stop();
    }

    private static AggregatorConfig config() {
        AggregatorConfig.Rebuild rebuild = () -> Duration.ofHours(1);
        return (AggregatorConfig) Proxy.newProxyInstance(AggregatorConfig.class.getClassLoader(),
                new Class<?>[] { AggregatorConfig.class }, (proxy, method, args) -> method.getName().equals("rebuild") ? rebuild : null);
    }
}
