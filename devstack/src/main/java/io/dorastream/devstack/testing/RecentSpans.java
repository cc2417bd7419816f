package io.dorastream.devstack.testing;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * A span exporter for tests that keeps the most recent {@code capacity} spans in memory (a whole
 * test suite traces a large backfill: an unbounded exporter would hold all of it). A service's
 * tests expose it as a CDI bean; Quarkus's OpenTelemetry then exports to it.
 */
public final class RecentSpans implements SpanExporter {

    private final int capacity;
    private final Deque<SpanData> spans = new ArrayDeque<>();

    public RecentSpans(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> batch) {
        for (SpanData s : batch) {
            if (spans.size() == capacity) {
                spans.removeFirst();
            }
            spans.addLast(s);
        }
        return CompletableResultCode.ofSuccess();
    }

    /** The spans kept, oldest first. */
    public synchronized List<SpanData> spans() {
        return List.copyOf(spans);
    }

    public synchronized void clear() {
        spans.clear();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
