package io.dorastream.connector.datadog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.connector.config.ConnectorConfig.AuthorEmails;
import io.dorastream.connector.datadog.DatadogEventParser.Parsed;
import io.dorastream.connector.datadog.DatadogEventParser.UnparseableEventException;
import io.dorastream.events.Deployment;
import io.dorastream.events.DoraJson;
import io.dorastream.events.Incident;
import io.dorastream.events.Stream;

class DatadogEventParserTest {

    private final DatadogEventParser drop = new DatadogEventParser(AuthorEmails.DROP);

    static JsonNode json(String s) {
        try {
            return DoraJson.mapper().readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void readsADocumentedDeploymentAndKeepsUnknownAttributes() {
        Parsed p = drop.parse(Stream.DEPLOYMENTS, json("{'id':'4242fcdd31586083','type':'dora_deployment','attributes':{"
                + "'service':'shopist','env':'production','team':'backend','version':'v1.12.07',"
                + "'started_at':'2023-08-31T14:26:14Z','finished_at':'2023-08-31T14:26:24Z','custom_tags':['language:java'],"
                + "'git':{'commit_sha':'66adc9','repository_id':'github.com/org/repo'},'change_failure':true,"
                + "'recovery_time_sec':3600,'remediation':{'id':'abc','type':'rollback'},'deployment_type':'standard',"
                + "'commits':[{'sha':'1','timestamp':'2023-08-31T12:00:00Z','change_lead_time':8784,"
                + "'author':{'email':'a@b.c','canonical_email':'a@b.c','is_bot':false}}],'something_new':{'x':1}}}"));
        Deployment d = (Deployment) p.event();
        assertEquals("4242fcdd31586083", p.id());
        assertEquals("shopist", d.service());
        assertEquals(Instant.parse("2023-08-31T14:26:24Z"), d.finishedAt());
        assertEquals(List.of("language:java"), d.customTags());
        assertEquals("github.com/org/repo", d.git().repositoryId());
        assertTrue(d.changeFailure());
        assertEquals(3600L, d.recoveryTimeSec());
        assertEquals("rollback", d.remediation().type());
        assertEquals(8784.0, d.commits().get(0).changeLeadTimeSec());
        assertNull(d.commits().get(0).author().email(), "emails dropped by default");
        assertFalse(p.raw().path("commits").get(0).path("author").has("email"));
        assertEquals(1, p.raw().path("something_new").path("x").asInt(), "unknown attributes kept raw");
    }

    @ParameterizedTest
    @ValueSource(strings = { "1693491974000000000", "1693491974000", "1693491974", "'2023-08-31T14:26:14Z'",
            "'2023-08-31T16:26:14+02:00'" })
    void readsEpochNumbersOfAnyUnitAndRfc3339(String startedAt) {
        Parsed p = drop.parse(Stream.DEPLOYMENTS,
                json("{'id':'x','attributes':{'service':'s','started_at':" + startedAt + "}}"));
        assertEquals(Instant.parse("2023-08-31T14:26:14Z"), ((Deployment) p.event()).startedAt());
    }

    @Test
    void readsFailuresWithStringsOrArraysAndEitherType() {
        Incident a = (Incident) drop.parse(Stream.FAILURES, json("{'id':'f1','type':'dora_incident','attributes':{"
                + "'name':'outage','severity':'SEV-1','services':['a','b'],'env':'prod','team':['t1','t2'],"
                + "'started_at':'2026-01-01T00:00:00Z','time_to_restore':120}}")).event();
        assertEquals(List.of("a", "b"), a.services());
        assertEquals(List.of("prod"), a.envs());
        assertEquals(List.of("t1", "t2"), a.teams());
        assertEquals(120L, a.timeToRestoreSec());
        assertNull(a.finishedAt());
        Incident b = (Incident) drop.parse(Stream.FAILURES, json("{'id':'f2','type':'dora_failure','attributes':{"
                + "'service':'a','started_at':1767225600}}")).event();
        assertEquals(List.of("a"), b.services());
        assertEquals(List.of(), b.envs());
    }

    @Test
    void hashesOrKeepsEmailsWhenConfigured() {
        String item = "{'id':'x','attributes':{'service':'s','started_at':1,'commits':[{'author':{'email':'A@b.c'}}]}}";
        Deployment hashed = (Deployment) new DatadogEventParser(AuthorEmails.HASH).parse(Stream.DEPLOYMENTS, json(item)).event();
        assertEquals("sha256:d648b243a3e817eaa3309e00e183483f2867baadf522099f0c2121770536b25a", // SHA-256 of a@b.c
                hashed.commits().get(0).author().email());
        Deployment kept = (Deployment) new DatadogEventParser(AuthorEmails.KEEP).parse(Stream.DEPLOYMENTS, json(item)).event();
        assertEquals("A@b.c", kept.commits().get(0).author().email());
    }

    @Test
    void rejectsWhatCannotBeRead() {
        assertThrows(UnparseableEventException.class, () -> drop.parse(Stream.DEPLOYMENTS, json("{'attributes':{}}")));
        assertThrows(UnparseableEventException.class,
                () -> drop.parse(Stream.DEPLOYMENTS, json("{'id':'x','attributes':{'started_at':1}}")));
        assertThrows(UnparseableEventException.class,
                () -> drop.parse(Stream.DEPLOYMENTS, json("{'id':'x','attributes':{'service':'s','started_at':'yesterday'}}")));
        assertThrows(UnparseableEventException.class,
                () -> drop.parse(Stream.DEPLOYMENTS, json("{'id':'x','type':'dora_failure','attributes':{'service':'s','started_at':1}}")));
        assertThrows(UnparseableEventException.class,
                () -> drop.parse(Stream.DEPLOYMENTS, json("{'id':'x','attributes':{'service':'s','started_at':1,'change_failure':'maybe'}}")));
    }
}
