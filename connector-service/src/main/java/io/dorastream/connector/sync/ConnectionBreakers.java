package io.dorastream.connector.sync;

import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.dorastream.connector.config.ConnectorConfig;
import io.smallrye.faulttolerance.api.Guard;

/**
 * One circuit breaker per connection (SmallRye Fault Tolerance's programmatic guards; a breaker
 * declared by annotation would be shared by every connection): a connection whose Datadog keeps
 * failing stops being polled for a while, and no other connection notices.
 */
@ApplicationScoped
public class ConnectionBreakers {

    /** What a guarded poll reports. */
    @FunctionalInterface
    public interface Poll {
        /** Runs the poll; false when Datadog failed it (the breaker counts it). */
        boolean run();
    }

    /** The outcome of a guarded poll. */
    public enum Outcome {
        SUCCEEDED,
        FAILED,
        /** The connection's breaker is open: the poll did not run. */
        PREVENTED
    }

    private static final class PollFailed extends RuntimeException {
        PollFailed() {
            super(null, null, false, false);
        }
    }

    private final ConnectorConfig.Datadog.Breaker settings;
    private final Map<UUID, Guard> guards = new ConcurrentHashMap<>();

    @Inject
    public ConnectionBreakers(ConnectorConfig config) {
        this(config.datadog().breaker());
    }

    ConnectionBreakers(ConnectorConfig.Datadog.Breaker settings) {
        this.settings = settings;
    }

    public Outcome run(UUID connectionId, Poll poll) {
        Guard guard = guards.computeIfAbsent(connectionId, id -> Guard.create()
                .withCircuitBreaker()
                .requestVolumeThreshold(settings.window())
                .failureRatio(settings.failureRatio())
                .delay(settings.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .failOn(PollFailed.class)
                .done()
                .build());
        try {
            guard.get(() -> {
                if (!poll.run()) {
                    throw new PollFailed();
                }
                return Boolean.TRUE;
            }, Boolean.class);
            return Outcome.SUCCEEDED;
        } catch (PollFailed e) {
            return Outcome.FAILED;
        } catch (CircuitBreakerOpenException e) {
            return Outcome.PREVENTED;
        }
    }

    /** Forgets a deleted connection's breaker (or resets it after its keys changed). */
    public void forget(UUID connectionId) {
        guards.remove(connectionId);
    }
}
