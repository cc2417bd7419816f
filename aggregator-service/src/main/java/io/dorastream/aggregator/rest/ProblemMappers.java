package io.dorastream.aggregator.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.dorastream.api.problem.HttpRefusals;
import io.dorastream.api.problem.Refusal;
import io.vertx.ext.web.Router;

/**
 * Every refusal of the framework as an RFC 9457 problem ({@link Refusal}): unknown path, wrong method
 * or media type, a body Jackson refused (named by field, its value never echoed), and the HTTP
 * layer's own ({@link HttpRefusals}).
 */
@ApplicationScoped
public class ProblemMappers {

    void install(@Observes Router router) {
        HttpRefusals.install(router, f -> false);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        return Problem.of(Refusal.of(e.getResponse() == null ? 500 : e.getResponse().getStatus(), e.getCause()));
    }

    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class })
    public Response unreadableJson(JsonProcessingException e) {
        return Problem.of(Refusal.of(e));
    }
}
