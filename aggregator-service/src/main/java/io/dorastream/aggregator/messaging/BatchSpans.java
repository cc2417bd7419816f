package io.dorastream.aggregator.messaging;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * The span of one applied batch. A batch holds records of many traces (one per connector poll), so
 * the span is no child of any: it carries a span <em>link</em> to the span context in each record's
 * W3C {@code traceparent} header, deduplicated and at most {@value #MAX_LINKS} of them (the rest are
 * counted in {@code dorastream.batch.links_dropped}). Without tracing (no OTLP endpoint) the span goes
 * nowhere (Quarkus's disabled SDK has no processor), and the records carry no {@code traceparent} to link
 * ({@code TracingSwitch} turns the Kafka connector's tracing off as well).
 */
@ApplicationScoped
public class BatchSpans {

    /** Links per batch span, at most (OpenTelemetry's default span limit is 128 links as well). */
    public static final int MAX_LINKS = 128;

    private static final TextMapGetter<Headers> KAFKA_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            return StreamSupport.stream(headers.spliterator(), false).map(Header::key).toList();
        }

        @Override
        public String get(Headers headers, String key) {
            Header h = headers == null ? null : headers.lastHeader(key);
            return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    };

    private final Tracer tracer;

    public BatchSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Runs {@code body} inside the batch span {@code name}, linked to the records' traces. */
    public void run(String name, Iterable<ConsumerRecord<String, byte[]>> batch, Runnable body) {
        SpanBuilder builder = tracer.spanBuilder(name).setNoParent();
        Set<SpanContext> links = new LinkedHashSet<>();
        int records = 0;
        int dropped = 0;
        for (ConsumerRecord<String, byte[]> r : batch) {
            records++;
            SpanContext linked = traceOf(r.headers());
            if (linked.isValid() && !links.contains(linked)) {
                if (links.size() < MAX_LINKS) {
                    links.add(linked);
                } else {
                    dropped++;
                }
            }
        }
        links.forEach(builder::addLink);
        Span span = builder.setAttribute("dorastream.batch.records", (long) records)
                .setAttribute("dorastream.batch.links_dropped", (long) dropped).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            body.run();
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getMessage());
            throw e;
        } finally {
            span.end();
        }
    }

    /** The span context of a record's {@code traceparent} header (W3C propagator), or an invalid one. */
    public static SpanContext traceOf(Headers headers) {
        Context extracted = W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, KAFKA_HEADERS);
        return Span.fromContext(extracted).getSpanContext();
    }
}
