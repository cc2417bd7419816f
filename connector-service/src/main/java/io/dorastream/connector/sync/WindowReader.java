package io.dorastream.connector.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.connector.datadog.DatadogApiException;
import io.dorastream.connector.datadog.DatadogClient;
import io.dorastream.connector.datadog.DatadogClient.Credentials;
import io.dorastream.connector.datadog.DatadogEventParser;
import io.dorastream.connector.datadog.DatadogEventParser.Parsed;
import io.dorastream.connector.datadog.DatadogEventParser.UnparseableEventException;
import io.dorastream.connector.datadog.DatadogResponse;
import io.dorastream.connector.datadog.DatadogSite;
import io.dorastream.connector.datadog.RateLimit;
import io.dorastream.events.DoraJson;
import io.dorastream.events.Stream;

/**
 * Reads every event of a stream in {@code [from, to)} although Datadog's list endpoints have no
 * cursor: a page that comes back full means the window may hold more, so it is split in two (on
 * whole seconds) until every sub-window comes back short. Events are de-duplicated by id, so
 * whether Datadog's bounds are inclusive does not matter.
 */
public final class WindowReader {

    private static final Logger LOG = Logger.getLogger(WindowReader.class);
    private static final int MAX_ATTEMPTS = 4;

    private final DatadogClient client;
    private final DatadogEventParser parser;
    private final int limit;

    public WindowReader(DatadogClient client, DatadogEventParser parser, int limit) {
        this.client = client;
        this.parser = parser;
        this.limit = limit;
    }

    /** The events read, how many could not be parsed, and the last rate-limit headers seen. */
    public record Result(List<Parsed> events, int rejected, RateLimit rateLimit) {
    }

    public Result read(DatadogSite site, Credentials keys, Stream stream, String query, Instant from, Instant to,
            Consumer<RateLimit> onRateLimit) {
        Map<String, Parsed> byId = new LinkedHashMap<>();
        int rejected = 0;
        RateLimit last = null;
        Deque<Instant[]> windows = new ArrayDeque<>();
        windows.push(new Instant[] { from, to });
        while (!windows.isEmpty()) {
            Instant[] w = windows.pop();
            Page page = listWithRetries(site, keys, stream, query, w[0], w[1]);
            last = page.rateLimit();
            onRateLimit.accept(last);
            JsonNode data = page.data();
            long seconds = Duration.between(w[0], w[1]).toSeconds();
            if (data.size() >= limit && seconds > 1) {
                Instant mid = w[0].plusSeconds(seconds / 2);
                windows.push(new Instant[] { mid, w[1] });
                windows.push(new Instant[] { w[0], mid });
                continue;
            }
            if (data.size() >= limit) {
                throw new IllegalStateException("more than " + limit + " " + stream.id() + " in the one-second window "
                        + w[0] + ": splitting it by service is not supported yet");
            }
            for (JsonNode item : data) {
                try {
                    Parsed p = parser.parse(stream, item);
                    byId.put(p.id(), p);
                } catch (UnparseableEventException e) {
                    rejected++;
                    LOG.warnf("skipped an unreadable %s event: %s", stream.id(), e.getMessage());
                }
            }
        }
        return new Result(new ArrayList<>(byId.values()), rejected, last);
    }

    private record Page(JsonNode data, RateLimit rateLimit) {
    }

    private Page listWithRetries(DatadogSite site, Credentials keys, Stream stream, String query, Instant from,
            Instant to) {
        for (int attempt = 1;; attempt++) {
            DatadogResponse r = client.list(site, keys, stream, from, to, limit, query);
            if (r.ok()) {
                JsonNode data = data(r);
                if (data != null) {
                    return new Page(data, r.rateLimit());
                }
                if (attempt >= MAX_ATTEMPTS) {
                    throw new DatadogApiException(r.status(), "Datadog answered an unreadable body to list " + stream.id());
                }
            } else if (r.status() == 429) {
                Integer reset = r.rateLimit().reset();
                sleep(Duration.ofSeconds(reset == null ? 1 : Math.max(1, reset)));
                attempt--; // a 429 is pacing, not a failure
                continue;
            } else if (r.status() < 500 || attempt >= MAX_ATTEMPTS) {
                throw new DatadogApiException(r.status(), "Datadog refused list " + stream.id() + ": " + r.errorText());
            }
            sleep(Duration.ofMillis(250L << attempt));
        }
    }

    /** The {@code data} array of a list answer, or null when the body is not one (malformed, truncated). */
    private static JsonNode data(DatadogResponse r) {
        try {
            JsonNode data = DoraJson.mapper().readTree(r.body()).path("data");
            return data.isArray() ? data : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
