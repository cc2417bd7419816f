package io.dorastream.connector.rest;

import java.util.Map;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.dorastream.api.problem.Problems;
import io.dorastream.api.problem.Refusal;

/**
 * An RFC 9457 problem document; {@code errors} names offending fields, {@code checks} a failed validation,
 * {@code connection} the existing connection a write would have duplicated (a 409).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, Map<String, String> errors, Object checks,
        ConnectionRef connection) {

    public static final String MEDIA_TYPE = Problems.MEDIA_TYPE;

    /** A connection named by a problem. */
    public record ConnectionRef(java.util.UUID id, String name) {
    }

    public static Response response(int status, String title, String detail, Map<String, String> errors, Object checks) {
        return Response.status(status).type(MEDIA_TYPE)
                .entity(new Problem(Problems.type(title), title, status, detail, errors, checks, null)).build();
    }

    /** 409: another connection, named, reads what the write would have made this one read. */
    public static Response duplicate(io.dorastream.connector.connection.DuplicateConnectionException e) {
        String title = "Conflict";
        return Response.status(409).type(MEDIA_TYPE).entity(new Problem(Problems.type(title), title, 409, e.getMessage(), null,
                null, new ConnectionRef(e.existingId(), e.existingName()))).build();
    }

    /** A refusal of the framework, titled by its status. */
    public static Response of(Refusal r) {
        return response(r.status(), Problems.title(r.status()), r.detail(), r.errors(), null);
    }
}
