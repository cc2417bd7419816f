package io.dorastream.aggregator.rest;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.dorastream.aggregator.query.EventPage;
import io.dorastream.aggregator.query.EventsQuery;

/**
 * The latest version of each event of a window, for the gateway's drill-down: newest first, keyset
 * pagination (a page goes on after the previous page's last item, so events arriving meanwhile cause
 * neither repeats nor gaps).
 */
@Path("/internal/events")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "events")
public class InternalEventsResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    private final EventsQuery query;

    public InternalEventsResource(EventsQuery query) {
        this.query = query;
    }

    @GET
    @Path("/deployments")
    @Operation(summary = "Deployments of a window, newest first",
            description = "A deployment is in the window, and ordered, by its finishedAt (its startedAt when it has none);"
                    + " ties by connectionId, then eventId, descending. Deleted deployments are not listed.")
    @APIResponse(responseCode = "200", description = "One page",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EventPage.class)))
    @APIResponse(responseCode = "400", description = "A parameter is invalid (named in errors)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public EventPage deployments(@BeanParam CommonParams params, @BeanParam PageParams page,
            @QueryParam("failed") @Parameter(description = "true: only deployments whose change-failure verdict is failed"
                    + " (false or absent: all).", schema = @Schema(type = SchemaType.BOOLEAN)) String failed) {
        CommonParams.Scope scope = params.scope();
        int limit = page.limit();
        boolean failedOnly = CommonParams.flag("failed", failed);
        try {
            return query.deployments(scope.from(), scope.to(), scope.filters(), failedOnly, page.cursor(), limit);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameter("cursor", e.getMessage());
        }
    }

    @GET
    @Path("/incidents")
    @Operation(summary = "Failures (incidents) of a window, newest first",
            description = "A failure is in the window, and ordered, by its startedAt; ties by connectionId, then eventId,"
                    + " descending. A failure matches a service, env or team filter when any of its services, envs or"
                    + " teams does. Deleted failures are not listed.")
    @APIResponse(responseCode = "200", description = "One page",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EventPage.class)))
    @APIResponse(responseCode = "400", description = "A parameter is invalid (named in errors)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public EventPage incidents(@BeanParam CommonParams params, @BeanParam PageParams page) {
        CommonParams.Scope scope = params.scope();
        int limit = page.limit();
        try {
            return query.incidents(scope.from(), scope.to(), scope.filters(), page.cursor(), limit);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameter("cursor", e.getMessage());
        }
    }

    /** The paging parameters of a listing. */
    public static class PageParams {

        @QueryParam("limit")
        @Parameter(description = "Items per page.", schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                maximum = "500", defaultValue = "100"))
        String limit;

        @QueryParam("cursor")
        @Parameter(description = "nextCursor of the previous page, unchanged; absent for the first page.")
        String cursor;

        int limit() {
            return CommonParams.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        }

        String cursor() {
            return cursor == null || cursor.isBlank() ? null : cursor;
        }
    }
}
