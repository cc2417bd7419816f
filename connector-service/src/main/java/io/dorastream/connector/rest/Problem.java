package io.dorastream.connector.rest;

import java.util.Map;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem document; {@code errors} names offending fields, {@code checks} a failed validation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, Map<String, String> errors, Object checks) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(int status, String title, String detail, Map<String, String> errors, Object checks) {
        String type = "https://dorastream.io/problems/" + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        return Response.status(status).type(MEDIA_TYPE).entity(new Problem(type, title, status, detail, errors, checks)).build();
    }
}
