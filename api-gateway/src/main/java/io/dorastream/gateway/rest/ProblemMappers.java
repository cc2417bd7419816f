package io.dorastream.gateway.rest;

import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.dorastream.gateway.client.BackendUnavailableException;

/** Every error the gateway or the framework raises (unknown path, wrong method, unreadable JSON…) as an RFC 9457 problem. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        return Problem.response(status, title, status == 400 ? "the request could not be read" : title, null);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return Problem.response(400, "Bad Request", "the body is not valid JSON", null);
    }

    @ServerExceptionMapper
    public Response invalidQuery(InvalidQueryException e) {
        return Problem.response(400, "Bad Request", e.getMessage(), e.errors().isEmpty() ? null : e.errors());
    }

    @ServerExceptionMapper
    public Response unknownConnection(UnknownConnectionException e) {
        return Problem.response(404, "Not Found", e.getMessage(), Map.of("id", "not a connection id"));
    }

    @ServerExceptionMapper
    public Response backendUnavailable(BackendUnavailableException e) {
        return Problem.response(503, "Service Unavailable", e.getMessage(), null);
    }
}
