package io.dorastream.gateway.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.dorastream.gateway.api.EventShapes;
import io.dorastream.gateway.auth.Roles;
import io.dorastream.gateway.client.AggregatorBackend;

/** The deployments and incidents behind the figures, newest first, a page at a time (viewer role). */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "events")
@SecurityRequirement(name = "bearer")
public class EventsResource {

    static final int MAX_LIMIT = 500;

    private final AggregatorBackend aggregator;

    public EventsResource(AggregatorBackend aggregator) {
        this.aggregator = aggregator;
    }

    @GET
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    @Path("/deployments")
    @Operation(summary = "Deployments of a window and filters, newest first")
    @APIResponse(responseCode = "200", description = "a page of deployments",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EventShapes.DeploymentPage.class)))
    public Response deployments(@BeanParam ScopeParams scope, @BeanParam PageParams page,
            @QueryParam("failed") @Parameter(description = "true: only deployments whose change-failure verdict is failed",
                    schema = @Schema(type = SchemaType.BOOLEAN)) String failed) {
        ApiQuery q = page.apply(scope.query()).flag("failed", failed).build();
        return aggregator.deployments(q.toMultivaluedMap()).toResponse();
    }

    @GET
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    @Path("/incidents")
    @Operation(summary = "Incidents of a window and filters, newest first")
    @APIResponse(responseCode = "200", description = "a page of incidents",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EventShapes.IncidentPage.class)))
    public Response incidents(@BeanParam ScopeParams scope, @BeanParam PageParams page) {
        ApiQuery q = page.apply(scope.query()).build();
        return aggregator.incidents(q.toMultivaluedMap()).toResponse();
    }

    /** {@code limit} and {@code cursor} of a paged list. */
    public static class PageParams {

        @QueryParam("limit")
        @Parameter(description = "most items in the page (1–500)",
                schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500", defaultValue = "100"))
        public String limit;

        @QueryParam("cursor")
        @Parameter(description = "nextCursor of the previous page, as it was returned")
        public String cursor;

        ApiQuery.Builder apply(ApiQuery.Builder q) {
            return q.limit(limit, 100, MAX_LIMIT).cursor(cursor);
        }
    }
}
