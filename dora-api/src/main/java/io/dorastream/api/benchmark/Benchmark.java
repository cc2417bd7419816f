package io.dorastream.api.benchmark;

import java.util.Objects;

/**
 * One benchmark the DORA levels can be judged by, as {@code benchmarks/index.json} lists it; its
 * table (the thresholds) is {@link #tableResource()}. Further properties of a benchmark (e.g. its
 * comparison groups) join this record and the index entry together.
 *
 * @param name the name callers pass as {@code benchmark} (e.g. {@code dora-2023})
 */
public record Benchmark(String name) {

    public Benchmark {
        Objects.requireNonNull(name, "a benchmark needs a name");
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("benchmark name '" + name + "' is not lower-case letters, digits and dashes");
        }
    }

    /** The classpath resource of the benchmark's table. */
    public String tableResource() {
        return Benchmarks.DIRECTORY + name + ".json";
    }
}
