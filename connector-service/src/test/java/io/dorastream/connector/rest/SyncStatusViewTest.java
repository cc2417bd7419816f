package io.dorastream.connector.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.dorastream.connector.connection.ConnectionEntity;
import io.dorastream.connector.connection.ConnectionStatus;
import io.dorastream.connector.connection.ErrorSource;
import io.dorastream.connector.connection.Spelled;
import io.dorastream.connector.connection.StreamState;
import io.dorastream.connector.connection.StreamStateEntity;

class SyncStatusViewTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private static StreamStateEntity stream(String name, String state, String lastError) {
        StreamStateEntity s = new StreamStateEntity();
        s.stream = name;
        s.state = Spelled.parse(StreamState.class, state);
        s.available = true;
        s.lastError = lastError;
        s.lastErrorSource = lastError == null ? null : ErrorSource.DATADOG;
        s.nextPollAt = NOW.plusSeconds(240);
        s.backfillFrom = NOW.minusSeconds(86_400);
        s.position = NOW.minusSeconds(60);
        return s;
    }

    private static ConnectionEntity connection(String status, boolean paused) {
        ConnectionEntity c = new ConnectionEntity();
        c.id = UUID.randomUUID();
        c.status = Spelled.parse(ConnectionStatus.class, status);
        c.paused = paused;
        return c;
    }

    @Test
    void bothStreamsOfARefusedConnectionSayWhyWhicheverMetTheRefusal() {
        String refusal = "Datadog answered HTTP 403: Forbidden";
        SyncStatusView view = SyncStatusView.of(connection("unauthorized", false),
                List.of(stream("deployments", "live", null), stream("failures", "unauthorized", refusal)), NOW);
        assertEquals("unauthorized", view.streams().get("deployments").state().spelling());
        assertEquals(refusal, view.streams().get("deployments").lastError().message());
        assertEquals("unauthorized", view.streams().get("failures").state().spelling());
        assertEquals(refusal, view.streams().get("failures").lastError().message());
        // the refused stream probes the keys again; both say when
        assertEquals(NOW.plusSeconds(240), view.streams().get("deployments").nextProbeAt());
        assertEquals(NOW.plusSeconds(240), view.streams().get("failures").nextProbeAt());
    }

    @Test
    void anErrorSaysWhoseItIs() {
        StreamStateEntity ours = stream("failures", "failing", "Kafka did not acknowledge a record");
        ours.lastErrorSource = ErrorSource.DORASTREAM;
        ours.lastErrorKind = "kafka";
        ours.lastErrorAt = NOW.minusSeconds(5);
        SyncStatusView view = SyncStatusView.of(connection("active", false), List.of(stream("deployments", "live", null), ours),
                NOW);
        SyncStatusView.StreamError e = view.streams().get("failures").lastError();
        assertEquals(new SyncStatusView.StreamError(ErrorSource.DORASTREAM, "kafka", "Kafka did not acknowledge a record",
                NOW.minusSeconds(5)), e);
        assertNull(view.streams().get("failures").nextProbeAt(), "only refused keys are probed");
    }

    @Test
    void aStreamKeepsItsOwnErrorOtherwise() {
        SyncStatusView view = SyncStatusView.of(connection("failing", false),
                List.of(stream("deployments", "live", null), stream("failures", "failing", "HTTP 500")), NOW);
        assertEquals("live", view.streams().get("deployments").state().spelling());
        assertNull(view.streams().get("deployments").lastError());
        assertEquals("HTTP 500", view.streams().get("failures").lastError().message());

        SyncStatusView paused = SyncStatusView.of(connection("unauthorized", true),
                List.of(stream("deployments", "live", null), stream("failures", "unauthorized", "HTTP 403")), NOW);
        assertEquals("paused", paused.streams().get("deployments").state().spelling());
        assertNull(paused.streams().get("deployments").lastError());
    }
}
