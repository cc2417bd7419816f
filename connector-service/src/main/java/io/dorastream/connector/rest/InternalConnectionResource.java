package io.dorastream.connector.rest;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import io.dorastream.api.query.QueryRules;
import io.dorastream.connector.connection.ConnectionEntity;
import io.dorastream.connector.connection.ConnectionPatch;
import io.dorastream.connector.connection.ConnectionStatus;
import io.dorastream.connector.connection.ConnectionPurge;
import io.dorastream.connector.connection.ConnectionService;
import io.dorastream.connector.connection.ConnectionValidationException;
import io.dorastream.connector.connection.NewConnection;
import io.dorastream.connector.datadog.DatadogRateLimitedException;
import io.dorastream.connector.datadog.DatadogUnreachableException;
import io.dorastream.connector.sync.Rereads;

/** The connector's internal API for the gateway: connections and their sync status. */
@Path("/internal/connections")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "connections")
public class InternalConnectionResource {

    private static final Logger LOG = Logger.getLogger(InternalConnectionResource.class);

    private final ConnectionService connections;
    private final ConnectionPurge purge;
    private final Rereads rereads;
    private final Clock clock;

    public InternalConnectionResource(ConnectionService connections, ConnectionPurge purge, Rereads rereads, Clock clock) {
        this.connections = connections;
        this.purge = purge;
        this.rereads = rereads;
        this.clock = clock;
    }

    @POST
    @Operation(summary = "Validate keys live against Datadog, then store a connection")
    public Response create(NewConnection request) {
        if (request == null) {
            return Problem.response(400, "Bad Request", "a JSON body is required", null, null);
        }
        Map<String, String> invalid = connections.invalidFields(request);
        if (!invalid.isEmpty()) {
            return Problem.response(400, "Bad Request", "the connection has invalid fields", invalid, null);
        }
        try {
            ConnectionService.Written w = connections.create(request);
            ConnectionEntity c = w.connection();
            LOG.infof("connection %s (%s) created on %s", c.id, c.name, c.site);
            return Response.status(201).entity(view(c).withChecks(w.checks())).build();
        } catch (ConnectionValidationException e) {
            return Problem.response(422, "Validation Failed", e.getMessage(), null, e.checks());
        } catch (DatadogUnreachableException e) {
            return datadogUnavailable(e);
        }
    }

    @GET
    @Operation(summary = "All connections")
    public Map<String, Object> list() {
        Map<UUID, java.util.List<io.dorastream.connector.connection.StreamStateEntity>> streams = connections.allStreams();
        return Map.of("items", connections.list().stream()
                .map(c -> ConnectionView.of(c, streams.getOrDefault(c.id, java.util.List.of()))).toList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One connection")
    public Response get(@PathParam("id") UUID id) {
        ConnectionEntity c = connections.find(id);
        return c == null ? notFound(id) : Response.ok(view(c)).build();
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Rename, rotate keys or change the query (validated live), pause or resume, change the poll interval")
    public Response update(@PathParam("id") UUID id, ConnectionPatch patch) {
        if (patch == null) {
            return Problem.response(400, "Bad Request", "a JSON body is required", null, null);
        }
        Map<String, String> invalid = connections.invalidFields(patch);
        if (!invalid.isEmpty()) {
            return Problem.response(400, "Bad Request", "the change has invalid fields", invalid, null);
        }
        try {
            ConnectionService.Written w = connections.update(id, patch);
            if (w == null) {
                return notFound(id);
            }
            LOG.infof("connection %s changed: %s", id, patch);
            return Response.ok(view(w.connection()).withChecks(w.checks())).build();
        } catch (ConnectionValidationException e) {
            return Problem.response(422, "Validation Failed", e.getMessage(), null, e.checks());
        } catch (DatadogUnreachableException e) {
            return datadogUnavailable(e);
        }
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Stop polling, retire the connection downstream and delete it; with purge=true also publish"
            + " tombstones so downstream forgets its events")
    public Response delete(@PathParam("id") UUID id, @QueryParam("purge") String purgeParam) {
        QueryRules rules = QueryRules.internalApi();
        Boolean purge = rules.flag("purge", purgeParam); // anything but true or false is refused, never read as false
        if (!rules.ok()) {
            return Problem.response(400, "Bad Request", rules.detail(), rules.errors(), null);
        }
        boolean found = purge ? this.purge.purge(id) : this.purge.delete(id);
        if (!found) {
            return notFound(id);
        }
        LOG.infof("connection %s deleted%s", id, purge ? " and purged" : "");
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/sync")
    @Operation(summary = "The sync status of a connection's streams")
    public Response sync(@PathParam("id") UUID id) {
        ConnectionEntity c = connections.find(id);
        return c == null ? notFound(id)
                : Response.ok(SyncStatusView.of(c, connections.streams(id), clock.instant())).build();
    }

    @POST
    @Path("/{id}/sync")
    @Operation(summary = "Re-read a range of both streams now (default: the whole backfill range): changes are "
            + "published, vanished events tombstoned")
    public Response reread(@PathParam("id") UUID id, RereadRequest request) {
        ConnectionEntity c = connections.find(id);
        if (c == null) {
            return notFound(id);
        }
        if (c.paused) {
            return Problem.response(409, "Conflict", "connection " + id + " is paused: resume it to re-read", null, null);
        }
        if (c.status == ConnectionStatus.UNAUTHORIZED) {
            return Problem.response(409, "Conflict", "Datadog refuses the keys of connection " + id
                    + ": update them to re-read", null, null);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant earliest = connections.streams(id).stream().map(s -> Rereads.horizon(s.backfillFrom, now))
                .min(Comparator.naturalOrder()).orElse(now);
        Instant from = request == null || request.from() == null ? earliest : request.from().truncatedTo(ChronoUnit.SECONDS);
        Instant to = request == null || request.to() == null ? now : ceilSecond(request.to());
        Map<String, String> invalid = new LinkedHashMap<>();
        if (from.isBefore(earliest)) {
            invalid.put("from", "must not be before " + earliest + " (the start of the backfill range within Datadog's retention)");
        }
        if (to.isAfter(now)) {
            invalid.put("to", "must not be in the future");
        }
        if (!from.isBefore(to)) {
            invalid.put("to", "must be after from");
        }
        if (!invalid.isEmpty()) {
            return Problem.response(400, "Bad Request", "the range to re-read is invalid", invalid, null);
        }
        int streams = rereads.request(id, from, to);
        LOG.infof("connection %s: re-read of [%s, %s) requested on %d streams", id, from, to, streams);
        return Response.status(202).entity(new RereadAccepted(id, from, to)).build();
    }

    /** The body of {@code POST /internal/connections/{id}/sync}: both bounds optional. */
    public record RereadRequest(Instant from, Instant to) {
    }

    public record RereadAccepted(UUID connectionId, Instant from, Instant to) {
    }

    private static Instant ceilSecond(Instant t) {
        Instant floor = t.truncatedTo(ChronoUnit.SECONDS);
        return floor.equals(t) ? t : floor.plusSeconds(1);
    }

    private ConnectionView view(ConnectionEntity c) {
        return ConnectionView.of(c, connections.streams(c.id));
    }

    /** 503 naming Datadog; with {@code Retry-After} when its rate limit is what is missing. */
    private static Response datadogUnavailable(DatadogUnreachableException e) {
        Response r = Problem.response(503, "Datadog Unavailable", e.getMessage(), null, null);
        if (e instanceof DatadogRateLimitedException limited) {
            return Response.fromResponse(r).header("Retry-After", Long.toString(limited.retryAfter().toSeconds())).build();
        }
        return r;
    }

    private static Response notFound(UUID id) {
        return Problem.response(404, "Not Found", "no connection " + id, null, null);
    }
}
