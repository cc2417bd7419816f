package io.dorastream.connector.rest;

import java.util.Map;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.dorastream.api.problem.Problems;
import io.dorastream.api.problem.Refusal;

/** An RFC 9457 problem document; {@code errors} names offending fields, {@code checks} a failed validation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, Map<String, String> errors, Object checks) {

    public static final String MEDIA_TYPE = Problems.MEDIA_TYPE;

    public static Response response(int status, String title, String detail, Map<String, String> errors, Object checks) {
        return Response.status(status).type(MEDIA_TYPE).entity(new Problem(Problems.type(title), title, status, detail, errors, checks))
                .build();
    }

    /** A refusal of the framework, titled by its status. */
    public static Response of(Refusal r) {
        return response(r.status(), Problems.title(r.status()), r.detail(), r.errors(), null);
    }
}
