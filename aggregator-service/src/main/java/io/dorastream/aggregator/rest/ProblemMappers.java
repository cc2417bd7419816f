package io.dorastream.aggregator.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.dorastream.aggregator.query.QueryConnections;
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

    /** A query PostgreSQL cancelled after {@code dorastream.metrics.statement-timeout}: the caller may narrow it or retry. */
    @ServerExceptionMapper
    public Response queryTimeout(QueryConnections.QueryTimeoutException e) {
        return Response.fromResponse(Problem.response(503, "Service Unavailable", "the query took longer than "
                + e.timeout().toMillis() + " ms and was stopped; narrow the window or the filters, or retry later", null, null))
                .header("Retry-After", "5").build();
    }

    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class })
    public Response unreadableJson(JsonProcessingException e) {
        return Problem.of(Refusal.of(e));
    }
}
