package io.dorastream.connector.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.dorastream.connector.ConnectorTestResources;
import io.dorastream.events.Stream;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Replicas share streams through row leases: concurrent claims never hand one stream to two
 * replicas, an expired lease is taken over, and the replica that lost it can no longer save. The
 * application's own scheduler is paused, and the test's streams fall due only in the year 3000,
 * an instant that the test passes to its claims: no other stream is touched by the test, and the
 * application's scheduler (whose tick may still run between two tests) never claims the test's
 * streams.
 */
@QuarkusTest
@ConnectorTestResources
class StreamLeasesTest {

    private static final Instant DUE = Instant.parse("3000-01-02T00:00:00Z");
    private static final Instant NOW = Instant.parse("3000-01-03T00:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(30);

    @Inject
    DataSource dataSource;
    @Inject
    StreamLeases appLeases;
    @Inject
    SyncStateRepository repository;
    @Inject
    Scheduler scheduler;

    private final List<UUID> connections = new ArrayList<>();

    @BeforeEach
    void pauseAndInsert() throws Exception {
        scheduler.pause();
        for (int i = 0; i < 20; i++) {
            connections.add(insertConnection("lease-" + i));
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM connection WHERE id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("uuid", connections.toArray()));
            ps.executeUpdate();
        }
        connections.clear();
        scheduler.resume();
    }

    @Test
    void concurrentClaimsNeverShareAStream() throws Exception {
        List<StreamLeases> replicas = List.of(new StreamLeases("replica-a", TTL),
                new StreamLeases("replica-b", TTL));
        Map<String, String> holders = new ConcurrentHashMap<>();
        Set<String> overlaps = ConcurrentHashMap.newKeySet();
        Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                StreamLeases replica = replicas.get(t % 2);
                workers.add(threads.submit(() -> {
                    for (int round = 0; round < 40; round++) {
                        for (SyncStateRepository.Due due : replica.claim(NOW, false, 3)) {
                            String key = due.connectionId() + "/" + due.stream().id();
                            String before = holders.putIfAbsent(key, replica.replicaId() + "#" + due.epoch());
                            if (before != null) {
                                overlaps.add(key + " held by " + before + " and " + replica.replicaId());
                                continue;
                            }
                            polls.computeIfAbsent(replica.replicaId(), r -> new AtomicInteger()).incrementAndGet();
                            Thread.sleep(2); // "polling" while the other replica claims
                            holders.remove(key);
                            replica.release(due);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(Set.of(), overlaps);
        assertTrue(polls.size() == 2 && polls.values().stream().allMatch(n -> n.get() > 0),
                "both replicas polled: " + polls);
    }

    @Test
    void anExpiredLeaseIsTakenOverAndTheLoserCannotSave() throws Exception {
        StreamLeases other = new StreamLeases("replica-b", TTL);
        List<SyncStateRepository.Due> mine = appLeases.claim(NOW, false, 100);
        assertEquals(40, mine.size(), "every due stream of the test is claimed once");
        assertEquals(List.of(), other.claim(NOW.plus(TTL).minusSeconds(1), false, 100), "unexpired leases are kept");

        SyncStateRepository.Due stale = mine.get(0);
        List<SyncStateRepository.Due> taken = other.claim(NOW.plus(TTL).plusSeconds(1), false, 100);
        assertEquals(40, taken.size(), "expired leases are taken over");
        SyncStateRepository.Due fresh = taken.stream()
                .filter(d -> d.connectionId().equals(stale.connectionId()) && d.stream() == stale.stream())
                .findFirst().orElseThrow();
        assertEquals(stale.epoch() + 1, fresh.epoch());

        assertFalse(appLeases.renew(stale, NOW.plusSeconds(5)), "the lost lease cannot be renewed");
        assertThrows(SyncStateRepository.LeaseLostException.class, () -> repository.windowDone(stale, List.of(), List.of(),
                NOW, false, null, NOW, NOW, null));
        assertNull(position(stale), "the stale replica did not move the position");

        assertEquals(40, other.releaseAll(), "a stopping replica gives every lease back");
        assertEquals(40, appLeases.claim(NOW, false, 100).size(), "released streams are claimable at once");
    }

    @Test
    void liveStreamsAreClaimedSeparately() throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE stream_state SET state = 'live' WHERE connection_id = ?")) {
            ps.setObject(1, connections.get(0));
            ps.executeUpdate();
        }
        List<SyncStateRepository.Due> live = appLeases.claim(NOW, true, 100);
        assertEquals(Set.of(connections.get(0)), new HashSet<>(live.stream().map(SyncStateRepository.Due::connectionId).toList()));
        List<SyncStateRepository.Due> others = appLeases.claim(NOW, false, 100);
        assertEquals(38, others.size());
        // Only the test's own leases are given back: the application's running polls keep theirs.
        live.forEach(appLeases::release);
        others.forEach(appLeases::release);
    }

    /**
     * Refused keys stop the connection, but the stream that met the refusal is claimed again after the
     * probe backoff (2 s, then 4 s in the test profile) — and stays the prober whatever else fails it —
     * until a poll gets through and resumes the other stream.
     */
    @Test
    void refusedKeysAreProbedByTheRefusedStreamUntilAPollGetsThrough() throws Exception {
        UUID refused = connections.get(0);
        SyncStateRepository.Due probe = claimOf(refused, NOW);
        assertEquals(Stream.DEPLOYMENTS, probe.stream());
        assertEquals(NOW.plusSeconds(2), repository.pollFailed(probe, SyncFailures.classify(
                new io.dorastream.connector.datadog.DatadogApiException(403, "Forbidden")), NOW, null));
        appLeases.release(probe);
        assertEquals("unauthorized", status(refused));
        assertEquals(List.of(), claimsOf(refused, NOW.plusSeconds(1)), "neither stream before the probe is due");
        assertEquals(List.of(Stream.DEPLOYMENTS), claimsOf(refused, NOW.plusSeconds(2)).stream()
                .map(SyncStateRepository.Due::stream).toList(), "only the refused stream probes");

        // Datadog failing the probe: still the prober, tried again after the doubled wait
        probe = claimOf(refused, NOW.plusSeconds(2));
        assertEquals(NOW.plusSeconds(6), repository.pollFailed(probe, SyncFailures.classify(
                new io.dorastream.connector.datadog.DatadogApiException(503, "Service Unavailable")), NOW.plusSeconds(2), null));
        appLeases.release(probe);
        assertEquals("unauthorized", status(refused));
        assertEquals(List.of(), claimsOf(refused, NOW.plusSeconds(5)));

        probe = claimOf(refused, NOW.plusSeconds(6));
        repository.windowDone(probe, List.of(), List.of(), NOW, false, null, NOW.plusSeconds(6), NOW.plusSeconds(6), null);
        appLeases.release(probe);
        assertEquals("active", status(refused));
        assertEquals(Set.of(Stream.DEPLOYMENTS, Stream.FAILURES), new HashSet<>(claimsOf(refused, NOW.plusSeconds(6)).stream()
                .map(SyncStateRepository.Due::stream).toList()), "both streams resume");
    }

    /** Claims at {@code now} and keeps (then releases) only the claims of {@code connection}. */
    private List<SyncStateRepository.Due> claimsOf(UUID connection, Instant now) {
        List<SyncStateRepository.Due> claimed = appLeases.claim(now, false, 100);
        claimed.forEach(appLeases::release);
        return claimed.stream().filter(d -> d.connectionId().equals(connection)).toList();
    }

    /** The one stream of {@code connection} due at {@code now}, claimed (the others' leases given back). */
    private SyncStateRepository.Due claimOf(UUID connection, Instant now) {
        List<SyncStateRepository.Due> claimed = appLeases.claim(now, false, 100);
        SyncStateRepository.Due mine = null;
        for (SyncStateRepository.Due d : claimed) {
            if (mine == null && d.connectionId().equals(connection) && d.stream() == Stream.DEPLOYMENTS) {
                mine = d;
            } else {
                appLeases.release(d);
            }
        }
        assertTrue(mine != null, "the deployments stream of " + connection + " is claimable at " + now);
        return mine;
    }

    private String status(UUID connection) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT status FROM connection WHERE id = ?")) {
            ps.setObject(1, connection);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private UUID insertConnection(String name) throws Exception {
        UUID id = UUID.randomUUID();
        Timestamp due = Timestamp.from(DUE);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO connection (id, name, site, api_key_enc, app_key_enc,"
                    + " api_key_hint, app_key_hint, backfill_days, poll_interval_seconds, status, created_at, updated_at)"
                    + " VALUES (?, ?, 'datadoghq.com', 'x', 'x', '…x', '…x', 30, 60, 'active', ?, ?)")) {
                ps.setObject(1, id);
                ps.setString(2, name);
                ps.setTimestamp(3, due);
                ps.setTimestamp(4, due);
                ps.executeUpdate();
            }
            for (Stream s : Stream.values()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO stream_state (connection_id, stream, state,"
                        + " available, backfill_from, next_poll_at) VALUES (?, ?, 'backfilling', true, ?, ?)")) {
                    ps.setObject(1, id);
                    ps.setString(2, s.id());
                    ps.setTimestamp(3, due);
                    ps.setTimestamp(4, due);
                    ps.executeUpdate();
                }
            }
        }
        return id;
    }

    private Instant position(SyncStateRepository.Due due) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT position FROM stream_state WHERE connection_id = ? AND stream = ?")) {
            ps.setObject(1, due.connectionId());
            ps.setString(2, due.stream().id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return t == null ? null : t.toInstant();
            }
        }
    }
}
