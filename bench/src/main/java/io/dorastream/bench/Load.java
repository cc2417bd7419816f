package io.dorastream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** A closed-loop load: {@code concurrency} callers, each calling again as soon as its answer arrives. */
final class Load {

    /** Latencies (µs) and throughput of one load run. */
    record Result(Histogram latenciesMicros, double perSecond) {
        double millis(double percentile) {
            return latenciesMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private Load() {
    }

    /** Calls {@code call} {@code warmup} times unmeasured, then {@code requests} times over {@code concurrency} threads. */
    static Result run(int concurrency, int warmup, int requests, Callable<?> call) {
        for (int i = 0; i < warmup; i++) {
            invoke(call);
        }
        Recorder recorder = new Recorder(3);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            int each = Math.max(1, requests / concurrency);
            List<Future<?>> callers = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int c = 0; c < concurrency; c++) {
                callers.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        long s = System.nanoTime();
                        invoke(call);
                        recorder.recordValue(Math.max(1, (System.nanoTime() - s) / 1000));
                    }
                    return null;
                }));
            }
            for (Future<?> f : callers) {
                f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Histogram h = recorder.getIntervalHistogram();
            return new Result(h, h.getTotalCount() / seconds);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a request of the load failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void invoke(Callable<?> call) {
        try {
            call.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
