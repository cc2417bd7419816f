package io.dorastream.gateway.rest;

import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.dorastream.api.problem.Refusal;
import io.dorastream.gateway.client.BackendUnavailableException;

/** Every error the gateway or the framework raises (unknown path, wrong method, unreadable JSON…) as an RFC 9457 problem. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        return Problem.of(Refusal.of(e.getResponse() == null ? 500 : e.getResponse().getStatus(), e.getCause()));
    }

    /** A body Jackson refused (malformed, wrong types, out of range): a 400 naming the field, never echoing its value. */
    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class })
    public Response unreadableJson(JsonProcessingException e) {
        return Problem.of(Refusal.of(e));
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
