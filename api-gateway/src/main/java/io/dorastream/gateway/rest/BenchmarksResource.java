package io.dorastream.gateway.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.dorastream.api.benchmark.BenchmarkList;
import io.dorastream.api.benchmark.Benchmarks;
import io.dorastream.gateway.auth.Roles;

/**
 * The benchmarks the metrics can be judged by, with their comparison groups (viewer role), answered
 * by the gateway itself from the contract's one definition ({@link Benchmarks}): a dashboard offers
 * what this lists instead of a copy of its own.
 */
@Path("/api/v1/metrics/benchmarks")
@Tag(name = "metrics")
@SecurityRequirement(name = "bearer")
public class BenchmarksResource {

    @GET
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The benchmarks (name, edition, whether they give levels or scores, comparison groups per family) and the default")
    @APIResponse(responseCode = "200", description = "the benchmarks",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BenchmarkList.class)))
    public BenchmarkList benchmarks() {
        return Benchmarks.builtIn().list();
    }
}
