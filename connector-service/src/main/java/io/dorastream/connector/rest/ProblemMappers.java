package io.dorastream.connector.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.dorastream.api.problem.HttpRefusals;
import io.dorastream.api.problem.JsonRefusal;
import io.dorastream.api.problem.Problems;
import io.vertx.ext.web.Router;

/**
 * Every refusal of the framework as an RFC 9457 problem: unknown path, wrong method or media type,
 * a body Jackson refused (named by field, its value never echoed), and the HTTP layer's own
 * ({@link HttpRefusals}).
 */
@ApplicationScoped
public class ProblemMappers {

    void install(@Observes Router router) {
        HttpRefusals.install(router, f -> false);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        String title = Problems.title(status);
        return Problem.response(status, title, status == 400 ? "the request could not be read" : title, null, null);
    }

    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class })
    public Response unreadableJson(JsonProcessingException e) {
        JsonRefusal r = JsonRefusal.of(e);
        return Problem.response(400, "Bad Request", r.detail(), r.errors(), null);
    }
}
