package io.dorastream.connector.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.dorastream.connector.connection.ErrorSource;
import io.dorastream.connector.connection.StreamState;
import io.dorastream.connector.connection.StreamStateEntity;
import io.dorastream.events.Stream;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;

/**
 * Sync lag on {@code /q/metrics}, with bounded label cardinality: per stream the largest lag and
 * the number of streams by state, and {@code dora.sync.lag.seconds} per connection for at most
 * {@link #LAG_SERIES} connections, the most lagging first (a thousand connections must not become
 * a thousand series; the status API has every one). Read from the database, so every replica
 * reports the same figures (alert on max, not sum). Also {@code dora.sync.internal.errors} by stream
 * and kind: this replica's polls that failed on DoraStream's own side ({@link SyncFailures}; sum them).
 */
@ApplicationScoped
public class SyncTelemetry {

    /** Connections that get a lag series of their own. */
    static final int LAG_SERIES = 50;

    private final Clock clock;
    private final Map<String, Double> values = new ConcurrentHashMap<>();
    private final MultiGauge lagByConnection;
    /** {@code dora.sync.internal.errors} by stream and kind, registered at 0 so that a rate sees the first one. */
    private final Map<String, Counter> internalErrors = new ConcurrentHashMap<>();

    public SyncTelemetry(MeterRegistry meters, Clock clock) {
        this.clock = clock;
        for (Stream s : Stream.values()) {
            for (SyncFailures.Kind kind : SyncFailures.Kind.values()) {
                if (kind.source() == ErrorSource.DORASTREAM) {
                    internalErrors.put(key("internal", s.id(), kind.code()), Counter.builder("dora.sync.internal.errors")
                            .description("polls failed on DoraStream's own side (never counted against Datadog), by kind")
                            .tag("stream", s.id()).tag("kind", kind.code()).register(meters));
                }
            }
        }
        this.lagByConnection = MultiGauge.builder("dora.sync.lag.seconds")
                .description("now - position of live streams, for the most lagging connections").register(meters);
        for (Stream s : Stream.values()) {
            gauge(meters, "dora.sync.lag.max.seconds", "largest now - position among the stream's live connections", s, null);
            for (StreamState state : StreamState.values()) {
                gauge(meters, "dora.sync.streams", "streams by state", s, state.spelling());
            }
        }
    }

    /** Counts a poll that failed on DoraStream's own side. */
    void internalError(Stream stream, SyncFailures.Kind kind) {
        Counter c = internalErrors.get(key("internal", stream.id(), kind.code()));
        if (c != null) {
            c.increment();
        }
    }

    private void gauge(MeterRegistry meters, String name, String description, Stream stream, String state) {
        String key = key(name, stream.id(), state);
        values.put(key, 0.0);
        Gauge.Builder<Map<String, Double>> b = Gauge.builder(name, values, v -> v.getOrDefault(key, 0.0))
                .description(description).tag("stream", stream.id());
        if (state != null) {
            b.tag("state", state);
        }
        b.register(meters);
    }

    private static String key(String name, String stream, String state) {
        return name + "|" + stream + "|" + state;
    }

    @Scheduled(every = "15s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void refresh() {
        Instant now = clock.instant();
        Map<String, Double> next = new java.util.HashMap<>();
        List<MultiGauge.Row<?>> lags = new java.util.ArrayList<>();
        List<StreamStateEntity> live = new java.util.ArrayList<>();
        for (StreamStateEntity s : StreamStateEntity.<StreamStateEntity>listAll()) {
            next.merge(key("dora.sync.streams", s.stream, s.state.spelling()), 1.0, Double::sum);
            if (s.state == StreamState.LIVE && s.position != null) {
                double lag = Math.max(0, Duration.between(s.position, now).toSeconds());
                next.merge(key("dora.sync.lag.max.seconds", s.stream, null), lag, Math::max);
                live.add(s);
            }
        }
        live.sort(java.util.Comparator.comparing(s -> s.position));
        for (StreamStateEntity s : live.subList(0, Math.min(LAG_SERIES, live.size()))) {
            lags.add(MultiGauge.Row.of(Tags.of("connection", s.connectionId.toString(), "stream", s.stream),
                    Math.max(0, Duration.between(s.position, now).toSeconds())));
        }
        lagByConnection.register(lags, true);
        values.replaceAll((k, v) -> next.getOrDefault(k, 0.0));
    }
}
