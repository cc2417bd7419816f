package io.dorastream.api.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

class BenchmarksTest {

    private final Benchmarks benchmarks = Benchmarks.builtIn();

    @Test
    void theIndexListsTheBenchmarksInTheirOrderWithTheDefault() {
        assertEquals("dora-2023", benchmarks.defaultBenchmark().name());
        assertEquals(benchmarks.all().get(0), benchmarks.defaultBenchmark());
        assertEquals(benchmarks.names(), benchmarks.all().stream().map(Benchmark::name).toList());
        assertTrue(benchmarks.names().contains("dora-2021"), benchmarks.names().toString());
    }

    @Test
    void everyBenchmarkHasItsTable() throws IOException {
        for (Benchmark b : benchmarks.all()) {
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
        assertEquals(benchmarks.defaultBenchmark(), benchmarks.find("dora-2023").orElseThrow());
    }

    @Test
    void namesAreWordsWithDashes() {
        assertThrows(IllegalArgumentException.class, () -> new Benchmark("DORA 2023"));
        assertThrows(NullPointerException.class, () -> new Benchmark(null));
    }
}
