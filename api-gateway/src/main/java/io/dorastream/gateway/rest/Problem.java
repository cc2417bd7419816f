package io.dorastream.gateway.rest;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.dorastream.api.problem.Problems;
import io.dorastream.api.problem.Refusal;
import io.dorastream.gateway.api.ConnectionShapes;

/**
 * An RFC 9457 problem document; {@code errors} names the offending parameters, {@code checks} the failed live
 * validation of a connection (its 422s come from the connector as they are).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "An RFC 9457 problem (application/problem+json)")
public record Problem(
        @Schema(required = true, description = "a URI naming the kind of problem") String type,
        @Schema(required = true) String title,
        @Schema(required = true) int status,
        @Schema(description = "what went wrong, for a human") String detail,
        @Schema(description = "validation errors: offending parameter → message") Map<String, String> errors,
        @Schema(description = "a refused connection (422): its live validation, check by check") List<ConnectionShapes.Check> checks,
        @Schema(description = "a refused duplicate (409): the connection that already reads this site with this API key"
                + " and query") ConnectionShapes.ConnectionRef connection) {

    public static final String MEDIA_TYPE = Problems.MEDIA_TYPE;

    public static Response response(int status, String title, String detail, Map<String, String> errors) {
        return Response.status(status).type(MEDIA_TYPE).entity(new Problem(Problems.type(title), title, status, detail, errors, null, null))
                .build();
    }

    /** A refusal of the framework, titled by its status. */
    public static Response of(Refusal r) {
        return response(r.status(), Problems.title(r.status()), r.detail(), r.errors());
    }
}
