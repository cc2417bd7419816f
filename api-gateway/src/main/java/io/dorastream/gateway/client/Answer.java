package io.dorastream.gateway.client;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A backend's answer, read in full inside the guarded call; {@code retryAfter} is its
 * {@code Retry-After} header (e.g. Datadog's rate limit while validating keys), or null.
 */
public record Answer(int status, String contentType, String body, String retryAfter) {

    /** The same answer with another body. */
    public Answer withBody(String newBody) {
        return new Answer(status, contentType, newBody, retryAfter);
    }

    /** The answer as the gateway's own response: status, content type, body and Retry-After unchanged. */
    public Response toResponse() {
        Response.ResponseBuilder out = Response.status(status);
        if (body != null) {
            out.entity(body).type(contentType != null ? contentType : MediaType.APPLICATION_JSON);
        }
        if (retryAfter != null) {
            out.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return out.build();
    }

    static Answer of(Response r) {
        String body = r.hasEntity() ? r.readEntity(String.class) : null;
        return new Answer(r.getStatus(), r.getHeaderString(HttpHeaders.CONTENT_TYPE), body,
                r.getHeaderString(HttpHeaders.RETRY_AFTER));
    }
}
