package io.dorastream.connector.datadog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
        String item = "{'id':'x','attributes':{'service':'s','started_at':1767225600,'commits':[{'author':{'email':'A@b.c'}}]}}";
        DatadogEventParser hashing = new DatadogEventParser(AuthorEmailPolicy.hash("installation-salt-1"), (st, a) -> {
        });
        Parsed parsed = hashing.parse(Stream.DEPLOYMENTS, json(item));
        Deployment hashed = (Deployment) parsed.event();
        // HMAC-SHA256 of "a@b.c" under the key "installation-salt-1", computed independently:
        // printf 'a@b.c' | openssl dgst -sha256 -hmac installation-salt-1
        assertEquals("hmac-sha256:962ebd5543b2c1557b9a75fc330def818f0c9cb1d74a07f5cb125c50ab8cb581", hashed.commits().get(0).author().email());
        assertNotEquals(hashed.commits().get(0).author().email(), ((Deployment) new DatadogEventParser(
                AuthorEmailPolicy.hash("another-installation"), (st, a) -> {
                }).parse(Stream.DEPLOYMENTS, json(item)).event()).commits().get(0).author().email(),
                "another installation's salt gives another token");
        assertFalse(parsed.raw().toString().toLowerCase().contains("a@b.c"), "the raw part carries the token too");
        Deployment kept = (Deployment) new DatadogEventParser(AuthorEmails.KEEP).parse(Stream.DEPLOYMENTS, json(item)).event();
        assertEquals("A@b.c", kept.commits().get(0).author().email());
    }

    @Test
    void hashingWithoutAUsableSaltIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> AuthorEmailPolicy.hash(null));
        assertThrows(IllegalArgumentException.class, () -> AuthorEmailPolicy.hash("   short-salt   "));
        assertThrows(IllegalArgumentException.class, () -> new DatadogEventParser(AuthorEmails.HASH));
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
    }

    /**
     * 2026's live shapes: one malformed optional attribute costs that attribute (counted by name),
     * never the event; only the id, the service and started_at are required.
     */
    @ParameterizedTest
    @ValueSource(strings = { "'number_of_pull_requests':3000000000|number_of_pull_requests",
            "'duration':'PT744S'|duration", "'number_of_commits':'n/a'|number_of_commits",
            "'created_at':'2026-13-45T99:00:00Z'|created_at", "'duration':'NaN'|duration",
            "'change_failure':'pending'|change_failure", "'recovery_time_sec':1e300|recovery_time_sec",
            "'finished_at':{'x':1}|finished_at", "'pull_requests':[{'created_at':'soon','merged_at':'2026-01-02T00:00:00Z'}]"
                    + "|pull_requests.created_at",
            "'commits':[{'sha':'1','timestamp':true,'change_lead_time':'fast'}]|commits.timestamp,commits.change_lead_time" })
    void dropsAMalformedOptionalAttributeAndKeepsTheEvent(String attributeAndDropped) {
        String[] parts = attributeAndDropped.split("\\|");
        List<String> dropped = new java.util.ArrayList<>();
        DatadogEventParser parser = new DatadogEventParser(AuthorEmailPolicy.DROP, (stream, name) -> {
            assertEquals(Stream.DEPLOYMENTS, stream);
            dropped.add(name);
        });
        Parsed p = parser.parse(Stream.DEPLOYMENTS, json("{'id':'x','attributes':{'service':'s',"
                + "'started_at':'2026-01-01T00:00:00Z','number_of_commits':2," + parts[0] + "}}"));
        Deployment d = (Deployment) p.event();
        assertEquals("s", d.service());
        assertEquals(List.of(parts[1].split(",")), dropped);
        assertTrue(p.raw().has(parts[0].substring(1, parts[0].indexOf('\'', 1))), "the raw part keeps what was sent");
        if (!parts[1].startsWith("number_of_commits")) {
            assertEquals(2, d.numberOfCommits(), "the other attributes are read");
        }
    }

    @Test
    void aFailureWithAMalformedRestoreTimeIsKept() {
        List<String> dropped = new java.util.ArrayList<>();
        Incident i = (Incident) new DatadogEventParser(AuthorEmailPolicy.DROP, (s, a) -> dropped.add(s.id() + ":" + a))
                .parse(Stream.FAILURES, json("{'id':'f','attributes':{'service':['a'],'started_at':'2026-01-01T00:00:00Z',"
                        + "'finished_at':'2026-01-01T01:00:00Z','time_to_restore':'n/a'}}")).event();
        assertEquals(Instant.parse("2026-01-01T01:00:00Z"), i.finishedAt());
        assertNull(i.timeToRestoreSec());
        assertEquals(List.of("failures:time_to_restore"), dropped);
    }

    /** Datadog's Go backend writes an unset time as year 1, the old integer format as 0: still running or open. */
    @ParameterizedTest
    @ValueSource(strings = { "'0001-01-01T00:00:00Z'", "0", "-1", "'1970-01-01T00:00:00Z'", "'1999-12-31T23:59:59Z'" })
    void aPlaceholderTimeIsAbsent(String finishedAt) {
        Deployment d = (Deployment) drop.parse(Stream.DEPLOYMENTS, json("{'id':'x','attributes':{'service':'s',"
                + "'started_at':'2026-01-01T00:00:00Z','finished_at':" + finishedAt + ",'pull_requests':[{'created_at':"
                + finishedAt + "}]}}")).event();
        assertNull(d.finishedAt(), "running, not finished in year 1");
        assertNull(d.pullRequests().get(0).createdAt());
        Incident i = (Incident) drop.parse(Stream.FAILURES, json("{'id':'f','attributes':{'service':'a',"
                + "'started_at':'2026-01-01T00:00:00Z','finished_at':" + finishedAt + "}}")).event();
        assertNull(i.finishedAt(), "open, not restored in year 1");
        assertThrows(UnparseableEventException.class, () -> drop.parse(Stream.DEPLOYMENTS,
                json("{'id':'x','attributes':{'service':'s','started_at':" + finishedAt + "}}")), "started_at is required");
    }

    /** Whatever the item's shape, the only exception is UnparseableEventException. */
    @ParameterizedTest
    @ValueSource(strings = { "{'id':'x','attributes':{'service':{'a':1},'started_at':1767225600}}",
            "{'id':'x','attributes':{'service':'s','started_at':[1]}}",
            "{'id':'x','attributes':{'service':'s','started_at':1e400}}",
            "{'id':'x','attributes':{'service':'s','started_at':'99999999999999999999999999999'}}",
            "{'id':['x'],'attributes':{'service':'s','started_at':1767225600}}" })
    void noOtherExceptionEscapes(String item) {
        assertThrows(UnparseableEventException.class, () -> drop.parse(Stream.DEPLOYMENTS, json(item)));
    }
}
