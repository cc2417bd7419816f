package io.dorastream.api.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.dorastream.api.benchmark.Benchmarks;
import io.dorastream.api.benchmark.ComparisonGroup;

class QueryRulesTest {

    @Test
    void everyOffendingParameterIsNamedInOrder() {
        QueryRules rules = QueryRules.publicApi();
        rules.window("soon", "2026-04-01");
        rules.benchmark("dora-1999");
        rules.limit("0", 100, 500);
        rules.flag("failed", "yes");
        rules.filter("service", Collections.nCopies(1, "x".repeat(201)));
        assertEquals(List.of("from", "benchmark", "limit", "failed", "service"), List.copyOf(rules.errors().keySet()));
        assertEquals("'dora-1999' is not one of dora-2025, dora-2023, dora-2021", rules.errors().get("benchmark"));
        assertEquals("invalid query parameters: from, benchmark, limit, failed, service", rules.detail());
    }

    @Test
    void aWindowAloneKeepsItsOwnDetail() {
        QueryRules rules = QueryRules.publicApi();
        rules.window("2024-01-01", "2026-01-02");
        assertEquals("the window is longer than 731 days", rules.detail());
        assertEquals(Map.of("to", "at most 731 days after from"), rules.errors());
    }

    @Test
    void theInternalApiTakesInstantsOnly() {
        QueryRules rules = QueryRules.internalApi();
        assertNull(rules.window("2026-03-01", "2026-04-01T00:00:00Z"));
        assertEquals(Map.of("from", "'2026-03-01' is not an RFC 3339 instant"), rules.errors());
        QueryWindow w = QueryRules.internalApi().window("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z");
        assertEquals(Instant.parse("2026-03-01T00:00:00Z"), w.from());
    }

    @Test
    void yearsBeyondFourDigitsAreOutOfRange() {
        QueryRules rules = QueryRules.internalApi();
        assertNull(rules.window("9999-12-31T00:00:00Z", "+10000-01-01T00:00:00Z"));
        assertEquals(Map.of("to", "'+10000-01-01T00:00:00Z' is out of range (years 0000 to 9999)"), rules.errors());
    }

    @Test
    void defaultsFillAbsentValues() {
        QueryRules rules = QueryRules.publicApi();
        assertEquals("dora-2025", rules.benchmark(" "));
        assertEquals(100, rules.limit(null, 100, 500));
        assertEquals(false, rules.flag("failed", null));
        assertEquals(List.of("a", "b"), rules.filter("team", Arrays.asList(" b", "a", "", null, "b")));
        assertTrue(rules.ok());
    }

    @Test
    void theComparisonGroupDefaultsToEveryIndustryUnderABenchmarkWithScores() {
        QueryRules rules = QueryRules.publicApi();
        ComparisonGroup g = rules.comparisonGroup("dora-2025", null, " ");
        assertEquals(List.of("industry", "all", "2025"), List.of(g.family(), g.key(), g.edition()));
        ComparisonGroup org = rules.comparisonGroup("dora-2025", "", " fewer_than_100 ");
        assertEquals(List.of("orgSize", "fewer_than_100"), List.of(org.family(), org.key()));
        assertNull(rules.comparisonGroup("dora-2023", null, null), "no group without scores");
        assertTrue(rules.ok(), rules.errors().toString());
    }

    @Test
    void aGroupWithABenchmarkWithoutScoresIsRefusedNamingTheOneWithScores() {
        QueryRules rules = QueryRules.publicApi();
        assertNull(rules.comparisonGroup("dora-2023", "technology", "solo"));
        assertEquals(Map.of("industry", "only with a benchmark with scores (benchmark=dora-2025); dora-2023 has none",
                "orgSize", "only with a benchmark with scores (benchmark=dora-2025); dora-2023 has none"), rules.errors());
    }

    @Test
    void bothFamiliesAtOnceAreRefused() {
        QueryRules rules = QueryRules.publicApi();
        assertNull(rules.comparisonGroup("dora-2025", "technology", "solo"));
        assertEquals(List.of("industry", "orgSize"), List.copyOf(rules.errors().keySet()));
        assertTrue(rules.errors().get("orgSize").contains("not with industry"), rules.errors().toString());
    }

    @Test
    void anUnknownKeyIsRefusedNamingTheKeysOfItsFamily() {
        QueryRules rules = QueryRules.publicApi();
        assertNull(rules.comparisonGroup("dora-2025", "banking", null));
        assertEquals("'banking' is not one of " + String.join(", ",
                Benchmarks.builtIn().find("dora-2025").orElseThrow().groups().get("industry")), rules.errors().get("industry"));
        assertTrue(rules.errors().get("industry").contains("financial_services"), rules.errors().toString());
        QueryRules org = QueryRules.publicApi();
        assertNull(org.comparisonGroup("dora-2025", null, "huge"));
        assertTrue(org.errors().get("orgSize").startsWith("'huge' is not one of all, solo, fewer_than_10,"), org.errors().toString());
    }

    @Test
    void aRefusedBenchmarkLeavesTheGroupUnjudged() {
        QueryRules rules = QueryRules.publicApi();
        String b = rules.benchmark("dora-1999");
        assertNull(rules.comparisonGroup(b, "technology", null));
        assertEquals(List.of("benchmark"), List.copyOf(rules.errors().keySet()));
    }

    @Test
    void aControlCharacterAnywhereInAFilterValueIsRefusedByName() {
        for (String v : List.of("a\u0000b", "\u0000", "x\u0001", "\u007f", "a\u0085", "lone\r", "\tpadded")) {
            QueryRules rules = QueryRules.publicApi();
            assertNull(rules.filter("service", List.of("ok", v)), v);
            assertEquals(Map.of("service", InputText.CONTROL_CHARACTER), rules.errors());
        }
        assertEquals(List.of("caf\u00e9 \u2014 \ud83d\ude80"), QueryRules.publicApi().filter("team", List.of("caf\u00e9 \u2014 \ud83d\ude80")));
    }
}
