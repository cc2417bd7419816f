package io.dorastream.api.benchmark;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One benchmark figures can be judged by, as {@code benchmarks/index.json} lists it (also the JSON of
 * {@code GET /api/v1/metrics/benchmarks}). A benchmark with levels has its table at
 * {@link #tableResource()}; one with scores positions them in comparison groups, listed per family.
 *
 * @param name    the name callers pass as {@code benchmark} (e.g. {@code dora-2023})
 * @param edition the year of the DORA report or data it follows
 * @param levels  whether figures get a {@code level} (elite … low) under it
 * @param scores  whether the five scored figures get a {@code score} and {@code position} and answers a {@code profile}
 * @param groups  the comparison groups per family ({@code industry}, {@code orgSize}), their keys in order; empty without scores
 */
@Schema(description = "A benchmark the figures can be judged by (docs/metrics.md)")
public record Benchmark(
        @Schema(required = true, example = "dora-2025") String name,
        @Schema(required = true, example = "2025") String edition,
        @Schema(required = true, description = "whether figures carry a level (elite, high, medium, low)") boolean levels,
        @Schema(required = true, description = "whether scored figures carry score and position, and answers a profile") boolean scores,
        @Schema(required = true, description = "comparison group keys per family (industry, orgSize), passed as industry=<key> or orgSize=<key>")
        Map<String, List<String>> groups) {

    public Benchmark {
        Objects.requireNonNull(name, "a benchmark needs a name");
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("benchmark name '" + name + "' is not lower-case letters, digits and dashes");
        }
        Objects.requireNonNull(edition, "benchmark " + name + " needs an edition");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        (groups == null ? Map.<String, List<String>>of() : groups).forEach((k, v) -> copy.put(k, List.copyOf(v)));
        groups = Collections.unmodifiableMap(copy);
        if (scores == groups.isEmpty()) {
            throw new IllegalArgumentException("benchmark " + name + ": comparison groups exactly when it has scores");
        }
    }

    /** The classpath resource of the benchmark's level table (when it has {@link #levels()}). */
    public String tableResource() {
        return Benchmarks.DIRECTORY + name + ".json";
    }
}
