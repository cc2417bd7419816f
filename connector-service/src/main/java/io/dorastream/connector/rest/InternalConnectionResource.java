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
import jakarta.ws.rs.HeaderParam;
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

import com.fasterxml.jackson.databind.ObjectMapper;

import io.dorastream.api.query.IdempotencyKey;
import io.dorastream.api.query.QueryRules;
import io.dorastream.connector.config.ConnectorConfig;
import io.dorastream.connector.connection.DuplicateConnectionException;
import io.dorastream.connector.connection.IdempotentCreates;
import io.dorastream.connector.datadog.ValidationDeadline;
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
    private final IdempotentCreates idempotent;
    private final ConnectorConfig config;
    private final ObjectMapper json;

    public InternalConnectionResource(ConnectionService connections, ConnectionPurge purge, Rereads rereads, Clock clock,
            IdempotentCreates idempotent, ConnectorConfig config, ObjectMapper json) {
        this.idempotent = idempotent;
        this.config = config;
        this.json = json;
        this.connections = connections;
        this.purge = purge;
        this.rereads = rereads;
        this.clock = clock;
    }

    @POST
    @Operation(summary = "Validate keys live against Datadog, then store a connection; with an Idempotency-Key, a"
            + " repeat of the same request gets the first answer again")
    public Response create(NewConnection request, @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            @HeaderParam(IdempotencyKey.CALLER_HEADER) String caller) {
        String badKey = idempotencyKey == null ? null : IdempotencyKey.invalid(idempotencyKey);
        if (badKey != null) {
            return Problem.response(400, "Bad Request", "the " + IdempotencyKey.HEADER + " header is invalid",
                    Map.of(IdempotencyKey.HEADER, badKey), null);
        }
        if (request == null) {
            return Problem.response(400, "Bad Request", "a JSON body is required", null, null);
        }
        Map<String, String> invalid = connections.invalidFields(request);
        if (!invalid.isEmpty()) {
            return Problem.response(400, "Bad Request", "the connection has invalid fields", invalid, null);
        }
        if (idempotencyKey == null) {
            return createNow(request).response();
        }
        String who = caller == null ? "" : caller;
        IdempotentCreates.Claim claim = idempotent.claim(who, idempotencyKey, IdempotentCreates.fingerprint(request));
        if (claim instanceof IdempotentCreates.Replay r) {
            return Response.status(r.status()).type(MediaType.APPLICATION_JSON).entity(r.body())
                    .header(IdempotencyKey.REPLAYED_HEADER, "true").build();
        }
        if (claim instanceof IdempotentCreates.Mismatch) {
            return Problem.response(422, "Unprocessable Content", "this " + IdempotencyKey.HEADER
                    + " was used for a different request: use a new key for a new request", null, null);
        }
        if (claim instanceof IdempotentCreates.InProgress) {
            return Response.fromResponse(Problem.response(409, "Conflict", "a request with this " + IdempotencyKey.HEADER
                    + " is still being processed: repeat it once that one answered", null, null))
                    .header("Retry-After", Long.toString(config.datadog().validationDeadline().toSeconds())).build();
        }
        Created created;
        try {
            created = createNow(request);
        } catch (RuntimeException e) {
            idempotent.release(who, idempotencyKey);
            throw e;
        }
        if (created.connection() == null) {
            idempotent.release(who, idempotencyKey); // nothing written: a repeat runs anew
        } else {
            idempotent.finish(who, idempotencyKey, created.connection(), created.status(), created.body());
        }
        return created.response();
    }

    /** The answer of a create; {@code connection} is the id written, or null when nothing was. */
    private record Created(Response response, UUID connection, int status, String body) {
    }

    private Created createNow(NewConnection request) {
        try {
            ConnectionService.Written w = connections.create(request);
            ConnectionEntity c = w.connection();
            LOG.infof("connection %s (%s) created on %s", c.id, c.name, c.site);
            // serialised here, so that a repeat with the same Idempotency-Key gets these very bytes
            String body = json.writeValueAsString(view(c).withChecks(w.checks()).withWarnings(w.warnings()));
            return new Created(Response.status(201).type(MediaType.APPLICATION_JSON).entity(body).build(), c.id, 201, body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the connection as JSON", e);
        } catch (DuplicateConnectionException e) {
            return new Created(Problem.duplicate(e), null, 409, null);
        } catch (ConnectionValidationException e) {
            return new Created(Problem.response(422, "Validation Failed", e.getMessage(), null, e.checks()), null, 422, null);
        } catch (DatadogUnreachableException e) {
            return new Created(datadogUnavailable(e, "created"), null, 503, null);
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
        } catch (DuplicateConnectionException e) {
            return Problem.duplicate(e);
        } catch (ConnectionValidationException e) {
            return Problem.response(422, "Validation Failed", e.getMessage(), null, e.checks());
        } catch (DatadogUnreachableException e) {
            return datadogUnavailable(e, "changed");
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

    /**
     * 503 naming Datadog; with {@code Retry-After} when its rate limit is what is missing. 504 with {@code Retry-After}
     * when Datadog did not answer the validation within its deadline.
     *
     * @param outcome what did not happen: {@code created}, {@code changed}
     */
    private static Response datadogUnavailable(DatadogUnreachableException e, String outcome) {
        if (e instanceof ValidationDeadline.ValidationTimeoutException late) {
            return Response.fromResponse(Problem.response(504, "Gateway Timeout", e.getMessage() + "; nothing was " + outcome,
                    null, null)).header("Retry-After", Long.toString(Math.max(1, late.limit().toSeconds()))).build();
        }
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
