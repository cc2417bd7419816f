package io.dorastream.api.benchmark;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The benchmarks on offer and the default ({@code GET /api/v1/metrics/benchmarks}). */
@Schema(description = "The benchmarks the metrics can be judged by, and the one used when a query names none")
public record BenchmarkList(
        @JsonProperty("default") @Schema(name = "default", required = true, description = "the benchmark used when a query names none")
        String defaultBenchmark,
        @Schema(required = true) List<Benchmark> benchmarks) {
}
