package io.dorastream.gateway.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Shared by the gateway's tests and the system tests (through the gateway's test-jar): one
 * document per gateway base URI.
 * <p>
 * Checks every response of the contract tests against the gateway's own OpenAPI document
 * ({@code /q/openapi}): the operation must exist, declare the status (or {@code default}) and the
 * content type, and a JSON body must validate against the declared schema. The document's schemas
 * (OpenAPI 3.1 = JSON Schema 2020-12) are validated with networknt: the response's schema becomes
 * the root of a JSON Schema whose {@code $defs} are the document's {@code components.schemas}, every
 * {@code #/components/schemas/X} reference rewritten to {@code #/$defs/X}.
 */
public final class OpenApiValidator implements Filter {

    /** Answers the framework gives for any path (wrong method, unacceptable type…): problems, not per operation. */
    private static final Set<Integer> FRAMEWORK_STATUSES = Set.of(405, 406, 413, 415);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private static final Map<String, JsonNode> DOCUMENTS = new ConcurrentHashMap<>();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();
    private static final AtomicInteger VALIDATED = new AtomicInteger();

    /** How many response bodies were validated so far in this JVM. */
    public static int validatedBodies() {
        return VALIDATED.get();
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext ctx) {
        Response r = ctx.next(request, response);
        URI uri = URI.create(request.getURI());
        validate(uri.getScheme() + "://" + uri.getAuthority(), request.getMethod(), uri.getRawPath(), r.statusCode(),
                r.contentType(), r.asString());
        return r;
    }

    /** Throws an AssertionError describing every way the response breaks the document. */
    public static void validate(String base, String method, String path, int status, String contentType, String body) {
        if (!path.startsWith("/api/")) {
            return;
        }
        JsonNode doc = document(base);
        JsonNode operation = operation(doc, method.toLowerCase(Locale.ROOT), path);
        String what = method + " " + path + " -> " + status;
        JsonNode schemaNode;
        String type = contentType == null || contentType.isBlank() ? null : contentType.split(";")[0].trim();
        if (operation == null || FRAMEWORK_STATUSES.contains(status)) {
            if (operation == null && !FRAMEWORK_STATUSES.contains(status) && status != 404 && status != 401) {
                throw new AssertionError(what + ": no such operation in the OpenAPI document");
            }
            // a path or method the document does not have: the framework's problem
            schemaNode = JSON.createObjectNode().put("$ref", "#/components/schemas/Problem");
            if (!"application/problem+json".equals(type)) {
                throw new AssertionError(what + ": expected a problem, got " + contentType);
            }
        } else {
            JsonNode responses = operation.path("responses");
            JsonNode declared = responses.has(Integer.toString(status)) ? responses.get(Integer.toString(status)) : responses.get("default");
            if (declared == null) {
                throw new AssertionError(what + ": status not declared in the OpenAPI document; declared: " + fieldNames(responses));
            }
            if (body == null || body.isEmpty()) {
                return;
            }
            JsonNode media = declared.path("content").get(type);
            if (media == null) {
                throw new AssertionError(what + ": content type " + type + " not declared; declared: " + fieldNames(declared.path("content")));
            }
            if (!type.contains("json")) {
                return; // text/csv: a string
            }
            schemaNode = media.path("schema");
        }
        JsonSchema schema = SCHEMAS.computeIfAbsent(base + " " + schemaNode, k -> schema(doc, schemaNode));
        Set<ValidationMessage> errors;
        try {
            errors = schema.validate(JSON.readTree(body));
        } catch (IOException e) {
            throw new AssertionError(what + ": body is not JSON: " + body, e);
        }
        if (!errors.isEmpty()) {
            throw new AssertionError(what + ": body does not match the OpenAPI schema " + schemaNode + ": " + errors + "\n" + body);
        }
        VALIDATED.incrementAndGet();
    }

    /** A schema of the document (e.g. {@code {"$ref":"#/components/schemas/Summary"}}) as a validator. */
    public static JsonSchema schema(JsonNode doc, JsonNode schemaNode) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(defs(schemaNode));
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.set("$defs", JSON.readTree(defs(doc.path("components").path("schemas"))));
            return FACTORY.getSchema(root, CONFIG);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String defs(JsonNode node) {
        return node.toString().replace("\"#/components/schemas/", "\"#/$defs/");
    }

    public static JsonNode document(String base) {
        return DOCUMENTS.computeIfAbsent(base, b -> {
            try {
                HttpResponse<String> r = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(b + "/q/openapi?format=json")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new AssertionError("/q/openapi answered " + r.statusCode());
                }
                return JSON.readTree(r.body());
            } catch (IOException e) {
                throw new AssertionError("cannot read /q/openapi", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
    }

    private static JsonNode operation(JsonNode doc, String method, String path) {
        JsonNode found = null;
        int bestLiterals = -1;
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String template = e.getKey();
            String regex = Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            if (path.matches(regex) && e.getValue().has(method)) {
                int literals = template.replaceAll("\\{[^}]+}", "").length();
                if (literals > bestLiterals) {
                    bestLiterals = literals;
                    found = e.getValue().get(method);
                }
            }
        }
        return found;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
