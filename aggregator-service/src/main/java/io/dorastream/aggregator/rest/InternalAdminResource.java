package io.dorastream.aggregator.rest;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.dorastream.aggregator.rollup.Rebuilder;

/** Operations for the platform team, behind the service token like every {@code /internal} call. */
@Path("/internal/admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class InternalAdminResource {

    private final Rebuilder rebuilder;

    public InternalAdminResource(Rebuilder rebuilder) {
        this.rebuilder = rebuilder;
    }

    @POST
    @Path("/rebuild")
    @Operation(summary = "Recompute every rollup and derived fact from the stored latest events (disaster recovery)",
            description = "Synchronous, in one transaction: ingestion waits meanwhile, queries keep reading the previous state."
                    + " Answers what was rebuilt.")
    public Rebuilder.Result rebuild() {
        return rebuilder.rebuild();
    }
}
