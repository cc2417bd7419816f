package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

/** The behaviour of each simulated endpoint, once keys and rate limits let a request through. */
final class DoraApi {

    private static final String PATCH_TYPE = "dora_deployment_patch_request";

    private final SimulatorConfig config;
    private final EventStore store;
    private final SimClock clock;
    private final Random ids = new SecureRandom();
    private volatile ListQuirks quirks;
    private volatile boolean validateKeys;
    /**
     * Events sent through the API: Datadog lists them with the attributes they were sent with
     * (recorded), so the live shapes of tracked deployments and integrations' failures are not added.
     */
    private final java.util.Set<String> sent = java.util.concurrent.ConcurrentHashMap.newKeySet();

    DoraApi(SimulatorConfig config, EventStore store, SimClock clock) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.quirks = config.listQuirks();
        this.validateKeys = config.validateKeys();
    }

    void validateKeys(boolean offered) {
        validateKeys = offered;
    }

    /** Whether {@code GET /api/v2/validate_keys} exists now; when not, it is no route at all (404 before any key check). */
    boolean validateKeys() {
        return validateKeys;
    }

    void quirks(ListQuirks value) {
        quirks = java.util.Objects.requireNonNull(value, "quirks");
    }

    ListQuirks quirks() {
        return quirks;
    }

    ApiResponse handle(Endpoint.Route route, byte[] body) {
        return switch (route.endpoint()) {
            case VALIDATE -> ApiResponse.of(200, ApiResponse.JSON, Json.object().put("valid", true));
            case VALIDATE_KEYS -> ApiResponse.of(200, ApiResponse.JSON, Json.object().put("status", "ok"));
            case LIST_DEPLOYMENTS -> list(EventStream.DEPLOYMENTS, "dora_deployments_list_request", body);
            case LIST_FAILURES -> list(EventStream.FAILURES, "dora_failures_list_request", body);
            case GET_DEPLOYMENT -> get(EventStream.DEPLOYMENTS, route.id());
            case GET_FAILURE -> get(EventStream.FAILURES, route.id());
            case SEND_DEPLOYMENT -> sendDeployment(body);
            case SEND_FAILURE, SEND_INCIDENT -> sendFailure(body);
            case PATCH_DEPLOYMENT -> patchDeployment(route.id(), body);
            case DELETE_DEPLOYMENT -> delete(EventStream.DEPLOYMENTS, route.id());
            case DELETE_FAILURE -> delete(EventStream.FAILURES, route.id());
        };
    }

    private ApiResponse list(EventStream stream, String requestType, byte[] body) {
        JsonNode data = parse(body).path("data");
        String type = data.path("type").asText("");
        if (!type.equals(requestType)) {
            throw ApiException.badRequest("got type \"" + type + "\" expected one of \"" + requestType + "\"");
        }
        Instant now = clock.now();
        ListRequest request = ListRequest.parse(data.path("attributes"), now);
        ListRequest.SortField sort = request.sort() != null ? request.sort()
                : ListRequest.SortField.of(config.defaultSort());
        Stream<EventStore.Stored> matching = store.window(stream, config.filterField(), request.from(),
                        config.fromInclusive(), request.to(), config.toInclusive(), now).stream()
                .filter(e -> request.query().matches(e.attributes()));
        if (sort != null) {
            matching = matching.sorted(sort.comparator());
        }
        ListQuirks q = quirks;
        List<EventStore.Stored> page = matching.limit(q.pageSize(request.limit())).toList();
        long latency = q.latencyMicros(page.size());
        if (q.timesOut(latency)) {
            pause(q.gatewayTimeoutMillis() * 1000);
            return ApiResponse.errors(504, ApiResponse.JSON, "Gateway Timeout");
        }
        pause(latency);
        ObjectNode answer = Json.object();
        ArrayNode items = answer.putArray("data");
        page.forEach(e -> items.add(render(stream, e, q)));
        return ApiResponse.of(200, ApiResponse.JSON_API, answer);
    }

    private ApiResponse get(EventStream stream, String id) {
        EventStore.Stored event = store.find(stream, id, clock.now()).orElseThrow(DoraApi::notFound);
        ObjectNode answer = Json.object();
        answer.set("data", render(stream, event, quirks));
        return ApiResponse.of(200, ApiResponse.JSON_API, answer);
    }

    private ApiResponse sendDeployment(byte[] body) {
        ObjectNode item = SendRequests.deployment(parse(body), HexFormat.of().toHexDigits(ids.nextLong()));
        sent.add(item.get("id").asText());
        Optional<String> conflict = store.putDeployment(item);
        if (conflict.isPresent()) {
            JsonNode attributes = item.get("attributes");
            throw ApiException.badRequest("deployment " + conflict.get() + " of service \""
                    + attributes.get("service").asText() + "\" already started at "
                    + attributes.get("started_at").asText() + ": two deployments of one service cannot share a second");
        }
        return accepted(item);
    }

    private ApiResponse sendFailure(byte[] body) {
        ObjectNode item = SendRequests.failure(parse(body), new UUID(ids.nextLong(), ids.nextLong()).toString());
        sent.add(item.get("id").asText());
        store.put(EventStream.FAILURES, item);
        return accepted(item);
    }

    private static ApiResponse accepted(ObjectNode item) {
        ObjectNode answer = Json.object();
        answer.putObject("data").put("id", item.get("id").asText()).put("type", item.get("type").asText());
        return ApiResponse.of(200, ApiResponse.JSON_API, answer);
    }

    private ApiResponse patchDeployment(String id, byte[] body) {
        JsonNode data = parse(body).path("data");
        String type = data.path("type").asText("");
        if (!type.equals(PATCH_TYPE)) {
            throw ApiException.badRequest("got type \"" + type + "\" expected one of \"" + PATCH_TYPE + "\"");
        }
        String dataId = Json.string(data, "id");
        if (dataId != null && !dataId.equals(id)) {
            throw ApiException.badRequest("\"data.id\" " + dataId + " does not match the deployment id " + id);
        }
        JsonNode attributes = data.path("attributes");
        if (!attributes.isObject()) {
            throw ApiException.badRequest("missing required attribute \"data.attributes\"");
        }
        JsonNode changeFailure = attributes.get("change_failure");
        if (changeFailure != null && !changeFailure.isBoolean()) {
            throw ApiException.badRequest("attribute \"change_failure\" must be a boolean");
        }
        ObjectNode remediation = remediation(attributes.get("remediation"));
        Instant now = clock.now();
        EventStore.Stored deployment = store.find(EventStream.DEPLOYMENTS, id, now).orElseThrow(DoraApi::notFound);
        Instant remediationFinished = remediation == null ? null
                : remediatingDeployment(deployment, remediation, now).map(EventStore.Stored::finishedAt).orElse(null);
        store.update(EventStream.DEPLOYMENTS, id, item -> {
            ObjectNode a = (ObjectNode) item.get("attributes");
            JsonNode verdict = changeFailure != null ? changeFailure : a.path("change_failure");
            if (!verdict.isBoolean()) {
                return; // still pending: a remediation alone changes nothing
            }
            if (!verdict.asBoolean()) {
                Verdicts.markStable(a);
            } else if (remediation != null) {
                Verdicts.markFailed(a, remediation, deployment.finishedAt(), remediationFinished);
            } else {
                a.put("change_failure", true);
            }
        });
        return ApiResponse.of(202, ApiResponse.JSON_API, Json.object().putNull("data"));
    }

    /** The validated {@code remediation} of a patch, or {@code null} when absent. */
    private static ObjectNode remediation(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw ApiException.badRequest("attribute \"remediation\" must be an object");
        }
        String type = Json.string(value, "type");
        if (!Verdicts.ROLLBACK.equals(type) && !Verdicts.ROLLFORWARD.equals(type)) {
            throw ApiException.badRequest("attribute \"type\" must be one of \"rollback rollforward\"");
        }
        ObjectNode remediation = Json.object();
        for (String field : List.of("id", "version")) {
            JsonNode ref = value.get(field);
            if (ref != null && !ref.isNull()) {
                if (!ref.isTextual()) {
                    throw ApiException.badRequest("attribute \"" + field + "\" must be a string");
                }
                remediation.put(field, ref.asText());
            }
        }
        remediation.put("type", type);
        return remediation;
    }

    /**
     * The deployment a remediation names: by {@code id}, else the first deployment of the same
     * service and env with that {@code version} finishing after the failed one.
     */
    private Optional<EventStore.Stored> remediatingDeployment(EventStore.Stored failed, ObjectNode remediation,
                                                              Instant now) {
        String id = Json.string(remediation, "id");
        if (id != null) {
            return store.find(EventStream.DEPLOYMENTS, id, now);
        }
        String version = Json.string(remediation, "version");
        if (version == null || failed.finishedAt() == null) {
            return Optional.empty();
        }
        return store.visible(EventStream.DEPLOYMENTS, now).stream()
                .filter(d -> version.equals(d.attribute("version")))
                .filter(d -> d.sameServiceAndEnv(failed))
                .filter(d -> d.finishedAt() != null && d.finishedAt().isAfter(failed.finishedAt()))
                .min(Comparator.comparing(EventStore.Stored::finishedAt));
    }

    private ApiResponse delete(EventStream stream, String id) {
        if (store.find(stream, id, clock.now()).isEmpty() || !store.remove(stream, id)) {
            throw notFound();
        }
        return ApiResponse.noContent(202);
    }

    /** The item as listed: timestamps in the configured form, the quirks (live shapes only for events not sent here). */
    private ObjectNode render(EventStream stream, EventStore.Stored event, ListQuirks q) {
        ListQuirks applied = q.realShapes() && sent.contains(event.id()) ? q.withRealShapes(false) : q;
        return WireShapes.render(stream, event, applied, config.timestampFormat());
    }

    /** Holds the answer back, as a slow Datadog would. */
    private static void pause(long micros) {
        if (micros <= 0) {
            return;
        }
        try {
            Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return Json.parse(body);
        } catch (IOException e) {
            throw ApiException.badRequest("request body is not valid JSON");
        }
    }

    private static ApiException notFound() {
        return new ApiException(ApiResponse.errors(404, ApiResponse.JSON_API, "Not found"));
    }
}
