package io.dorastream.gateway.openapi;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.dorastream.api.openapi.ContractDocumentFilter;

/**
 * Adds the errors every {@code /api/v1} operation can answer — each an RFC 9457 problem — so that no
 * resource has to repeat them: 400, 401, 403 (a viewer writing; an OIDC token without a role), 429
 * (with {@code Retry-After}: a token over its rate, an address blocked for its failed authentications)
 * and 503 everywhere, 404 on paths with an id, 413 where a body is sent, and {@code default} for a backend's
 * own error passed through; and, through {@link ContractDocumentFilter}, the benchmark values of the
 * contract. Registered with {@code mp.openapi.filter}.
 */
public class ApiDocumentFilter extends ContractDocumentFilter {

    private static final String PROBLEM = "application/problem+json";

    /**
     * A nullable enumeration ({@code level}, {@code changeFailure}…) must list null among its values
     * in OpenAPI 3.1 (JSON Schema), or a null value breaks the document's own schema.
     */
    @Override
    public Schema filterSchema(Schema schema) {
        if (schema.getEnumeration() != null && !schema.getEnumeration().contains(null)
                && schema.getType() != null && schema.getType().contains(Schema.SchemaType.NULL)) {
            List<Object> values = new ArrayList<>(schema.getEnumeration());
            values.add(null);
            schema.setEnumeration(values);
        }
        return schema;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        super.filterOpenAPI(openAPI);
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().forEach((method, op) -> addErrors(path, method, op));
            }
        });
    }

    private static void addErrors(String path, PathItem.HttpMethod method, Operation op) {
        APIResponses responses = op.getResponses() != null ? op.getResponses() : OASFactory.createAPIResponses();
        op.setResponses(responses);
        add(responses, "400", "invalid parameters or body: errors names each offending parameter");
        add(responses, "401", "no bearer token, or an unknown, invalid or expired one");
        add(responses, "403", method != PathItem.HttpMethod.GET
                ? "the token may read but not write (or, an OIDC token, carries neither role)"
                : "an OIDC token that carries neither the viewer nor the admin role");
        if (path.contains("{id}")) {
            add(responses, "404", "no such connection");
        }
        if (op.getRequestBody() != null) {
            add(responses, "413", "the body is over 64 KiB");
        }
        APIResponse tooMany = problem("the token is over its rate limit, or the client's address is blocked after too many failed"
                + " authentications").addHeader("Retry-After", OASFactory.createHeader()
                .description("seconds until a request would be let through")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
        if (!responses.hasAPIResponse("429")) {
            responses.addAPIResponse("429", tooMany);
        }
        add(responses, "503", "a backend is unavailable (the problem names it)");
        if (responses.getDefaultValue() == null) {
            responses.setDefaultValue(problem("an error of a backend, passed through"));
        }
    }

    /** Declares the problem; a response the scanner added without content (e.g. 400 for a body) gets it too. */
    private static void add(APIResponses responses, String status, String description) {
        APIResponse existing = responses.getAPIResponse(status);
        if (existing == null) {
            responses.addAPIResponse(status, problem(description));
        } else if (existing.getContent() == null || existing.getContent().getMediaTypes() == null
                || existing.getContent().getMediaTypes().isEmpty()) {
            existing.description(description).content(problem(description).getContent());
        }
    }

    private static APIResponse problem(String description) {
        return OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(PROBLEM,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))));
    }
}
