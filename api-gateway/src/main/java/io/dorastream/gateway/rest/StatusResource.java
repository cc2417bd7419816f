package io.dorastream.gateway.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dorastream.gateway.api.ConnectionShapes.StreamSync;
import io.dorastream.gateway.api.StatusShapes.BackendHealth;
import io.dorastream.gateway.api.StatusShapes.ConnectionSync;
import io.dorastream.gateway.api.StatusShapes.StatusReport;
import io.dorastream.gateway.client.AggregatorBackend;
import io.dorastream.gateway.client.Answer;
import io.dorastream.gateway.auth.Roles;
import io.dorastream.gateway.client.BackendUnavailableException;
import io.dorastream.gateway.client.ConnectorBackend;

/**
 * Which backend is up and how every connection's sync is going (viewer role). Always 200 — this is
 * where a caller finds out what is down — with {@code status: degraded} when a backend is.
 */
@Path("/api/v1/status")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "status")
@SecurityRequirement(name = "bearer")
public class StatusResource {

    private static final Logger LOG = Logger.getLogger(StatusResource.class);

    private final ConnectorBackend connector;
    private final AggregatorBackend aggregator;
    private final ObjectMapper json;

    public StatusResource(ConnectorBackend connector, AggregatorBackend aggregator, ObjectMapper json) {
        this.connector = connector;
        this.aggregator = aggregator;
        this.json = json;
    }

    @GET
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    @Operation(summary = "Each backend's health and each connection's sync summary; 200 even when a backend is down")
    @APIResponse(responseCode = "200", description = "the status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StatusReport.class)))
    public StatusReport status() {
        List<BackendHealth> health = List.of(
                health(connector.name(), connector::ready),
                health(aggregator.name(), aggregator::ready));
        boolean allUp = health.stream().allMatch(h -> h.status().equals("up"));
        return new StatusReport(allUp ? "ok" : "degraded", health, connections());
    }

    private static BackendHealth health(String backend, Supplier<Answer> ready) {
        try {
            Answer a = ready.get();
            return a.status() == 200
                    ? new BackendHealth(backend, "up", "ready")
                    : new BackendHealth(backend, "down", "not ready (HTTP " + a.status() + ")");
        } catch (BackendUnavailableException e) {
            return new BackendHealth(backend, "down", "unreachable");
        }
    }

    /** Every connection with its streams' sync, or null when the connector cannot say. */
    private List<ConnectionSync> connections() {
        try {
            Answer list = connector.list();
            Answer sync = connector.syncAll();
            if (list.status() != 200 || sync.status() != 200) {
                LOG.warnf("connector-service answered HTTP %d (connections) and %d (sync)", list.status(), sync.status());
                return null;
            }
            Map<String, ConnectionSync> byId = new LinkedHashMap<>();
            for (JsonNode c : items(list.body())) {
                String id = c.path("id").asText();
                byId.put(id, new ConnectionSync(id, text(c, "name"), text(c, "status"), Map.of()));
            }
            for (JsonNode s : items(sync.body())) {
                String id = s.path("connectionId").asText();
                Map<String, StreamSync> streams = new LinkedHashMap<>();
                s.path("streams").fields().forEachRemaining(f -> streams.put(f.getKey(), stream(f.getValue())));
                ConnectionSync known = byId.get(id);
                byId.put(id, new ConnectionSync(id, known == null ? null : known.name(), known == null ? null : known.status(), streams));
            }
            return new ArrayList<>(byId.values());
        } catch (BackendUnavailableException e) {
            return null;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warnf("connector-service answered unreadable JSON: %s", e.getMessage());
            return null;
        }
    }

    private JsonNode items(String body) throws JsonProcessingException {
        JsonNode root = json.readTree(body == null ? "null" : body);
        return root.isArray() ? root : root.path("items");
    }

    private StreamSync stream(JsonNode node) {
        try {
            return json.treeToValue(node, StreamSync.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
