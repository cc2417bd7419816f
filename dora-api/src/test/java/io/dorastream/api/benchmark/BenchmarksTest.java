package io.dorastream.api.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class BenchmarksTest {

    private final Benchmarks benchmarks = Benchmarks.builtIn();

    @Test
    void theIndexListsTheBenchmarksInTheirOrderWithTheDefault() {
        assertEquals("dora-2025", benchmarks.defaultBenchmark().name());
        assertEquals(benchmarks.all().get(0), benchmarks.defaultBenchmark());
        assertEquals(benchmarks.names(), benchmarks.all().stream().map(Benchmark::name).toList());
        assertTrue(benchmarks.names().contains("dora-2021"), benchmarks.names().toString());
    }

    @Test
    void everyBenchmarkWithLevelsHasItsTable() throws IOException {
        for (Benchmark b : benchmarks.all().stream().filter(Benchmark::levels).toList()) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(b.tableResource())) {
                assertTrue(in != null, b.tableResource());
                assertTrue(new String(in.readAllBytes()).contains("\"name\": \"" + b.name() + "\""), b.tableResource());
            }
        }
    }

    @Test
    void unknownNamesAreNotFound() {
        assertTrue(benchmarks.find("dora-1999").isEmpty());
        assertTrue(benchmarks.find(null).isEmpty());
        assertEquals(benchmarks.defaultBenchmark(), benchmarks.find("dora-2025").orElseThrow());
    }

    @Test
    void namesAreWordsWithDashes() {
        assertThrows(IllegalArgumentException.class, () -> new Benchmark("DORA 2023", "2023", true, false, Map.of()));
        assertThrows(NullPointerException.class, () -> new Benchmark(null, "2023", true, false, Map.of()));
    }

    @Test
    void groupsExactlyWithScores() {
        assertThrows(IllegalArgumentException.class, () -> new Benchmark("x", "2025", false, true, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new Benchmark("x", "2025", true, false, Map.of("industry", List.of("all"))));
    }

    @Test
    void dora2025HasScoresAndTheGroupsOfBothFamiliesWithoutLevels() {
        Benchmark b = benchmarks.find("dora-2025").orElseThrow();
        assertEquals(List.of("2025", false, true), List.of(b.edition(), b.levels(), b.scores()));
        assertEquals(List.of("industry", "orgSize"), List.copyOf(b.groups().keySet()));
        assertEquals(14, b.groups().get("industry").size());
        assertEquals("all", b.groups().get("industry").get(0));
        assertEquals(List.of("all", "solo", "fewer_than_10", "fewer_than_100", "fewer_than_500", "fewer_than_1000",
                "fewer_than_5000", "fewer_than_10000", "more_than_9999"), b.groups().get("orgSize"));
        for (Benchmark other : List.of(benchmarks.find("dora-2023").orElseThrow(), benchmarks.find("dora-2021").orElseThrow())) {
            assertEquals(List.of(true, false, Map.of()), List.of(other.levels(), other.scores(), other.groups()));
        }
        assertEquals(benchmarks.group("dora-2025", "industry", "all"), benchmarks.defaultGroup("dora-2025"));
        assertTrue(benchmarks.defaultGroup("dora-2023").isEmpty());
        assertTrue(benchmarks.group("dora-2025", "industry", "solo").isEmpty());
    }

    /** The reference's all-industries 2025 figures, made comparable with scores (higher is better). */
    @Test
    void theStatisticsAreComparableWithScores() {
        ComparisonGroup all = benchmarks.group("dora-2025", "industry", "all").orElseThrow();
        assertStat(5.5, 2.4, all.stat(Measure.LEAD_TIME));
        assertStat(4.8, 2.8, all.stat(Measure.DEPLOYMENT_FREQUENCY));
        assertStat(7.4, 2.1, all.stat(Measure.FAILED_DEPLOYMENT_RECOVERY_TIME));
        assertStat(8.1, 2.1, all.stat(Measure.CHANGE_FAILURE_RATE)); // 10 − 1.9
        assertStat(7.8, 2.2, all.stat(Measure.REWORK_RATE)); // 10 − 2.2
        assertStat(6.0, 2.1, all.stat(Measure.THROUGHPUT)); // as is
        assertStat(7.9, 2.0, all.stat(Measure.STABILITY)); // 10 − instability 2.1
        // recomputed: (5.5 + 4.8 + 7.4 + 8.1 + 7.8) / 5, the file's std kept (its mean, 4.3, mixes directions)
        assertStat(6.72, 1.2, all.stat(Measure.PERFORMANCE_AVERAGE));
        assertEquals("All industries", all.name());
    }

    /** The organisation-size file stores recovery time reversed: its "all" is the industry file's "all". */
    @Test
    void industryAllAndOrgSizeAllAreTheSameGroup() {
        ComparisonGroup industry = benchmarks.group("dora-2025", "industry", "all").orElseThrow();
        ComparisonGroup orgSize = benchmarks.group("dora-2025", "orgSize", "all").orElseThrow();
        for (Measure m : Measure.values()) {
            assertEquals(industry.stat(m).mean(), orgSize.stat(m).mean(), 1e-12, m.key());
            assertEquals(industry.stat(m).std(), orgSize.stat(m).std(), 1e-12, m.key());
        }
        // a group of its own: the file's 2.8 for "solo" is 10 − 7.2
        assertStat(7.2, 2.6, benchmarks.group("dora-2025", "orgSize", "solo").orElseThrow()
                .stat(Measure.FAILED_DEPLOYMENT_RECOVERY_TIME));
    }

    @Test
    void aGroupFileMissingAMeasureIsRefused() throws IOException {
        JsonNode file = new ObjectMapper().readTree("{\"all\": {\"name\": \"x\", \"leadtime\": {\"mean\": 1, \"std\": 1}}}");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Benchmarks.family(file, "industry", "2025", Set.of()));
        assertTrue(e.getMessage().contains("deployfreq"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Benchmarks.family(file, "industry", "2025", Set.of("recovery")));
    }

    private static void assertStat(double mean, double std, ComparisonGroup.Stat s) {
        assertEquals(mean, s.mean(), 1e-9, "mean");
        assertEquals(std, s.std(), 1e-9, "std");
    }
}
