package io.dorastream.gateway.client;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.dorastream.api.query.IdempotencyKey;

/**
 * A backend's answer, read in full inside the guarded call; {@code retryAfter} is its
 * {@code Retry-After} header (e.g. Datadog's rate limit while validating keys), or null; {@code replayed} its
 * {@code Idempotent-Replayed} header (a create answered from an earlier one with the same {@code Idempotency-Key}),
 * or null.
 */
public record Answer(int status, String contentType, String body, String retryAfter, String replayed) {

    public Answer(int status, String contentType, String body, String retryAfter) {
        this(status, contentType, body, retryAfter, null);
    }

    /** The same answer with another body. */
    public Answer withBody(String newBody) {
        return new Answer(status, contentType, newBody, retryAfter, replayed);
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
        if (replayed != null) {
            out.header(IdempotencyKey.REPLAYED_HEADER, replayed);
        }
        return out.build();
    }

    static Answer of(Response r) {
        String body = r.hasEntity() ? r.readEntity(String.class) : null;
        return new Answer(r.getStatus(), r.getHeaderString(HttpHeaders.CONTENT_TYPE), body,
                r.getHeaderString(HttpHeaders.RETRY_AFTER), r.getHeaderString(IdempotencyKey.REPLAYED_HEADER));
    }
}
