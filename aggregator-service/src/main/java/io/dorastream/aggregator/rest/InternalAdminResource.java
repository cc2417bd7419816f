package io.dorastream.aggregator.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.dorastream.aggregator.rollup.RebuildJob;

/** Operations for the platform team, behind the service token like every {@code /internal} call. */
@Path("/internal/admin/rebuild")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class InternalAdminResource {

    private final RebuildJob rebuild;

    public InternalAdminResource(RebuildJob rebuild) {
        this.rebuild = rebuild;
    }

    @POST
    @Operation(summary = "Recompute every rollup and derived fact from the stored latest events (disaster recovery)",
            description = "Starts the rebuild in the background and answers at once; GET on the same path reports it."
                    + " One transaction: ingestion waits meanwhile, queries keep reading the previous state."
                    + " Asked again while one runs, answers the running one.")
    @APIResponse(responseCode = "202", description = "the rebuild running now",
            content = @Content(schema = @Schema(implementation = RebuildJob.Status.class)))
    public Response start() {
        return Response.accepted(rebuild.start()).header("Location", "/internal/admin/rebuild").build();
    }

    @GET
    @Operation(summary = "Where the last rebuild asked of this aggregator stands (idle, running, succeeded with what it did, failed)")
    public RebuildJob.Status status() {
        return rebuild.status();
    }
}
