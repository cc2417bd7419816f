package io.dorastream.connector.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.dorastream.connector.config.ConnectorConfig.AuthorEmails;
import io.dorastream.connector.datadog.DatadogEventParser;
import io.dorastream.events.DoraJson;
import io.dorastream.events.Stream;

class PollSessionTest {

    private static final DatadogEventParser PARSER = new DatadogEventParser(AuthorEmails.DROP);

    private static boolean settled(Stream stream, String attributes) throws Exception {
        return PollSession.settled(PARSER.parse(stream,
                DoraJson.mapper().readTree("{\"id\":\"e1\",\"attributes\":" + attributes + "}")));
    }

    @Test
    void aDeploymentSettlesWithItsFinishAndVerdictAFailureWithItsFinish() throws Exception {
        String started = "\"service\":\"a\",\"started_at\":\"2026-01-01T00:00:00Z\"";
        String finished = started + ",\"finished_at\":\"2026-01-01T00:05:00Z\"";
        assertFalse(settled(Stream.DEPLOYMENTS, "{" + started + "}"), "no finished_at");
        assertFalse(settled(Stream.DEPLOYMENTS, "{" + finished + ",\"change_failure\":null}"), "not evaluated yet");
        assertTrue(settled(Stream.DEPLOYMENTS, "{" + finished + ",\"change_failure\":false}"));
        assertTrue(settled(Stream.DEPLOYMENTS, "{" + finished + ",\"change_failure\":true}"));
        assertTrue(settled(Stream.DEPLOYMENTS, "{" + finished + "}"), "an organisation without verdicts");
        assertFalse(settled(Stream.FAILURES, "{\"started_at\":\"2026-01-01T00:00:00Z\",\"services\":[\"a\"]}"), "open");
        assertTrue(settled(Stream.FAILURES, "{\"started_at\":\"2026-01-01T00:00:00Z\",\"finished_at\":\"2026-01-01T01:00:00Z\"}"));
    }
}
