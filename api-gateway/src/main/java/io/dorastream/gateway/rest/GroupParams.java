package io.dorastream.gateway.rest;

import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.dorastream.api.benchmark.Benchmarks;

/**
 * The comparison group of a benchmark with scores, {@code industry=<key>} or {@code orgSize=<key>};
 * the values are the contract's ({@link Benchmarks}), written into the document by its filter and
 * served by {@code /api/v1/metrics/benchmarks}.
 */
public class GroupParams {

    @QueryParam(Benchmarks.INDUSTRY)
    @Parameter(description = "compare the scores with this industry of DORA's data (a benchmark with scores only;"
            + " default all; not with orgSize)", schema = @Schema(type = SchemaType.STRING))
    public String industry;

    @QueryParam(Benchmarks.ORG_SIZE)
    @Parameter(description = "compare the scores with this organisation size of DORA's data (a benchmark with scores only;"
            + " not with industry)", schema = @Schema(type = SchemaType.STRING))
    public String orgSize;
}
