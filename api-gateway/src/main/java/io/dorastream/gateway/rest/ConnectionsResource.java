package io.dorastream.gateway.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dorastream.api.query.IdempotencyKey;
import io.dorastream.api.query.QueryRules;
import io.dorastream.api.query.QueryWindow;
import io.dorastream.gateway.api.ConnectionShapes;
import io.dorastream.gateway.auth.ApiTokens;
import io.dorastream.gateway.auth.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.dorastream.gateway.client.Answer;
import io.dorastream.gateway.client.ConnectorBackend;

/**
 * Connections to Datadog organisations (admin role for writes, viewer for reads). Bodies are never
 * logged, and a key the connector might echo ({@code apiKey}, {@code appKey}) is removed from every
 * answer before it leaves the gateway.
 */
@Path("/api/v1/connections")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "connections")
@SecurityRequirement(name = "bearer")
public class ConnectionsResource {

    private static final Set<String> KEYS = Set.of("apiKey", "appKey");

    private final ConnectorBackend connector;
    private final ObjectMapper json;
    private final SecurityIdentity identity;

    public ConnectionsResource(ConnectorBackend connector, ObjectMapper json, SecurityIdentity identity) {
        this.connector = connector;
        this.json = json;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Connect a Datadog organisation (keys validated live, stored encrypted)")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ConnectionShapes.NewConnection.class)))
    @APIResponse(responseCode = "201", description = "the connection (with warnings when there is something to look at,"
            + " e.g. its first events already exist under another connection)",
            headers = @Header(name = IdempotencyKey.REPLAYED_HEADER, description = "true when this is the stored answer of an"
                    + " earlier request with the same Idempotency-Key (nothing was validated or created again)",
                    schema = @Schema(type = SchemaType.STRING, enumeration = { "true" })),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConnectionShapes.Connection.class)))
    @APIResponse(responseCode = "400", description = "invalid fields, or a malformed Idempotency-Key; errors names them",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "a connection already reads this site with this API key and query"
            + " (connection names it; a different key to the same organisation cannot be detected), or a request with"
            + " this Idempotency-Key is still being processed (with Retry-After)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "a check failed (e.g. Datadog refused the keys; checks names it), or"
            + " the Idempotency-Key was used for a different request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Datadog or the connector cannot be reached (the problem names which),"
            + " or Datadog's rate limit for these keys is used up (then with Retry-After); nothing was created",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "504", description = "Datadog did not answer the live validation within the connector's"
            + " deadline (dorastream.datadog.validation-deadline, 25 s by default); nothing was created; with Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(@Parameter(hidden = true) JsonNode body,
            @HeaderParam(IdempotencyKey.HEADER) @Parameter(description = "names this create (1 to 255 printable ASCII"
                    + " characters, e.g. a UUID): a repeat of the same request with the same key within 24 h gets the"
                    + " first answer again (with Idempotent-Replayed: true) instead of creating a second connection;"
                    + " a key whose create wrote nothing can be used again",
                    schema = @Schema(type = SchemaType.STRING, maxLength = IdempotencyKey.MAX_LENGTH)) String idempotencyKey) {
        requireObject(body);
        String badKey = idempotencyKey == null ? null : IdempotencyKey.invalid(idempotencyKey);
        if (badKey != null) { // refused here too, so that no malformed header value ever travels on
            throw new InvalidQueryException("the " + IdempotencyKey.HEADER + " header is invalid",
                    Map.of(IdempotencyKey.HEADER, badKey));
        }
        String caller = URLEncoder.encode(ApiTokens.Caller.nameOf(identity), StandardCharsets.UTF_8);
        return withoutKeys(connector.create(body.toString(), idempotencyKey, caller));
    }

    @GET
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    @Operation(summary = "All connections")
    @APIResponse(responseCode = "200", description = "every connection",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConnectionShapes.ConnectionList.class)))
    public Response list() {
        return withoutKeys(connector.list());
    }

    @GET
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    @Path("/{id}")
    @Operation(summary = "One connection")
    @APIResponse(responseCode = "200", description = "the connection",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConnectionShapes.Connection.class)))
    public Response get(@PathParam("id") String id) {
        requireId(id);
        return withoutKeys(connector.get(id));
    }

    @PATCH
    @RolesAllowed(Roles.ADMIN)
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rename, rotate keys (validated live), pause or resume, change the query or poll interval")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ConnectionShapes.ConnectionUpdate.class)))
    @APIResponse(responseCode = "200", description = "the connection as changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConnectionShapes.Connection.class)))
    @APIResponse(responseCode = "409", description = "the new keys or query would make this connection read what another"
            + " one reads (connection names it); nothing changed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "a check failed (e.g. Datadog refused the new keys); errors names it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "504", description = "Datadog did not answer the live validation of the new keys or query"
            + " within the connector's deadline; nothing changed; with Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response update(@PathParam("id") String id, @Parameter(hidden = true) JsonNode body) {
        requireId(id);
        requireObject(body);
        return withoutKeys(connector.update(id, body.toString()));
    }

    @DELETE
    @RolesAllowed(Roles.ADMIN)
    @Path("/{id}")
    @Operation(summary = "Stop polling and delete the connection; purge=true also makes downstream forget its events")
    @APIResponse(responseCode = "204", description = "deleted")
    public Response delete(@PathParam("id") String id,
            @QueryParam("purge") @Parameter(description = "also tombstone every event of the connection: true or false",
                    schema = @Schema(type = SchemaType.BOOLEAN)) String purge) {
        requireId(id);
        boolean forget = purge(purge);
        return connector.delete(id, forget).toResponse();
    }

    @GET
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    @Path("/{id}/sync")
    @Operation(summary = "A connection's sync status, per stream")
    @APIResponse(responseCode = "200", description = "the sync status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConnectionShapes.SyncStatus.class)))
    public Response sync(@PathParam("id") String id) {
        requireId(id);
        return connector.sync(id).toResponse();
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Path("/{id}/sync")
    @Operation(summary = "Read a range again (default: the whole backfill range): changes are published, vanished events tombstoned")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConnectionShapes.SyncRequest.class)))
    @APIResponse(responseCode = "202", description = "the range being read again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConnectionShapes.SyncAccepted.class)))
    public Response resync(@PathParam("id") String id, @Parameter(hidden = true) String body) {
        requireId(id);
        String range = syncRange(body);
        return connector.resync(id, range).toResponse();
    }

    /** {@code purge}: {@code true} or {@code false} (absent: false); anything else is refused, never read as false. */
    private static boolean purge(String value) {
        QueryRules rules = QueryRules.publicApi();
        Boolean purge = rules.flag("purge", value);
        if (!rules.ok()) {
            throw new InvalidQueryException(rules.detail(), rules.errors());
        }
        return purge;
    }

    /** {@code {from?, to?}}, each a date or an instant, as the connector's {@code {from?, to?}} instants. */
    private String syncRange(String body) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidQueryException("the body is not valid JSON", Map.of());
        }
        requireObject(node);
        Map<String, String> errors = new LinkedHashMap<>();
        Instant from = QueryWindow.dateOrInstant("from", text(node, "from", errors), errors);
        Instant to = QueryWindow.dateOrInstant("to", text(node, "to", errors), errors);
        if (errors.isEmpty() && from != null && to != null && !from.isBefore(to)) {
            errors.put("from", "must be before to");
        }
        if (!errors.isEmpty()) {
            throw new InvalidQueryException("invalid range: " + String.join(", ", errors.keySet()), errors);
        }
        ObjectNode out = json.createObjectNode();
        if (from != null) {
            out.put("from", from.toString());
        }
        if (to != null) {
            out.put("to", to.toString());
        }
        return out.toString();
    }

    private static String text(JsonNode node, String field, Map<String, String> errors) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            errors.put(field, "must be a date or an RFC 3339 instant (a string)");
            return null;
        }
        return v.asText();
    }

    /** The answer with any {@code apiKey}/{@code appKey} field removed (of the connection, or of each item). */
    private Response withoutKeys(Answer a) {
        if (a.body() == null || a.status() >= 300 || (!a.body().contains("\"apiKey\"") && !a.body().contains("\"appKey\""))) {
            return a.toResponse();
        }
        try {
            JsonNode root = json.readTree(a.body());
            strip(root);
            root.path("items").forEach(ConnectionsResource::strip);
            return a.withBody(json.writeValueAsString(root)).toResponse();
        } catch (JsonProcessingException e) {
            return Problem.response(502, "Bad Gateway", connector.name() + " answered unreadable JSON", null);
        }
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove(KEYS);
        }
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidQueryException("the body must be a JSON object", Map.of());
        }
    }

    private static void requireId(String id) {
        if (!validId(id)) {
            throw new UnknownConnectionException(id);
        }
    }

    private static boolean validId(String id) {
        try {
            return UUID.fromString(id).toString().equalsIgnoreCase(id); // no short forms such as 1-1-1-1-1
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
